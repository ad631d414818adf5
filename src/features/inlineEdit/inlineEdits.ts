// Edits in place: at most one per document, from the request to the user's decision. The reply
// streams into an InlineEditModel (pure) and is painted as an inline diff (decorations, nothing
// written); Accept writes the replacement as one WorkspaceEdit, Reject writes nothing. Edits
// elsewhere in the file move the range; an edit inside it turns Accept off.
import * as vscode from 'vscode';
import { errorActionLabels } from '../errorActions/errorActions';
import { toErrorView } from '../../core/answers/errorView';
import { InlineEditModel } from '../../core/inlineEdit/inlineEditModel';
import { RangeTracker } from '../../core/inlineEdit/rangeTracker';
import { canAccept, canReject, isLive, type Decision, type SessionState } from '../../core/inlineEdit/session';
import type { InlineEditView } from '../../core/inlineEdit/inlineEditView';
import { FlashlightError } from '../../core/openrouter/errors';
import { mapThrown } from '../../core/openrouter/errorMapping';
import { streamWithRetry } from '../../core/openrouter/retry';
import { requestFrom, tooLargeFor } from '../../core/prompts/request';
import { InlineDiffDecorations } from '../../host/editor/inlineDiffDecorations';
import { InlineDiffLens, type LensRow } from '../../host/editor/inlineDiffLens';
import type { InlineEditDeps } from './inlineEditDeps';
import type { InlineEditEnd, InlineEditJob } from './inlineEditJob';

/** True while the active editor shows an edit in place: Ctrl+Enter and Escape act on it. */
export const inlineEditContextKey = 'flashlight.inlineEditActive';

export const inlineEditCommands = {
  accept: 'flashlight.inlineEdit.accept',
  reject: 'flashlight.inlineEdit.reject',
  stop: 'flashlight.inlineEdit.stop',
  followUp: 'flashlight.inlineEdit.followUp',
  openAsDiff: 'flashlight.inlineEdit.openAsDiff',
} as const;

export type Outcome = { applied: true } | { applied: false; reason: string };

interface Session {
  job: InlineEditJob;
  model: InlineEditModel;
  tracker: RangeTracker;
  decorations: InlineDiffDecorations;
  abort: AbortController;
  why: string;
  applying: boolean;
  painted: vscode.TextEditor[];
  firstContentAt?: number;
  firstLineAt?: number;
  firstPaintAt?: number;
}

const stateNames: Record<SessionState, string> = {
  streaming: 'editing…',
  done: 'done',
  cutOff: 'cut off: Accept is off',
  stopped: 'stopped: Accept is off',
  failed: 'failed: Accept is off',
  notCode: 'no code',
  accepted: 'accepted',
  rejected: 'rejected',
};

function positionOf(position: vscode.Position) {
  return { line: position.line, character: position.character };
}

function rangeOf(session: Session): vscode.Range {
  const { start, end } = session.tracker.range;
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

function inEol(text: string, eol: vscode.EndOfLine): string {
  return text.replace(/\r?\n/g, eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
}

export class InlineEdits implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  readonly lens = new InlineDiffLens((document) => this.lensRows(document));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: InlineEditDeps) {
    this.disposables.push(
      this.lens,
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'untitled' }], this.lens),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const session = this.sessions.get(document.uri.toString());
        if (session) this.end(session, 'rejected');
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        for (const session of this.sessions.values()) this.repaint(session, true);
      }),
    );
  }

  /** The session of the document given (a URI string from a lens), or of the active editor. */
  private find(arg: unknown): Session | undefined {
    if (typeof arg === 'string') return this.sessions.get(arg);
    const document = vscode.window.activeTextEditor?.document;
    return document ? this.sessions.get(document.uri.toString()) : undefined;
  }

  view(uri?: vscode.Uri): InlineEditView | undefined {
    const session = uri ? this.sessions.get(uri.toString()) : [...this.sessions.values()].pop();
    if (!session) return undefined;
    return {
      state: session.model.state,
      rangeChanged: session.tracker.changed,
      startLine: session.tracker.range.start.line,
      newLines: [...session.model.newLines],
      paint: session.model.paint(),
      firstContentAt: session.firstContentAt,
      firstLineAt: session.firstLineAt,
      firstPaintAt: session.firstPaintAt,
    };
  }

  /** Starts an edit in place; settles when the reply has ended (the decision comes later). */
  async start(job: InlineEditJob): Promise<InlineEditEnd> {
    const tooLarge = tooLargeFor(this.deps.settings(), job.messages);
    if (tooLarge) {
      void vscode.window.showWarningMessage(`Flashlight: ${tooLarge.message}`);
      return { state: 'refused', reason: tooLarge.message };
    }
    const request = requestFrom(this.deps.settings(), job.messages);
    const config = await this.deps.access.connect();
    if (!config.apiKey) return { state: 'refused', reason: 'no API key' };
    const key = job.document.uri.toString();
    const previous = this.sessions.get(key);
    if (previous) this.end(previous, 'rejected');
    const session: Session = {
      job,
      model: new InlineEditModel(job.original, job.languageId),
      tracker: new RangeTracker({ start: positionOf(job.range.start), end: positionOf(job.range.end) }),
      decorations: new InlineDiffDecorations(),
      abort: new AbortController(),
      why: '',
      applying: false,
      painted: [],
    };
    this.sessions.set(key, session);
    this.updateContext();
    this.lens.refresh();
    this.repaint(session, true);
    const requestId = this.deps.nextRequestId();
    this.deps.log.info(`request ${requestId}: edit in place (${job.label}), model=${request.model}`);
    const retry = { log: (line: string) => this.deps.log.info(line), label: `request ${requestId}` };
    try {
      for await (const event of streamWithRetry(this.deps.access.client, config, request, session.abort.signal, retry)) {
        // No tools are offered to an edit, so a tool-calls event cannot come; reasoning is not shown here.
        if (event.type === 'reasoning' || event.type === 'toolCalls') continue;
        if (event.type === 'content') {
          session.firstContentAt ??= performance.now();
          if (session.model.append(event.text) > 0) {
            session.firstLineAt ??= performance.now();
            this.repaint(session);
          }
          continue;
        }
        this.deps.log.info(`request ${requestId} done: finish=${event.stats.finishReason ?? '?'} total=${Math.round(event.stats.totalMs)}ms`);
        return this.finished(session, event.stats.finishReason);
      }
      session.model.interrupt('stopped');
      this.deps.log.info(`request ${requestId} stopped`);
    } catch (error) {
      const failure = error instanceof FlashlightError ? error : mapThrown(error);
      this.deps.log.info(`request ${requestId} failed: ${failure.kind}`);
      session.model.interrupt(session.abort.signal.aborted ? 'stopped' : 'failed');
      if (session.model.state === 'failed') void this.showFailure(failure, () => this.start(job));
    }
    if (isLive(session.model.state)) {
      this.repaint(session, true);
      this.lens.refresh();
    }
    return { state: session.model.state };
  }

  private finished(session: Session, finishReason?: string): InlineEditEnd {
    const end = session.model.end(finishReason);
    session.why = end.why;
    if (end.state === 'notCode') {
      this.end(session, 'rejected');
      this.deps.explain(`Flashlight ${session.job.label}: the model answered without code, so nothing was changed`, end.why || (end.reason ?? ''));
      return { state: 'notCode', reason: end.reason ?? 'no code' };
    }
    if (end.state === 'done' && !session.model.hasChange) {
      this.end(session, 'rejected');
      const reason = `No change suggested${end.why ? `: ${end.why}` : '.'}`;
      void vscode.window.showInformationMessage(`Flashlight ${session.job.label}: ${reason}`);
      return { state: 'done', reason };
    }
    this.repaint(session, true);
    this.lens.refresh();
    this.updateContext();
    return { state: end.state };
  }

  private async showFailure(error: FlashlightError, retry: () => unknown): Promise<void> {
    const view = toErrorView(error);
    const picked = await vscode.window.showErrorMessage(
      `Flashlight: ${view.title}. ${view.detail}`,
      ...view.actions.map((action) => errorActionLabels[action]),
    );
    const action = view.actions.find((candidate) => errorActionLabels[candidate] === picked);
    if (action) await this.deps.errorActions.run(action, retry);
  }

  private editorsOf(session: Session): vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((editor) => editor.document === session.job.document);
  }

  private repaint(session: Session, force = false): void {
    const editors = this.editorsOf(session);
    const same = editors.length === session.painted.length && editors.every((editor, index) => editor === session.painted[index]);
    const input = {
      startLine: session.tracker.range.start.line,
      settled: session.model.settledPaint(),
      tail: session.model.tailPaint(),
      pendingFrom: session.model.state === 'streaming' ? session.model.pendingFrom : undefined,
      rowCount: session.model.originalLines.length,
      languageId: session.job.languageId,
    };
    for (const editor of editors) session.decorations.paint(editor, input, force || !same || editors.length > 1);
    session.painted = editors;
    if (session.firstPaintAt === undefined && editors.length > 0 && (input.settled.length > 0 || input.tail.length > 0)) {
      session.firstPaintAt = performance.now();
    }
  }

  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    const session = this.sessions.get(event.document.uri.toString());
    if (!session || session.applying || event.contentChanges.length === 0) return;
    let moved = false;
    const wasChanged = session.tracker.changed;
    for (const change of event.contentChanges) {
      const result = session.tracker.apply({ range: { start: positionOf(change.range.start), end: positionOf(change.range.end) }, text: change.text });
      moved ||= result === 'moved';
    }
    if (moved) this.repaint(session, true);
    if (moved || session.tracker.changed !== wasChanged) this.lens.refresh();
  }

  private lensRows(document: vscode.TextDocument): LensRow[] {
    const session = this.sessions.get(document.uri.toString());
    if (!session) return [];
    const uri = document.uri.toString();
    const state = session.model.state;
    const accept = canAccept(state, { rangeChanged: session.tracker.changed, hasChange: session.model.hasChange });
    const items: LensRow['items'] = [];
    if (state === 'streaming') {
      items.push({ title: `$(loading~spin) Flashlight ${session.job.label}: editing…` });
      items.push({ title: 'Stop', command: inlineEditCommands.stop, args: [uri] });
      items.push({ title: 'Reject (Esc)', command: inlineEditCommands.reject, args: [uri] });
      return [{ line: session.tracker.range.start.line, items }];
    }
    if (accept.ok) items.push({ title: '$(check) Accept (Ctrl+Enter)', command: inlineEditCommands.accept, args: [uri], tooltip: session.why || undefined });
    else
      items.push({
        title: `Flashlight ${session.job.label}: ${session.tracker.changed ? 'the code changed: Accept is off' : stateNames[state]}`,
        tooltip: accept.reason,
      });
    items.push({ title: '$(close) Reject (Esc)', command: inlineEditCommands.reject, args: [uri] });
    items.push({ title: 'Follow up', command: inlineEditCommands.followUp, args: [uri] });
    if (state === 'done') items.push({ title: 'Open as diff', command: inlineEditCommands.openAsDiff, args: [uri] });
    return [{ line: session.tracker.range.start.line, items }];
  }

  async accept(arg?: unknown): Promise<Outcome> {
    const session = this.find(arg);
    if (!session) return this.nothing();
    const decision = this.acceptable(session);
    if (!decision.ok) {
      void vscode.window.showWarningMessage(`Flashlight: ${decision.reason}`);
      return { applied: false, reason: decision.reason };
    }
    const document = session.job.document;
    const range = rangeOf(session);
    const replacement = inEol(session.model.replacement!, document.eol);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, replacement);
    session.applying = true;
    const applied = await vscode.workspace.applyEdit(edit);
    session.applying = false;
    if (!applied) {
      const reason = `VS Code could not edit ${vscode.workspace.asRelativePath(document.uri, false)} (is it read-only?). Nothing was changed.`;
      void vscode.window.showErrorMessage(`Flashlight: ${reason}`);
      return { applied: false, reason };
    }
    this.end(session, 'accepted');
    vscode.window.setStatusBarMessage(`$(check) Flashlight: ${session.job.label.toLowerCase()} applied. Undo restores it.`, 5000);
    return { applied: true };
  }

  /** Accept's checks: the session's state, the tracked range, and the text under it, as it is now. */
  private acceptable(session: Session): Decision {
    const decision = canAccept(session.model.state, { rangeChanged: session.tracker.changed, hasChange: session.model.hasChange });
    if (!decision.ok) return decision;
    const now = session.job.document.getText(rangeOf(session)).replace(/\r\n/g, '\n');
    if (now !== session.job.original.replace(/\r\n/g, '\n')) return canAccept('done', { rangeChanged: true, hasChange: true });
    return decision;
  }

  reject(arg?: unknown): Outcome {
    const session = this.find(arg);
    if (!session) return this.nothing();
    const decision = canReject(session.model.state);
    if (!decision.ok) return { applied: false, reason: decision.reason };
    this.end(session, 'rejected');
    return { applied: false, reason: 'rejected' };
  }

  /** Stop: what arrived stays drawn; the user can only reject it (or follow up). */
  stop(arg?: unknown): void {
    this.find(arg)?.abort.abort();
  }

  /**
   * The session's job, the code as it is now and the model's reply so far, for a follow-up; the
   * session itself is rejected. `unchanged` says the range still holds the code the first
   * request was about, so that request and its reply can be kept as the conversation.
   */
  takeForFollowUp(arg?: unknown): { job: InlineEditJob; range: vscode.Range; code: string; reply: string; unchanged: boolean } | undefined {
    const session = this.find(arg);
    if (!session) return undefined;
    const range = rangeOf(session);
    const code = session.job.document.getText(range);
    const unchanged = !session.tracker.changed && code.replace(/\r\n/g, '\n') === session.job.original.replace(/\r\n/g, '\n');
    this.end(session, 'rejected');
    return { job: session.job, range, code, reply: session.model.replyText, unchanged };
  }

  /** Open as diff: the finished suggestion in today's diff editor; the inline one is withdrawn. */
  async openAsDiff(arg?: unknown): Promise<unknown> {
    const session = this.find(arg);
    if (!session) return this.nothing();
    const decision = this.acceptable(session);
    if (!decision.ok) {
      void vscode.window.showWarningMessage(`Flashlight: ${decision.reason}`);
      return { opened: false, reason: decision.reason };
    }
    const document = session.job.document;
    const range = rangeOf(session);
    // Read before the session ends: once decided, the model no longer offers a replacement.
    const replacement = session.model.replacement!;
    this.end(session, 'rejected');
    return this.deps.propose({
      label: session.job.label,
      document,
      range,
      snapshot: { version: document.version, text: document.getText(range) },
      replacement,
      why: session.why,
    });
  }

  private nothing(): Outcome {
    return { applied: false, reason: 'No Flashlight edit is shown in this editor.' };
  }

  private end(session: Session, how: 'accepted' | 'rejected'): void {
    session.abort.abort();
    session.model.decided(how);
    session.decorations.dispose();
    const key = session.job.document.uri.toString();
    if (this.sessions.get(key) === session) this.sessions.delete(key);
    this.updateContext();
    this.lens.refresh();
  }

  private updateContext(): void {
    const document = vscode.window.activeTextEditor?.document;
    const active = !!document && this.sessions.has(document.uri.toString());
    void vscode.commands.executeCommand('setContext', inlineEditContextKey, active);
  }

  dispose(): void {
    for (const session of [...this.sessions.values()]) this.end(session, 'rejected');
    for (const disposable of this.disposables) disposable.dispose();
  }
}
