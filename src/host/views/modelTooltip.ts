// The status bar's tooltip, as markdown. Model ids may come from a workspace's settings, so they are
// put in code spans that no id can close (a fence longer than any backtick run in it), on one line,
// and the model list's description goes in as escaped text. Pure (no `vscode`): unit-tested.

/** A code span holding `text` literally: markdown inside it (links, emphasis, HTML) stays text. */
export function codeSpan(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 200);
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence.
  return `${fence} ${line} ${fence}`;
}

/** Plain text as markdown that renders as that text (every markdown punctuation mark escaped). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$&:]/g, '\\$&').replace(/\n/g, '  \n');
}

export function modelTooltipMarkdown(model: string, fallbackModels: string[], description: string | undefined): string {
  const parts = [`**Flashlight model:** ${codeSpan(model)}`];
  if (description) parts.push(escapeMarkdown(description));
  if (fallbackModels.length) parts.push(`Fallbacks: ${fallbackModels.map(codeSpan).join(', ')}`);
  parts.push('Click to choose another model.');
  return parts.join('\n\n');
}
