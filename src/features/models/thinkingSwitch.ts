// The chat composer's thinking switch, on the extension's side: the chat page is told the current
// level and whether the chosen model takes `reasoning` when it says `ready` and whenever the level
// or the model (or the cached model list) changes; a level picked there is written to the user's settings the same way the
// "Set Thinking Level" pick writes it. The message itself was checked by the view (webviewMessages.ts).
import * as vscode from 'vscode';
import { reasoningParameter, type ReasoningEffort } from '../../core/openrouter/reasoning';
import type { ExtensionToWebview, WebviewToExtension } from '../../protocol';
import { writeThinkingLevel } from './thinkingLevel';

export interface ThinkingSwitchDeps {
  /** The chat view's checked messages and its post. */
  view: { onDidReceiveMessage: vscode.Event<WebviewToExtension>; post(message: ExtensionToWebview): unknown };
  /** The request's settings with the cached model list's facts (features/models/withModelFacts.ts). */
  settings: () => { reasoningEffort: ReasoningEffort; modelParameters: readonly string[] | undefined };
  /** The cached model list changed (loaded, refreshed): whether the model takes reasoning may have too. */
  onDidChangeModels(listener: () => void): vscode.Disposable;
}

/** What the switch shows: the level, and whether a level would be sent at all (the request's own check). */
export function thinkingLevelMessage(settings: ReturnType<ThinkingSwitchDeps['settings']>): Extract<ExtensionToWebview, { type: 'thinkingLevel' }> {
  return { type: 'thinkingLevel', level: settings.reasoningEffort, takesReasoning: reasoningParameter('minimal', settings.modelParameters) !== undefined };
}

export function registerThinkingSwitch(deps: ThinkingSwitchDeps): vscode.Disposable[] {
  const tell = () => void deps.view.post(thinkingLevelMessage(deps.settings()));
  return [
    deps.view.onDidReceiveMessage((message) => {
      if (message.type === 'ready') tell();
      else if (message.type === 'setThinkingLevel') void writeThinkingLevel(message.level);
    }),
    deps.onDidChangeModels(tell),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('flashlight.reasoningEffort') || event.affectsConfiguration('flashlight.model')) tell();
    }),
  ];
}
