// The sidebar chat: a WebviewView with the same bundle and protocol as the answer panel. It keeps
// no state of its own (no retainContextWhenHidden): whenever the webview is (re)created it says
// `ready` and the controller repaints it from the conversation the extension owns.
import * as vscode from 'vscode';
import type { ChatController } from '../chat/chatController';
import type { AnswerRef, ExtensionToWebview, WebviewToExtension } from '../protocol';
import { webviewHtml } from './webviewHtml';
import { handleWebviewMessage, isWebviewMessage, type WebviewActions } from './webviewMessages';

export const chatViewId = 'flashlight.chat';

export interface ChatViewActions extends WebviewActions {
  attachContext(kind: 'selection' | 'file'): void;
  attachImage(): void;
  pasteImage(name: string, mimeType: string, base64: string): void;
}

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private controller: ChatController | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ChatViewActions,
  ) {}

  attach(controller: ChatController): void {
    this.controller = controller;
  }

  get isVisible(): boolean {
    return !!this.view?.visible;
  }

  /** True once the webview said `ready`: messages posted now arrive. */
  get isReady(): boolean {
    return !!this.view && this.ready;
  }

  /** Posts while the view is ready; the promise settles once VS Code has handed it on (deltaBatcher.ts). */
  post(message: ExtensionToWebview): Thenable<boolean> | undefined {
    return this.view && this.ready ? this.view.webview.postMessage(message) : undefined;
  }

  async reveal(focusInput = false): Promise<void> {
    if (!this.view) await vscode.commands.executeCommand(`${chatViewId}.focus`);
    else this.view.show(true);
    if (focusInput) this.post({ type: 'focusComposer' });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'Flashlight Chat', 'chat');
    view.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    view.onDidChangeVisibility(() => {
      // The hidden webview is destroyed; it says `ready` again when shown. The answer keeps streaming.
      if (!view.visible) this.ready = false;
    });
    view.onDidDispose(() => {
      // Closing the chat mid-answer cancels the request; what arrived is kept in the conversation.
      this.view = undefined;
      this.ready = false;
      void this.controller?.stop();
    });
  }

  /** A message from the webview (or a test acting as it), checked before it is acted on. */
  receive(raw: unknown): void {
    const controller = this.controller;
    if (!controller || !isWebviewMessage(raw)) return;
    const message = raw as WebviewToExtension;
    switch (message.type) {
      case 'chatSend':
        void controller.send(message.text, message.contextIds, message.imageIds, message.replaceTurnId);
        return;
      case 'chatRetry':
        void controller.retry(message.turnId);
        return;
      case 'chatEdit':
        controller.edit(message.turnId);
        return;
      case 'chatNew':
        void controller.newChat();
        return;
      case 'chatOpen':
        void controller.open(message.id);
        return;
      case 'chatDelete':
        void this.confirmDelete(controller, message.id);
        return;
      case 'removeAttachment':
        controller.removeAttachment(message.id);
        return;
      case 'attachContext':
        this.actions.attachContext(message.kind);
        return;
      case 'attachImage':
        this.actions.attachImage();
        return;
      case 'pasteImage':
        this.actions.pasteImage(message.name, message.mimeType, message.base64);
        return;
    }
    handleWebviewMessage(message, {
      ...this.actions,
      answerText: (ref) => answerTextIn(controller, ref),
      ready: () => {
        this.ready = true;
        void controller.postState();
      },
      stop: () => void controller.stop(),
    });
  }

  private async confirmDelete(controller: ChatController, id: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage('Delete this chat? Its messages and images are removed.', { modal: true }, 'Delete');
    if (choice === 'Delete') await controller.delete(id);
  }
}

/** A chat answer is named by its assistant turn in the conversation the chat shows; nothing else names one here. */
function answerTextIn(controller: ChatController, ref: AnswerRef): string | undefined {
  if (!('turnId' in ref)) return undefined;
  const turn = controller.current.turns.find((candidate) => candidate.id === ref.turnId);
  return turn?.role === 'assistant' ? turn.answer.text : undefined;
}
