// Holds what the person types after the chat's focus key, while the chat's page does not exist yet
// (issue 18: a first open took 0.7 to 4 s here, and every key typed at the empty webview was lost).
// A VS Code input box takes the keys at once; when the page says `ready` and the person pauses, the
// focus moves to the page and the text into its composer, before anything typed there since. Enter
// in the box sends once the page is ready; Escape keeps the text in the composer, unsent.
import * as vscode from 'vscode';
import type { ChatViewProvider } from '../../host/views/chatViewProvider';
import { caughtTextThen, handoverDelay, type CatchEnd } from '../../core/chat/keyCatchHandover';

export class ChatKeyCatcher implements vscode.Disposable {
  private box: vscode.InputBox | undefined;
  private end: CatchEnd;
  private lastChangeAt: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listening: vscode.Disposable;

  constructor(private readonly view: ChatViewProvider) {
    this.listening = view.onDidReceiveMessage((message) => {
      if (message.type === 'ready') this.consider();
    });
  }

  /** The focus key on a chat whose page is not ready: the box takes the keys from now on. */
  catch(): void {
    if (this.box) {
      // Pressed again after an Escape before the page was ready: the same text, caught again.
      if (this.end === 'dismissed') this.end = undefined;
      if (!this.end) this.box.show();
      return;
    }
    const box = vscode.window.createInputBox();
    box.title = 'Flashlight Chat';
    box.placeholder = 'Ask Flashlight about your code';
    box.prompt = 'The chat is opening: what you type here moves into it. Enter sends, Escape keeps it unsent.';
    // The chat's view opening beside it must not close it (nor the person clicking there).
    box.ignoreFocusOut = true;
    box.onDidChangeValue(() => {
      this.lastChangeAt = Date.now();
      this.consider();
    });
    box.onDidAccept(() => {
      // Kept on screen, not hidden: hiding gives the focus back to where it was (the editor).
      this.end = 'accepted';
      box.enabled = false;
      box.busy = true;
      box.prompt = 'Sending as soon as the chat is ready…';
      this.consider();
    });
    box.onDidHide(() => {
      if (this.box !== box) return;
      this.end ??= 'dismissed';
      this.consider();
    });
    this.box = box;
    this.end = undefined;
    this.lastChangeAt = undefined;
    box.show();
  }

  private consider(): void {
    clearTimeout(this.timer);
    if (!this.box) return;
    const delay = handoverDelay({ pageReady: this.view.isReady, end: this.end, lastChangeAt: this.lastChangeAt }, Date.now());
    if (delay === undefined) return;
    if (delay > 0) this.timer = setTimeout(() => this.consider(), delay);
    else void this.handOver(this.box);
  }

  private async handOver(box: vscode.InputBox): Promise<void> {
    this.box = undefined;
    const then = caughtTextThen(this.end);
    // The focus moves first, through the workbench: its answer comes after every change of the
    // box's value the workbench saw before the move (one channel, in order), so the value read
    // next is complete, and keys typed from now on reach the page, not the box.
    if (then !== 'none') await this.view.focusPage();
    const text = box.value;
    if (text || then !== 'none') void this.view.post({ type: 'composerTyped', text, then });
    // Hidden after the focus left it: an input box hidden while it has the focus gives the focus
    // back to the element before it.
    box.dispose();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.listening.dispose();
    this.box?.dispose();
    this.box = undefined;
  }
}
