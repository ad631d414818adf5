// Runs an edit request with a progress notification the user can cancel, and collects the reply.
// Edits are not shown in the answer panel: what the user gets is a diff, once the reply is in.
import * as vscode from 'vscode';
import { errorActionLabels, type ErrorActions } from '../errorActions/errorActions';
import type { Log } from '../../core/log';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import { FlashlightError } from '../../core/openrouter/errors';
import { toErrorView } from '../../core/answers/errorView';
import { mapThrown } from '../../core/openrouter/errorMapping';
import { streamWithRetry } from '../../core/openrouter/retry';
import type { ChatMessage } from '../../core/openrouter/types';
import { requestFrom, tooLargeFor, type RequestSettings } from '../../core/prompts/request';
import type { InlineEditEnd, InlineEditJob } from '../inlineEdit/inlineEditJob';
import type { GatherContext } from '../../host/grounding/gatherContext';

/** What the code actions need: the connection, the settings, the log, and the one error dispatcher. */
export interface SuggestionDeps {
  access: OpenRouterAccess;
  settings(): RequestSettings;
  errorActions: ErrorActions;
  log: Log;
  nextRequestId(): number;
  /** The definitions and surroundings of the code, from the language servers (flashlight.context). */
  gatherContext?: GatherContext;
  /** The inline diff (Flashlight: Edit…'s): used by Fix, Document and Simplify unless `diffStyle` is `sideBySide`. */
  inline?: InlineDiffPort;
}

/** What the code actions need of the inline diff. */
export interface InlineDiffPort {
  enabled(): boolean;
  start(job: InlineEditJob): Promise<InlineEditEnd>;
}

export interface SuggestionReply {
  text: string;
  finishReason?: string;
}

export type StreamOutcome = { kind: 'done'; reply: SuggestionReply } | { kind: 'cancelled' } | { kind: 'failed'; error: FlashlightError };

/** Refuses input too big for the model's window before a byte is sent; says why. */
export function fitsOrSay(deps: SuggestionDeps, messages: ChatMessage[]): boolean {
  const tooLarge = tooLargeFor(deps.settings(), messages);
  if (tooLarge) void vscode.window.showWarningMessage(`Flashlight: ${tooLarge.message}`);
  return !tooLarge;
}

const progressEveryMs = 120;

export async function streamSuggestion(deps: SuggestionDeps, options: { title: string; messages: ChatMessage[]; logLabel: string }): Promise<StreamOutcome> {
  const request = requestFrom(deps.settings(), options.messages);
  const config = await deps.access.connect();
  // No key: the user declined to give one, or was told why none can be sent. Nothing more to say.
  if (!config.apiKey) return { kind: 'cancelled' };
  const requestId = deps.nextRequestId();
  deps.log.info(`request ${requestId}: ${options.logLabel}, model=${request.model}`);
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
        const retry = { onStatus, log: (line: string) => deps.log.info(line), label: `request ${requestId}` };
        for await (const event of streamWithRetry(deps.access.client, config, request, abort.signal, retry)) {
          if (event.type === 'end') {
            deps.log.info(
              `request ${requestId} done: model=${event.stats.model ?? '?'} ttft=${Math.round(event.stats.timeToFirstTokenMs ?? 0)}ms total=${Math.round(event.stats.totalMs)}ms finish=${event.stats.finishReason ?? '?'}`,
            );
            return { kind: 'done', reply: { text, finishReason: event.stats.finishReason } };
          }
          if (event.type === 'reasoning') reasoning = true;
          else if (event.type === 'content') text += event.text;
          const now = performance.now();
          if (now - lastReport >= progressEveryMs) {
            lastReport = now;
            const lines = text ? text.split('\n').length : 0;
            progress.report({ message: lines > 0 ? `receiving… ${lines} line${lines === 1 ? '' : 's'}` : reasoning ? 'thinking…' : 'waiting for the model…' });
          }
        }
        deps.log.info(`request ${requestId} cancelled`);
        return { kind: 'cancelled' };
      } catch (error) {
        const failure = error instanceof FlashlightError ? error : mapThrown(error);
        deps.log.info(`request ${requestId} failed: ${failure.kind}${failure.details.status ? ` status=${failure.details.status}` : ''}`);
        return { kind: 'failed', error: failure };
      } finally {
        cancel.dispose();
      }
    },
  );
}

/** Shows a failure with the buttons that act on it, through the one error dispatcher; `retry` runs the action again. */
export async function showFailure(deps: SuggestionDeps, error: FlashlightError, retry: () => unknown): Promise<void> {
  const view = toErrorView(error);
  const picked = await vscode.window.showErrorMessage(`Flashlight: ${view.title}. ${view.detail}`, ...view.actions.map((action) => errorActionLabels[action]));
  const action = view.actions.find((candidate) => errorActionLabels[candidate] === picked);
  if (action) await deps.errorActions.run(action, retry);
}
