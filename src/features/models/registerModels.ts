// OpenRouter's side of the product: the model picker and its status bar item. The model list is
// fetched only when the picker opens (then at most once a day), never at startup.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../../core/openrouter/models';
import type { FlashlightSettings } from '../../host/settings/settings';
import { ModelStatusBar } from '../../host/views/statusBar';
import { setThinkingLevel } from './thinkingLevel';

export interface ModelsDeps {
  catalog: ModelCatalog;
  settings(): FlashlightSettings;
  /** What settings() returns changed without a configuration event (a workspace's model accepted). */
  onDidChangeSettings: vscode.Event<void>;
  chooseModel(): Promise<string | undefined>;
  /** The daily budget's line, shown in the status bar tooltip. */
  budget?: { describe(): string; onDidChange: vscode.Event<void> };
}

export function registerModels(deps: ModelsDeps): vscode.Disposable[] {
  return [
    new ModelStatusBar(deps.catalog, deps.settings, deps.onDidChangeSettings, deps.budget),
    vscode.commands.registerCommand('flashlight.chooseModel', () => deps.chooseModel()),
    vscode.commands.registerCommand('flashlight.setThinkingLevel', () => setThinkingLevel()),
  ];
}
