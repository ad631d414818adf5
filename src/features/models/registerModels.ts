// OpenRouter's side of the product: the model picker and its status bar item. The model list is
// fetched only when the picker opens (then at most once a day), never at startup.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../../core/openrouter/models';
import { ModelStatusBar } from '../../host/views/statusBar';
import { chooseModel } from './chooseModel';

export function registerModels(catalog: ModelCatalog, log: (line: string) => void): vscode.Disposable[] {
  return [new ModelStatusBar(catalog), vscode.commands.registerCommand('flashlight.chooseModel', () => chooseModel(catalog, log))];
}
