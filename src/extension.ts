// Activation wires the services and registers the contributions; the logic lives elsewhere.
// Nothing slow is awaited here: the model list and the webview load when first needed, the key
// and the SDK a second after activation (warmUp.ts) or by the first request, whichever is first.
import * as vscode from 'vscode';
import type { FlashlightApi } from './api';
import { registerChat } from './chat/registerChat';
import { registerCodeActions } from './codeActions/register';
import { clearApiKey, promptForApiKey } from './commands/apiKeyCommands';
import { explainSelection } from './commands/explainSelection';
import { registerImages } from './images/registerImages';
import { retryLastRun } from './commands/runInPanel';
import { registerOpenRouterFeatures } from './openrouterFeatures';
import type { ErrorAction } from './protocol';
import { Services } from './services';
import { openaiSdk } from './openrouter/openaiSdk';
import { testHooksFor } from './testHooks';
import { scheduleWarmUp } from './warmUp';

export function activate(context: vscode.ExtensionContext): FlashlightApi | undefined {
  const services: Services = new Services(context, (action) => runErrorAction(services, action));
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  context.subscriptions.push(services);
  register('flashlight.explainSelection', () => explainSelection(services));
  register('flashlight.setApiKey', () => promptForApiKey(services));
  register('flashlight.clearApiKey', () => clearApiKey(services));
  register('flashlight.stop', () => services.panel.cancel());
  const { catalog } = registerOpenRouterFeatures(context, services);
  register('flashlight.runErrorAction', (action) => runErrorAction(services, action as ErrorAction));
  const proposals = registerCodeActions(context, services);
  const chat = registerChat(context, services, proposals);
  services.chat = { ask: (text, contexts, images) => chat.controller.ask(text, contexts, images), reveal: () => chat.view.reveal() };
  registerImages(context, services, chat, catalog);
  // A second after activation (itself after startup): the key and the SDK, ready for the first Explain.
  context.subscriptions.push(scheduleWarmUp([() => services.keys.get(), () => openaiSdk()], 1000));
  // Test hooks only under the extension's own tests: every other extension can read what this returns.
  return testHooksFor<FlashlightApi>(context.extensionMode, vscode.ExtensionMode.Test, () => ({
    panelAnswer: () => services.panel.current,
    isPanelOpen: () => services.panel.isOpen,
    chat: () => chat.controller.current,
    chatBusy: () => chat.controller.busy,
    activeStreams: () => services.client.activeStreams,
    chatPending: () => chat.controller.pendingContextChips,
    postFromChat: (message) => chat.view.receive(message),
    postFromPanel: (message) => services.panel.receive(message),
    onPanelPost: services.panel.onDidPost,
  }));
}

function runErrorAction(services: Services, action: ErrorAction): void {
  switch (action) {
    case 'setApiKey':
      void promptForApiKey(services).then((key) => (key ? retryLastRun(services) : undefined));
      break;
    case 'retry':
      void retryLastRun(services);
      break;
    case 'openSettings':
      void vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight');
      break;
    case 'addCredits':
      void vscode.env.openExternal(vscode.Uri.parse('https://openrouter.ai/settings/credits'));
      break;
    case 'chooseModel':
      void vscode.commands.executeCommand('flashlight.chooseModel');
      break;
  }
}

export function deactivate(): void {}
