// The extension's long-lived parts, created once on activation and passed to the commands.
import * as vscode from 'vscode';
import { readDebugLogging, readSettings, type FlashlightSettings } from './config';
import { ShrinkRequests } from './images/shrinkRequests';
import { OpenRouterClient } from './openrouter/client';
import { OpenRouterNetwork } from './openrouter/network';
import type { ClientConfig } from './openrouter/types';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { AnswerPanel } from './views/answerPanel';

export const appUrl = 'https://github.com/flashlight-dev/flashlight';
export const appTitle = 'Flashlight';

export class Services implements vscode.Disposable {
  /** Every OpenRouter request goes through it: VS Code's own fetch (its proxy settings), checked answers, a log line each. */
  readonly network = new OpenRouterNetwork({ debugLogging: readDebugLogging, log: (line) => this.log.info(line) });
  readonly client = new OpenRouterClient(this.network.fetch);
  readonly keys: ApiKeyStore;
  readonly log: vscode.LogOutputChannel;
  readonly panel: AnswerPanel;
  /** Images sent to a webview (panel or chat) to decode and shrink, awaiting the answer. */
  readonly shrinks = new ShrinkRequests();
  private lastRequestId = 0;
  /** Set once the chat is registered: where answers go when `flashlight.answerDestination` is "chat". */
  chat: { ask(text: string, contexts: import('./protocol').ContextChip[], images?: import('./protocol').ImageChip[]): Promise<void>; reveal(): Promise<void> } | undefined;

  constructor(readonly context: vscode.ExtensionContext, errorAction: (action: import('./protocol').ErrorAction) => void) {
    this.keys = new ApiKeyStore(context.secrets, context.globalState);
    this.log = vscode.window.createOutputChannel('Flashlight', { log: true });
    this.panel = new AnswerPanel(context.extensionUri, { errorAction, shrunkImage: (message) => this.shrinks.settle(message) });
  }

  nextRequestId(): number {
    return ++this.lastRequestId;
  }

  clientConfig(settings: FlashlightSettings, apiKey: string): ClientConfig {
    return { baseUrl: settings.baseUrl, apiKey, stallTimeoutMs: settings.stallTimeoutMs, appUrl, appTitle };
  }

  settings(): FlashlightSettings {
    return readSettings();
  }

  dispose(): void {
    this.panel.dispose();
    this.network.dispose();
    this.log.dispose();
  }
}
