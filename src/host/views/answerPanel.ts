// The answer panel beside the editor. It owns the record of the current answer, so a panel that
// was hidden (its webview destroyed) repaints from it when shown again; only deltas cross
// postMessage while it is visible.
import * as vscode from 'vscode';
import type { AnswerRef, ErrorAction, ExtensionToWebview, RestoredAnswer } from '../../protocol';
import { webviewHtml } from './webviewHtml';
import { handleWebviewMessage, type WebviewActions } from './webviewMessages';
import { openGroundingItem } from '../grounding/openGroundingItem';

/** Steps of the panel's life the benchmarks time: its webview created, its page loaded and `ready`. */
export type AnswerPanelMark = 'created' | 'ready';

/** What the panel's webview can ask of the editor and the image pipeline; errors are an event (onDidAskErrorAction). */
export type AnswerPanelActions = Omit<WebviewActions, 'errorAction'>;

export class AnswerPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private record: RestoredAnswer | undefined;
  private running: AbortController | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ExtensionToWebview>();
  private readonly errorActions = new vscode.EventEmitter<ErrorAction>();
  private readonly marks = new vscode.EventEmitter<AnswerPanelMark>();
  /** Each message as it is posted to the webview (the benchmarks count them). */
  readonly onDidPost = this.posted.event;
  /** The webview was created (its HTML set) or said `ready`: the first-paint bench times the steps. */
  readonly onDidMark = this.marks.event;
  /** A button of the error view was clicked: the one error dispatcher acts on it, with this panel's Retry. */
  readonly onDidAskErrorAction = this.errorActions.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: AnswerPanelActions,
  ) {}

  get current(): RestoredAnswer | undefined {
    return this.record;
  }

  get isOpen(): boolean {
    return !!this.panel;
  }

  /** True once the webview said `ready`: messages posted now arrive. */
  get isReady(): boolean {
    return !!this.panel && this.ready;
  }

  /** Starts a new answer: cancels the one running and returns the new one's signal. */
  begin(record: RestoredAnswer): AbortSignal {
    this.cancel();
    this.record = record;
    this.running = new AbortController();
    return this.running.signal;
  }

  /** Posts to the webview while it is ready; the promise settles once VS Code has handed it on. */
  post(message: ExtensionToWebview): Thenable<boolean> | undefined {
    if (this.panel && this.ready && message.type !== 'restore') {
      const delivered = this.panel.webview.postMessage(message);
      this.posted.fire(message);
      return delivered;
    }
    return undefined;
  }

  /** Repaints the webview from the record (Continue turns a cut-off answer back into a streaming one). */
  repaint(): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage({ type: 'restore', answer: this.record } satisfies ExtensionToWebview);
  }

  stop(requestId?: number): void {
    if (requestId === undefined || requestId === this.record?.requestId) this.cancel();
  }

  cancel(): void {
    this.running?.abort();
    this.running = undefined;
  }

  /** Creates the panel and starts loading its page when there is none; an existing panel is left as it is (never showing an earlier answer early). */
  createIfAbsent(): void {
    if (!this.panel) this.reveal();
  }

  reveal(): void {
    if (this.panel) {
      // Where the user put it, without taking focus from the editor.
      if (!this.panel.visible) this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'flashlight.answer',
      'Flashlight',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flashlight.svg');
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'Flashlight');
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message), undefined, this.disposables);
    panel.onDidChangeViewState(
      () => {
        // A hidden webview is destroyed (no retainContextWhenHidden); it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      },
      undefined,
      this.disposables,
    );
    panel.onDidDispose(
      () => {
        // Closing the panel mid-answer cancels the request; what arrived stays in the record.
        this.cancel();
        this.panel = undefined;
        this.ready = false;
      },
      undefined,
      this.disposables,
    );
    this.panel = panel;
    this.marks.fire('created');
  }

  /** A message from the webview (or a test acting as it), checked before it is acted on. */
  receive(message: unknown): void {
    handleWebviewMessage(message, {
      ...this.actions,
      errorAction: (action) => this.errorActions.fire(action),
      ready: () => {
        if (!this.panel) return;
        this.ready = true;
        void this.panel.webview.postMessage({ type: 'restore', answer: this.record } satisfies ExtensionToWebview);
        this.marks.fire('ready');
      },
      stop: (requestId) => this.stop(requestId),
      answerText: (ref) => this.answerText(ref),
      openGroundingItem: (ref, index) => {
        // The item comes from this panel's record of the answer the webview names, never from the webview.
        const item = 'requestId' in ref && ref.requestId === this.record?.requestId ? this.record.question.grounding?.items[index] : undefined;
        if (item) void openGroundingItem(item);
      },
    });
  }

  /** The panel's answers are named by their request; only the one it records can be acted on. */
  private answerText(ref: AnswerRef): string | undefined {
    return 'requestId' in ref && this.record && ref.requestId === this.record.requestId ? this.record.text : undefined;
  }

  dispose(): void {
    this.cancel();
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.posted.dispose();
    this.errorActions.dispose();
    this.marks.dispose();
  }
}
