// The moments a request is likely, each a hint to warm OpenRouter's connection (issue 18): a
// selection made in an editor (once it settles: VS Code also asks for the lightbulb's code
// actions then), and the chat's page ready or its focus key. The network decides whether a hint
// does anything (once per idle period, keptAliveFetch.ts); these only say when.
import * as vscode from 'vscode';
import type { WebviewToExtension } from '../../protocol';

/** A selection held this long is one the person made, not one passing by while dragging or typing. */
const selectionSettleMs = 300;

export interface WarmingDeps {
  /** Warms the connection to the API the next request goes to. */
  warm(): void;
  /** The chat view's messages (its `ready` is a hint). */
  onChatMessage: vscode.Event<WebviewToExtension>;
}

export function registerWarming(deps: WarmingDeps): vscode.Disposable[] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return [
    vscode.window.onDidChangeTextEditorSelection((event) => {
      clearTimeout(timer);
      if (event.selections.every((selection) => selection.isEmpty)) return;
      if (event.textEditor.document.uri.scheme === 'output') return;
      timer = setTimeout(deps.warm, selectionSettleMs);
    }),
    deps.onChatMessage((message) => {
      if (message.type === 'ready') deps.warm();
    }),
    { dispose: () => clearTimeout(timer) },
  ];
}
