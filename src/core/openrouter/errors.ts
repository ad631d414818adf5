// Every way a request can fail, as a kind a person can act on. The client maps SDK and network
// errors to these; the views turn them into a title, a detail and buttons.
import type { ErrorAction, ErrorView } from '../../protocol/index';

export type FlashlightErrorKind =
  | 'noKey'
  | 'badKey'
  | 'noCredits'
  | 'moderation'
  | 'rateLimited'
  | 'providerDown'
  | 'badRequest'
  | 'modelNotFound'
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
    readonly details: { status?: number; retryAfterSeconds?: number; providerMessage?: string } = {},
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
  const flat = String(text ?? '')
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

const titles: Record<FlashlightErrorKind, string> = {
  noKey: 'No OpenRouter API key',
  badKey: 'OpenRouter did not accept the API key',
  noCredits: 'Not enough OpenRouter credits',
  moderation: 'The request was flagged by moderation',
  rateLimited: 'Rate limited by OpenRouter',
  providerDown: 'The model’s provider is unavailable',
  badRequest: 'OpenRouter rejected the request',
  modelNotFound: 'Model not found',
  timeout: 'The request timed out',
  stalled: 'The answer stalled',
  network: 'Cannot reach OpenRouter',
  midStream: 'The answer was interrupted',
  badResponse: 'Unexpected response from the server',
  truncated: 'The answer ended early',
  tooLarge: 'Too much to send',
  emptyInput: 'Nothing to send',
  unknown: 'Something went wrong',
};

const actions: Partial<Record<FlashlightErrorKind, ErrorAction[]>> = {
  noKey: ['setApiKey'],
  badKey: ['setApiKey'],
  noCredits: ['addCredits', 'chooseModel'],
  rateLimited: ['retry', 'chooseModel', 'addCredits'],
  providerDown: ['retry', 'chooseModel'],
  modelNotFound: ['chooseModel', 'openSettings'],
  timeout: ['retry'],
  stalled: ['retry'],
  network: ['retry', 'openSettings'],
  midStream: ['retry'],
  badResponse: ['retry', 'openSettings'],
  truncated: ['retry'],
  unknown: ['retry'],
};

export function toErrorView(error: FlashlightError): ErrorView {
  return {
    kind: error.kind,
    title: titles[error.kind],
    detail: redactSecrets(error.message),
    actions: actions[error.kind] ?? [],
  };
}
