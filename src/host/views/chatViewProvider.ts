// The sidebar chat: a WebviewView with the same bundle and protocol as the answer panel. It keeps
// no state of its own (no retainContextWhenHidden): whenever the webview is (re)created it says
// `ready` and the chat repaints it from the conversation the extension owns. This host only shows
// and checks: each message that passes the protocol's checks is handed on (onDidReceiveMessage),
// and the chat feature (registerChat.ts) decides what it does.
import * as vscode from 'vscode';
import type { ExtensionToWebview, WebviewToExtension } from '../../protocol';
import { webviewHtml } from './webviewHtml';
import { isWebviewMessage } from './webviewMessages';
import { ComposerFocusRequest } from './composerFocusRequest';

export const chatViewId = 'flashlight.chat';
/** True while the chat's page is ready: the focus key's binding differs before (package.json). */
export const chatReadyContextKey = 'flashlight.chatReady';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  // Only a message: a `show` that takes the focus, sent from here while the person types into a
  // ready composer, made the workbench move the focus and lose keys (the e2e's full-speed test).
  private readonly composerFocus = new ComposerFocusRequest(() => void this.post({ type: 'focusComposer' }));
  private readonly received = new vscode.EventEmitter<WebviewToExtension>();
  private readonly closed = new vscode.EventEmitter<void>();
  /** A message from the webview (or a test acting as it) that passed the protocol's checks. */
  readonly onDidReceiveMessage = this.received.event;
  /** The view was closed: an answer streaming into it is stopped, what arrived is kept. */
  readonly onDidClose = this.closed.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

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

  /**
   * Shows the view (an open one without moving the focus); with `focusInput` its page is asked to
   * focus the composer, now if it is ready, else as soon as it says `ready` (composerFocusRequest.ts).
   * The focus key uses this only on a ready page (package.json moves the focus to the view first);
   * on a page not ready yet its keys go to the key catcher instead (features/chat/chatKeyCatcher.ts).
   */
  async reveal(focusInput = false): Promise<void> {
    if (!this.view) await vscode.commands.executeCommand(`${chatViewId}.focus`);
    else this.view.show(true);
    if (focusInput) this.composerFocus.request(this.isReady);
  }

  /** Shows the view, opening it if need be, without moving the focus. */
  async open(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${chatViewId}.focus`, { preserveFocus: true });
  }

  /** Moves the focus to the view's page through the workbench; settles once the workbench has done it. */
  async focusPage(): Promise<void> {
    await vscode.commands.executeCommand(`${chatViewId}.focus`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.setReady(false);
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'Flashlight Chat', 'chat');
    view.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    view.onDidChangeVisibility(() => {
      // The hidden webview is destroyed; it says `ready` again when shown. The answer keeps streaming.
      if (!view.visible) this.setReady(false);
    });
    view.onDidDispose(() => {
      this.composerFocus.cancel();
      this.view = undefined;
      this.setReady(false);
      this.closed.fire();
    });
  }

  /** A message from the webview (or a test acting as it), checked before it is handed on. */
  receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    if (raw.type === 'ready') this.setReady(true);
    this.received.fire(raw);
    if (raw.type === 'ready') this.composerFocus.pageReady();
  }

  private setReady(ready: boolean): void {
    if (ready !== this.ready) void vscode.commands.executeCommand('setContext', chatReadyContextKey, ready);
    this.ready = ready;
  }

  dispose(): void {
    this.received.dispose();
    this.closed.dispose();
  }
}
