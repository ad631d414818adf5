// OpenRouter's side of the product, registered in one call: the model picker and its status bar
// item, the key status command. The model list is only fetched when the picker opens (and then at
// most once a day), never at startup.
import * as vscode from 'vscode';
import { chooseModel } from './commands/chooseModel';
import { showKeyStatus } from './commands/keyStatus';
import { ModelCatalog } from './openrouter/models';
import type { Services } from './services';
import { WorkspaceSettingsGuard } from './settings/workspaceSettingsGuard';
import { ModelStatusBar } from './views/statusBar';

export function registerOpenRouterFeatures(context: vscode.ExtensionContext, services: Services): { catalog: ModelCatalog } {
  const catalog = new ModelCatalog({ store: context.globalState, fetch: services.network.fetch, baseUrl: () => services.settings().baseUrl });
  context.subscriptions.push(
    new WorkspaceSettingsGuard(context.workspaceState, catalog, (line) => services.log.info(line)),
    new ModelStatusBar(catalog),
    vscode.commands.registerCommand('flashlight.chooseModel', () => chooseModel(catalog, (line) => services.log.info(line))),
    vscode.commands.registerCommand('flashlight.showKeyStatus', () => showKeyStatus(services)),
  );
  return { catalog };
}
