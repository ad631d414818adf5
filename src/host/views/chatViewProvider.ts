// The sidebar chat: a WebviewView with the same bundle and protocol as the answer panel. It keeps
// no state of its own (no retainContextWhenHidden): whenever the webview is (re)created it says
// `ready` and the chat repaints it from the conversation the extension owns. This host only shows
// and checks: each message that passes the protocol's checks is handed on (onDidReceiveMessage),
// and the chat feature (registerChat.ts) decides what it does.
import * as vscode from 'vscode';
import type { ExtensionToWebview, WebviewToExtension } from '../../protocol';
import { webviewHtml } from './webviewHtml';
import { TypingHold } from './typingHold';
import { isWebviewMessage } from './webviewMessages';

export const chatViewId = 'flashlight.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** The focus key was pressed before the page could take the focus: what is typed meanwhile, held for it. */
  private typingHold: TypingHold | undefined;
  private readonly received = new vscode.EventEmitter<WebviewToExtension>();
  private readonly closed = new vscode.EventEmitter<void>();
  /** A message from the webview (or a test acting as it) that passed the protocol's checks. */
  readonly onDidReceiveMessage = this.received.event;
  /** The view was closed: an answer streaming into it is stopped, what arrived is kept. */
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

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
   * Shows the view; with `focusInput` the composer takes the focus. When the page is not there yet
   * (never opened, or hidden and so unloaded), the view opens without the focus, what the person
   * types meanwhile is held (typingHold.ts) and goes to the composer once the page says `ready`,
   * and the view takes the focus at the first pause in the typing: a message posted before
   * `ready` would be lost, and so would keys pressed while a loading webview has the focus.
   */
  async reveal(focusInput = false): Promise<void> {
    if (!focusInput) {
      if (!this.view) await vscode.commands.executeCommand(`${chatViewId}.focus`);
      else this.view.show(true);
      return;
    }
    if (this.isReady) {
      this.view!.show(false);
      void this.post({ type: 'focusComposer' });
      return;
    }
    this.typingHold ??= new TypingHold(this.log);
    if (!this.view) await vscode.commands.executeCommand(`${chatViewId}.focus`, { preserveFocus: true });
    else this.view.show(true);
  }

  private focusComposerWithHeldTyping(view: vscode.WebviewView, hold: TypingHold): void {
    hold.handOverTo(
      (text) => void this.post({ type: 'composerType', text }),
      () => {
        if (this.typingHold === hold) this.typingHold = undefined;
        view.show(false);
        void this.post({ type: 'focusComposer' });
      },
    );
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
      this.view = undefined;
      this.ready = false;
      this.closed.fire();
    });
  }

  /** A message from the webview (or a test acting as it), checked before it is handed on. */
  receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    if (raw.type === 'ready') this.ready = true;
    this.received.fire(raw);
    if (raw.type === 'ready' && this.typingHold && this.view) this.focusComposerWithHeldTyping(this.view, this.typingHold);
  }

  dispose(): void {
    this.typingHold?.dispose();
    this.received.dispose();
    this.closed.dispose();
  }
}
