// Runs an edit request with a progress notification the user can cancel, and collects the reply.
// Edits are not shown in the answer panel: what the user gets is a diff, once the reply is in.
import * as vscode from 'vscode';
import { promptForApiKey } from '../commands/apiKeyCommands';
import { FlashlightError, toErrorView } from '../openrouter/errors';
import { mapThrown } from '../openrouter/errorMapping';
import { streamWithRetry } from '../openrouter/retry';
import type { ChatMessage } from '../openrouter/types';
import type { ErrorAction } from '../protocol';
import { assertFits, defaultContextLength } from '../prompts/budget';
import { apiKeyFor } from '../secrets/apiKeyAccess';
import type { Services } from '../services';

export interface SuggestionReply {
  text: string;
  finishReason?: string;
}

export type StreamOutcome = { kind: 'done'; reply: SuggestionReply } | { kind: 'cancelled' } | { kind: 'failed'; error: FlashlightError };

/** Refuses input too big for the model's window before a byte is sent; says why. */
export function fitsOrSay(services: Services, messages: ChatMessage[]): boolean {
  const settings = services.settings();
  try {
    assertFits(messages, settings.contextLength ?? defaultContextLength, settings.maxTokens ?? 8_192);
    return true;
  } catch (error) {
    void vscode.window.showWarningMessage(`Flashlight: ${(error as FlashlightError).message}`);
    return false;
  }
}

/** The key for the configured origin, or the one the user pastes now; undefined when they decline. */
export async function apiKeyOrAsk(services: Services): Promise<string | undefined> {
  return apiKeyFor(services, services.settings());
}

const progressEveryMs = 120;

export async function streamSuggestion(
  services: Services,
  options: { title: string; messages: ChatMessage[]; apiKey: string; logLabel: string },
): Promise<StreamOutcome> {
  const settings = services.settings();
  const request = {
    model: settings.model,
    fallbackModels: settings.fallbackModels,
    messages: options.messages,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
  };
  const requestId = services.nextRequestId();
  services.log.info(`request ${requestId}: ${options.logLabel}, model=${request.model}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true },
    async (progress, token): Promise<StreamOutcome> => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      progress.report({ message: 'waiting for the model…' });
      let text = '';
      let reasoning = false;
      let lastReport = 0;
      try {
        // The same retry as Explain and the chat: one more try after a 429 (its wait counted down
        // here, in the notification, and Cancel still works) or a provider's 502/503.
        const onStatus = (message: string) => progress.report({ message });
        const retry = { onStatus, log: (line: string) => services.log.info(line), label: `request ${requestId}` };
        for await (const event of streamWithRetry(services.client, services.clientConfig(settings, options.apiKey), request, abort.signal, retry)) {
          if (event.type === 'end') {
            services.log.info(
              `request ${requestId} done: model=${event.stats.model ?? '?'} ttft=${Math.round(event.stats.timeToFirstTokenMs ?? 0)}ms total=${Math.round(event.stats.totalMs)}ms finish=${event.stats.finishReason ?? '?'}`,
            );
            return { kind: 'done', reply: { text, finishReason: event.stats.finishReason } };
          }
          if (event.type === 'reasoning') reasoning = true;
          else text += event.text;
          const now = performance.now();
          if (now - lastReport >= progressEveryMs) {
            lastReport = now;
            const lines = text ? text.split('\n').length : 0;
            progress.report({ message: lines > 0 ? `receiving… ${lines} line${lines === 1 ? '' : 's'}` : reasoning ? 'thinking…' : 'waiting for the model…' });
          }
        }
        services.log.info(`request ${requestId} cancelled`);
        return { kind: 'cancelled' };
      } catch (error) {
        const failure = error instanceof FlashlightError ? error : mapThrown(error);
        services.log.info(`request ${requestId} failed: ${failure.kind}${failure.details.status ? ` status=${failure.details.status}` : ''}`);
        return { kind: 'failed', error: failure };
      } finally {
        cancel.dispose();
      }
    },
  );
}

const actionLabels: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  retry: 'Retry',
  openSettings: 'Open Settings',
  addCredits: 'Add Credits',
  chooseModel: 'Choose Model',
};

/** Shows a failure with the buttons that act on it; `retry` runs the action again. */
export async function showFailure(services: Services, error: FlashlightError, retry: () => unknown): Promise<void> {
  const view = toErrorView(error);
  const buttons = view.actions.map((action) => actionLabels[action]);
  const picked = await vscode.window.showErrorMessage(`Flashlight: ${view.title}. ${view.detail}`, ...buttons);
  const action = view.actions.find((candidate) => actionLabels[candidate] === picked);
  switch (action) {
    case 'setApiKey':
      if (await promptForApiKey(services)) await retry();
      break;
    case 'retry':
      await retry();
      break;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight');
      break;
    case 'chooseModel':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.model');
      break;
    case 'addCredits':
      await vscode.env.openExternal(vscode.Uri.parse('https://openrouter.ai/settings/credits'));
      break;
    default:
      break;
  }
}
