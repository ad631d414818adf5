// Suggested edits waiting for the user: each is a read-only virtual document (`flashlight-proposal:`)
// holding the file as it would be, shown in VS Code's diff editor against the live file. Accept
// applies the change as ONE WorkspaceEdit (one undo restores the file) after checking the file
// did not change since the code was read; Reject, or closing the diff, drops it and touches nothing.
import * as vscode from 'vscode';
import { checkStillApplies, type Snapshot } from '../../core/codeActions/applyGuard';

export const proposalScheme = 'flashlight-proposal';
/** True while at least one suggestion waits: shows Accept/Reject in the palette. */
export const pendingContextKey = 'flashlight.hasPendingSuggestion';

export interface ProposalInput {
  label: string; // "Fix", "Document", "Simplify", "Tests": for titles
  document: vscode.TextDocument;
  /** What the replacement replaces (empty for an insertion, e.g. tests appended at the end). */
  range: vscode.Range;
  /** The document as it was when the request was sent. */
  snapshot: Snapshot;
  replacement: string;
  why: string;
  /** Said before the why, e.g. when the model did not fence its code. */
  caution?: string;
}

interface Proposal extends ProposalInput {
  uri: vscode.Uri; // the virtual document
  target: vscode.Uri;
  fileName: string;
  proposedText: string;
}

export type Outcome = { applied: true } | { applied: false; reason: string };
export type ProposeResult = { opened: true; uri: vscode.Uri } | { opened: false; reason: string };

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'untitled';
}

function inEol(text: string, eol: vscode.EndOfLine): string {
  return text.replace(/\r?\n/g, eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
}

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  /** How recent suggestions ended, so a click on a notification left behind says what happened. */
  private readonly endings = new Map<string, 'accepted' | 'rejected' | 'closed'>();
  private nextId = 1;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: (line: string) => void = () => {}) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        // Closing the diff is a way of saying no.
        for (const tab of event.closed) {
          const uri = tab.input instanceof vscode.TabInputTextDiff ? tab.input.modified : undefined;
          if (uri?.scheme === proposalScheme && this.proposals.delete(uri.toString())) {
            this.log(`suggestion ${uri.path} dropped: its diff was closed`);
            this.ended(uri, 'closed');
            this.updateContext();
          }
        }
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.proposedText ?? '';
  }

  /** Opens the diff of `input` and offers Accept/Reject; refuses if the file already moved on. */
  async propose(input: ProposalInput): Promise<ProposeResult> {
    const { document } = input;
    const fileName = vscode.workspace.asRelativePath(document.uri, false);
    const guard = checkStillApplies(input.snapshot, { version: document.version, text: document.getText(input.range) }, fileName);
    if (!guard.ok) {
      void vscode.window.showWarningMessage(`Flashlight: ${guard.reason}`);
      return { opened: false, reason: guard.reason };
    }
    const replacement = inEol(input.replacement, document.eol);
    const text = document.getText();
    const proposedText = text.slice(0, document.offsetAt(input.range.start)) + replacement + text.slice(document.offsetAt(input.range.end));
    const uri = vscode.Uri.from({ scheme: proposalScheme, path: `/${this.nextId++}/${baseName(document.uri)}` });
    this.proposals.set(uri.toString(), { ...input, replacement, uri, target: document.uri, fileName, proposedText });
    this.updateContext();

    const proposalDocument = await vscode.workspace.openTextDocument(uri);
    if (proposalDocument.languageId !== document.languageId) {
      await vscode.languages.setTextDocumentLanguage(proposalDocument, document.languageId);
    }
    await vscode.commands.executeCommand('vscode.diff', document.uri, uri, `${baseName(document.uri)} ↔ Flashlight ${input.label}`, {
      preview: false, // a preview tab is replaced by the next file opened, which would drop the suggestion
      selection: new vscode.Range(input.range.start, input.range.start),
    } satisfies vscode.TextDocumentShowOptions);
    void this.offer(
      uri,
      `Flashlight ${input.label} for ${fileName}: ${[input.caution, input.why || 'the suggested change is in the diff.'].filter(Boolean).join(' ')}`,
    );
    return { opened: true, uri };
  }

  /** The notification is a second way to answer, beside the diff editor's title buttons. */
  private async offer(uri: vscode.Uri, message: string): Promise<void> {
    const picked = await vscode.window.showInformationMessage(message, 'Accept', 'Reject');
    if (!picked) return;
    if (!this.proposals.has(uri.toString())) {
      // Already answered in the diff editor; notifications cannot be withdrawn, so say so.
      const ending = this.endings.get(uri.toString());
      void vscode.window.showInformationMessage(`Flashlight: that suggestion was already ${ending ?? 'closed'}.`);
      return;
    }
    if (picked === 'Accept') await this.accept(uri);
    else if (picked === 'Reject') await this.reject(uri);
  }

  /** The suggestion an Accept/Reject is about: the one given, the one in the active diff, or the latest. */
  private find(arg: unknown): Proposal | undefined {
    if (arg instanceof vscode.Uri) {
      if (arg.scheme === proposalScheme) return this.proposals.get(arg.toString());
      return [...this.proposals.values()].reverse().find((proposal) => proposal.target.toString() === arg.toString());
    }
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === proposalScheme) {
      const active = this.proposals.get(input.modified.toString());
      if (active) return active;
    }
    return [...this.proposals.values()].pop();
  }

  async accept(arg?: unknown): Promise<Outcome> {
    const proposal = this.find(arg);
    if (!proposal) return this.nothingPending();
    const document = await vscode.workspace.openTextDocument(proposal.target);
    const guard = checkStillApplies(proposal.snapshot, { version: document.version, text: document.getText(proposal.range) }, proposal.fileName);
    if (!guard.ok) {
      this.log(`suggestion ${proposal.uri.path} refused: the file changed`);
      void vscode.window.showWarningMessage(`Flashlight: ${guard.reason}`);
      return { applied: false, reason: guard.reason };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(proposal.target, proposal.range, proposal.replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      const reason = `VS Code could not edit ${proposal.fileName} (is it read-only?). Nothing was changed.`;
      void vscode.window.showErrorMessage(`Flashlight: ${reason}`);
      return { applied: false, reason };
    }
    this.log(`suggestion ${proposal.uri.path} applied`);
    await this.close(proposal, 'accepted');
    const start = proposal.range.start;
    const editor = await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(start, start) });
    const end = document.positionAt(document.offsetAt(start) + proposal.replacement.length);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    vscode.window.setStatusBarMessage(`$(check) Flashlight: ${proposal.label.toLowerCase()} applied to ${proposal.fileName}. Undo restores it.`, 5000);
    return { applied: true };
  }

  async reject(arg?: unknown): Promise<Outcome> {
    const proposal = this.find(arg);
    if (!proposal) return this.nothingPending();
    this.log(`suggestion ${proposal.uri.path} rejected`);
    await this.close(proposal, 'rejected');
    return { applied: false, reason: 'rejected' };
  }

  /** Pending suggestions' virtual documents, newest last. */
  pending(): vscode.Uri[] {
    return [...this.proposals.values()].map((proposal) => proposal.uri);
  }

  private nothingPending(): Outcome {
    const reason = 'No Flashlight suggestion is waiting: it was already accepted, rejected or closed.';
    void vscode.window.showInformationMessage(`Flashlight: ${reason}`);
    return { applied: false, reason };
  }

  private ended(uri: vscode.Uri, how: 'accepted' | 'rejected' | 'closed'): void {
    this.endings.set(uri.toString(), how);
    if (this.endings.size > 50) this.endings.delete(this.endings.keys().next().value!);
  }

  private async close(proposal: Proposal, how: 'accepted' | 'rejected'): Promise<void> {
    this.proposals.delete(proposal.uri.toString());
    this.ended(proposal.uri, how);
    this.updateContext();
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', pendingContextKey, this.proposals.size > 0);
  }

  dispose(): void {
    this.proposals.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
