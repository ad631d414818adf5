// Which Flashlight settings a workspace (its `.vscode/settings.json`, a folder's, or a
// `.code-workspace` file) may decide, and when. Pure (no `vscode`): the glue passes what
// `WorkspaceConfiguration.inspect()` reports.
//
// - `baseUrl` and `debugLogging` decide where the key goes and what is logged: only the user's (or
//   machine's) settings count; a workspace value is ignored, even on a host that does not enforce
//   the manifest's `application` scope.
// - `model`, `fallbackModels` and `maxTokens` decide what a request costs: a workspace value is
//   used only once the user said yes to it for this workspace. A team may really want a model per
//   repository; a stranger's repository may not pick an expensive one silently.

/** What `inspect()` reports for one setting (the fields read here). */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export const userOnlyKeys = ['baseUrl', 'debugLogging'] as const;
export const confirmedKeys = ['model', 'fallbackModels', 'maxTokens'] as const;
export type ConfirmedKey = (typeof confirmedKeys)[number];

/** The user's own value: user (or machine) settings, else the default. Never a workspace's. */
export function userValue<T>(inspected: Inspected<T> | undefined): T | undefined {
  return inspected?.globalValue !== undefined ? inspected.globalValue : inspected?.defaultValue;
}

/** What the workspace sets, the innermost (folder) first; undefined when it sets nothing. */
export function workspaceValue<T>(inspected: Inspected<T> | undefined): T | undefined {
  return inspected?.workspaceFolderValue !== undefined ? inspected.workspaceFolderValue : inspected?.workspaceValue;
}

/** The workspace's values for the cost settings, where they differ from the user's; undefined when none do. */
export type WorkspaceChoice = Partial<Record<ConfirmedKey, unknown>>;

export function workspaceChoice(inspect: (key: ConfirmedKey) => Inspected<unknown> | undefined): WorkspaceChoice | undefined {
  const choice: WorkspaceChoice = {};
  for (const key of confirmedKeys) {
    const inspected = inspect(key);
    const theirs = workspaceValue(inspected);
    if (theirs !== undefined && JSON.stringify(theirs) !== JSON.stringify(userValue(inspected))) choice[key] = theirs;
  }
  return Object.keys(choice).length ? choice : undefined;
}

/** Identifies a choice: a yes to one model is not a yes to the next one the workspace names. */
export function choiceFingerprint(choice: WorkspaceChoice): string {
  return JSON.stringify(confirmedKeys.filter((key) => key in choice).map((key) => [key, choice[key]]));
}

/** What the user answered, kept in workspaceState. */
export interface ChoiceDecision {
  fingerprint: string;
  answer: 'accepted' | 'declined';
}

export function isAccepted(choice: WorkspaceChoice | undefined, decision: ChoiceDecision | undefined): boolean {
  return !!choice && decision?.answer === 'accepted' && decision.fingerprint === choiceFingerprint(choice);
}

export function needsAnswer(choice: WorkspaceChoice | undefined, decision: ChoiceDecision | undefined): boolean {
  return !!choice && decision?.fingerprint !== choiceFingerprint(choice);
}

/** The question, with the price of the workspace's model (from the cached list, or "price unknown"). */
export function choiceQuestion(choice: WorkspaceChoice, priceOf: (modelId: string) => string | undefined): string {
  const parts: string[] = [];
  if (typeof choice.model === 'string') {
    parts.push(`the model “${printable(choice.model)}” (${priceOf(choice.model) ?? 'price unknown'})`);
  }
  if (Array.isArray(choice.fallbackModels)) {
    const ids = choice.fallbackModels.filter((id): id is string => typeof id === 'string');
    parts.push(ids.length ? `fallback models ${ids.map((id) => `“${printable(id)}” (${priceOf(id) ?? 'price unknown'})`).join(', ')}` : 'no fallback models');
  }
  if (choice.maxTokens !== undefined) parts.push(`at most ${Number(choice.maxTokens) > 0 ? Number(choice.maxTokens) : 'unlimited'} tokens an answer`);
  return `This workspace’s settings ask Flashlight to use ${parts.join(', ')}. Use them here? Until you say yes, your own settings are used.`;
}

/** A notice that the workspace tried to set a user-only setting; undefined when it did not. */
export function ignoredNotice(keys: readonly string[]): string | undefined {
  if (!keys.length) return undefined;
  const names = keys.map((key) => `“flashlight.${key}”`).join(' and ');
  return `Flashlight ignores ${names} from this workspace’s settings: ${keys.length > 1 ? 'they are' : 'it is'} read from your user settings only, so a repository cannot send your key elsewhere or turn on logging of your code.`;
}

/** Ids from a workspace are shown, not trusted: control characters out, length capped. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
}

/**
 * The user-only settings a workspace settings file (JSON with comments) names. VS Code leaves an
 * `application`-scoped value out of `inspect()`'s workspace fields, so the file itself is read to
 * tell the user it was ignored. `.code-workspace` files keep them under "settings".
 */
export function userOnlyKeysIn(text: string, { workspaceFile = false } = {}): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(text));
  } catch {
    // Unparseable: VS Code cannot read it either, but say what it seems to try.
    return userOnlyKeys.filter((key) => new RegExp(`"flashlight\\.${key}"\\s*:`).test(text));
  }
  const root = workspaceFile ? (parsed as { settings?: unknown } | null)?.settings : parsed;
  if (!root || typeof root !== 'object') return [];
  const settings = root as Record<string, unknown>;
  const nested = settings.flashlight && typeof settings.flashlight === 'object' ? (settings.flashlight as Record<string, unknown>) : {};
  return userOnlyKeys.filter((key) => `flashlight.${key}` in settings || key in nested);
}

/** JSON with comments and trailing commas (VS Code's settings format) to plain JSON. */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
      out += ' ';
    } else out += char;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
