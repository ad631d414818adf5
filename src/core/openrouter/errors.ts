// Every way a request can fail, as a kind a person can act on. The client maps SDK and network
// errors to these; the views turn them into a title, a detail and buttons (answers/errorView.ts).
// The client knows nothing of the UI: no protocol here.

export type FlashlightErrorKind =
  | 'noKey'
  | 'badKey'
  | 'noCredits'
  | 'moderation'
  | 'rateLimited'
  | 'providerDown'
  | 'privacyUnavailable'
  | 'overBudget'
  | 'badRequest'
  | 'modelNotFound'
  | 'modelRetired'
  | 'timeout'
  | 'stalled'
  | 'network'
  | 'midStream'
  | 'badResponse'
  | 'truncated'
  | 'tooLarge'
  | 'emptyInput'
  | 'unknown';

export class FlashlightError extends Error {
  constructor(
    readonly kind: FlashlightErrorKind,
    message: string,
    readonly details: {
      status?: number;
      retryAfterSeconds?: number;
      providerMessage?: string;
      /** The model that was answering when a stream broke off (its chunks' `model`): Continue asks the next one. */
      model?: string;
    } = {},
  ) {
    super(redactSecrets(message));
    this.name = 'FlashlightError';
  }
}

/** OpenRouter keys look like `sk-or-v1-<hex>`; never let one reach a message, a log or a view. */
export function redactSecrets(text: string): string {
  return text.replace(/sk-or-[A-Za-z0-9_-]{4,}/g, 'sk-or-…').replace(/Bearer\s+\S+/gi, 'Bearer …');
}

/** The most of a server's own words a message repeats. */
export const serverTextLimit = 200;

/**
 * A server's own words (an error body's message, a moderation reason, a key's label) made safe to
 * show: one line of plain text, control and direction-changing characters out, at most
 * `serverTextLimit` characters, and link syntax broken up so a notification cannot turn
 * `[Sign in again](https://…)` into a link. Callers quote and attribute it ("OpenRouter said: “…”"):
 * a hostile host gets to say something, never to look like Flashlight.
 */
export function plainServerText(text: unknown): string {
  const flat = (typeof text === 'string' ? text : text === undefined || text === null ? '' : JSON.stringify(text))
    // eslint-disable-next-line no-control-regex -- control characters are what is being removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > serverTextLimit ? `${flat.slice(0, serverTextLimit - 1).trimEnd()}…` : flat;
  // VS Code's notifications make `[label](target)` a link; a space between the parts keeps it text.
  return cut.replace(/\]\s*\(/g, '] (').replace(/[“”]/g, '"');
}

/** ` OpenRouter said: “…”` after a message, or nothing when the server said nothing. */
export function serverSaid(text: unknown): string {
  const plain = plainServerText(text);
  return plain ? ` OpenRouter said: “${plain}”` : '';
}
