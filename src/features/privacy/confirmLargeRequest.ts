// The question before a large request leaves (flashlight.confirmAboveTokens), asked by the client
// just before sending (its one outgoing boundary: every request, each tool round included). A
// modal that cannot be shown, or is dismissed, sends nothing.
import * as vscode from 'vscode';
import { FlashlightError } from '../../core/openrouter/errors';
import type { ChatRequest } from '../../core/openrouter/types';
import { messageTokens } from '../../core/prompts/budget';
import { declinedMessage, largeRequestQuestion, needsConfirmation } from '../../core/privacy/largeRequest';

export interface LargeRequestDeps {
  /** `flashlight.confirmAboveTokens` from the user's settings; 0 never asks. */
  threshold(): number;
  /** USD per prompt token of `model`, from the cached model list. */
  promptPrice(model: string): number | undefined;
}

export function confirmLargeRequests(deps: LargeRequestDeps): (request: ChatRequest) => Promise<FlashlightError | undefined> {
  return async (request) => {
    const tokens = messageTokens(request.messages);
    if (!needsConfirmation(tokens, deps.threshold())) return undefined;
    const question = largeRequestQuestion({ model: request.model, tokens, promptPricePerToken: deps.promptPrice(request.model) });
    let picked: string | undefined;
    try {
      picked = await vscode.window.showWarningMessage(question, { modal: true }, 'Send');
    } catch {
      picked = undefined; // no modal can be shown here: nothing is sent
    }
    return picked === 'Send' ? undefined : new FlashlightError('tooLarge', declinedMessage(tokens));
  };
}
