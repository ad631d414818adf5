// Code as the model sees it: fenced with its language, labelled with file and lines. Pure, no `vscode`.

export interface CodeContext {
  code: string;
  languageId: string;
  fileName?: string; // workspace-relative
  startLine?: number; // 1-based
  endLine?: number;
}

/** A fence longer than any backtick run inside the code, so code that holds ``` stays intact. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`{3,}/g), (match) => match[0].length));
  return '`'.repeat(longest + 1);
}

export function describeLocation(context: CodeContext): string {
  const lines =
    context.startLine === undefined
      ? ''
      : context.endLine !== undefined && context.endLine !== context.startLine
        ? ` lines ${context.startLine}–${context.endLine}`
        : ` line ${context.startLine}`;
  return `${context.fileName ?? 'untitled'}${lines}`;
}

export function fencedCode(context: CodeContext): string {
  const fence = fenceFor(context.code);
  return `${fence}${context.languageId}\n${context.code}\n${fence}`;
}

/** A NUL character does not occur in text files: such input is a binary file and is never sent. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

export const binaryRefusal = 'Flashlight: this looks like a binary file, so nothing was sent.';
