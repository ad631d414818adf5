// A failure as the views show it: a title, the detail (secrets redacted) and the buttons a person
// can act on, from the error's kind.
import type { ErrorAction, ErrorView } from '../../protocol';
import { redactSecrets, type FlashlightError, type FlashlightErrorKind } from '../openrouter/errors';

const titles: Record<FlashlightErrorKind, string> = {
  noKey: 'No OpenRouter API key',
  badKey: 'OpenRouter did not accept the API key',
  noCredits: 'Not enough OpenRouter credits',
  moderation: 'The request was flagged by moderation',
  rateLimited: 'Rate limited by OpenRouter',
  providerDown: 'The model’s provider is unavailable',
  privacyUnavailable: 'No provider meets your privacy setting',
  overBudget: 'Today’s budget is spent',
  badRequest: 'OpenRouter rejected the request',
  modelNotFound: 'Model not found',
  modelRetired: 'The model has retired',
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
  privacyUnavailable: ['relaxPrivacy', 'chooseModel', 'openSettings'],
  overBudget: ['raiseBudget', 'openSettings'],
  modelNotFound: ['chooseModel', 'openSettings'],
  modelRetired: ['switchToLatest', 'chooseModel'],
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
