// While the chat's page loads after its focus key, the focus stays in the editor and what the
// person types there is held here, then handed to the composer: a keystroke is neither lost (a
// webview that is still loading drops it) nor typed into the file. It takes VS Code's `type`
// command, as editor-emulation extensions do, for that moment only.
//
// Once the page is ready the held text goes to the composer as it comes (the person sees it
// there), and the focus moves at the first pause in the typing: while VS Code hands the focus to
// a webview, keys pressed go nowhere, so the hand-over is made when none is being pressed.
import * as vscode from 'vscode';

/** Typing is given back to the editor after this long even if the page never said `ready`. */
const longestHoldMs = 10_000;
/** No key for this long (at 10 keys a second one comes every 100 ms): the focus may move. */
const pauseMs = 250;

export class TypingHold implements vscode.Disposable {
  private held = '';
  private registration: vscode.Disposable | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private handOver: { pass: (text: string) => void; done: () => void } | undefined;

  constructor(log: (line: string) => void) {
    try {
      this.registration = vscode.commands.registerCommand('type', (args: { text?: unknown } | undefined) => {
        if (typeof args?.text === 'string') this.hold(args.text);
      });
    } catch (error) {
      // Another extension owns `type` (an editor emulator): typing stays with it, as before.
      log(`Chat: could not hold the typing while the chat loads (${(error as Error).message})`);
    }
    this.timer = setTimeout(() => this.release(), longestHoldMs);
  }

  /**
   * The page is ready: `pass` gets what was held and then each key as it comes; `done` is called
   * once the typing pauses (or at once if the hold is not taking keys), and the hold ends.
   */
  handOverTo(pass: (text: string) => void, done: () => void): void {
    if (this.handOver) return; // a second `ready` while handing over: the first hand-over goes on
    this.handOver = { pass, done };
    if (this.held) pass(this.held);
    this.held = '';
    if (this.registration) this.restartPause();
    else this.finish();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.pauseTimer);
    this.release();
  }

  private hold(text: string): void {
    if (!this.handOver) {
      this.held += text;
      return;
    }
    this.handOver.pass(text);
    this.restartPause();
  }

  private restartPause(): void {
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.finish(), pauseMs);
  }

  private finish(): void {
    this.dispose();
    this.handOver?.done();
    this.handOver = undefined;
  }

  /** Typing goes to the editor again; what was held so far is kept for the hand-over. */
  private release(): void {
    this.registration?.dispose();
    this.registration = undefined;
  }
}
