// The context gathered ahead: a selection that rests for a moment starts the gathering Explain
// would start, so the language servers' answers are in (or under way) when the user asks. One
// gathering is kept, the latest selection's; a question for that same code in the same workspace
// takes it (core/grounding/ahead.ts says when), any other asks anew. Only the local language
// servers are asked: nothing leaves the machine until the user asks a question.
import * as vscode from 'vscode';
import { aheadUse, sameAheadKey, type AheadKey } from '../../core/grounding/ahead';
import type { ContextSettings } from '../settings/settings';
import { groundingFrom, startGathering, type GatherContext, type StartedGathering } from './gatherContext';

/** How long a selection rests before its gathering starts: a drag or Shift+arrows does not ask for every step. */
const restMs = 150;
/** A selection longer than this is not gathered for ahead (Explain still gathers for it when asked). */
const maxAheadCharacters = 20_000;

interface Ahead {
  key: AheadKey;
  started: StartedGathering;
}

export class ContextAhead implements vscode.Disposable {
  private ahead: Ahead | undefined;
  private workspaceEpoch = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly settings: () => ContextSettings,
    private readonly log: (line: string) => void,
  ) {
    const changed = () => {
      this.workspaceEpoch++;
      this.ahead = undefined;
    };
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection((event) => this.selectionChanged(event.textEditor)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // The output channels (Flashlight's own log among them) are documents too; they move no definition.
        if (event.contentChanges.length && event.document.uri.scheme !== 'output') changed();
      }),
      vscode.workspace.onDidSaveTextDocument(changed),
      vscode.workspace.onDidCreateFiles(changed),
      vscode.workspace.onDidDeleteFiles(changed),
      vscode.workspace.onDidRenameFiles(changed),
      vscode.workspace.onDidChangeWorkspaceFolders(changed),
    );
  }

  /** The GatherContext the features are handed: the gathering made ahead when it fits, else a new one. */
  readonly gather: GatherContext = async (document, range, options = {}) => {
    const current = this.settings();
    if (!current.enabled) return undefined;
    const ahead = this.ahead;
    if (ahead) {
      const use = aheadUse({
        sameKey: sameAheadKey(ahead.key, this.keyOf(document, range)),
        settled: ahead.started.settled(),
        candidates: ahead.started.gathering.candidates,
        documentUri: document.uri.toString(),
        imports: ahead.started.gathering.imports(),
      });
      if (use !== 'fresh') {
        const since = Math.round(performance.now() - ahead.started.startedAt);
        return groundingFrom(
          ahead.started,
          document,
          range,
          current,
          options,
          this.log,
          ` (gathered ahead, ${use === 'join' ? 'joined' : 'done'} ${since} ms after it began)`,
        );
      }
    }
    return groundingFrom(startGathering(document, range), document, range, current, options, this.log);
  };

  private keyOf(document: vscode.TextDocument, range: vscode.Range): AheadKey {
    return {
      uri: document.uri.toString(),
      version: document.version,
      startLine: range.start.line,
      startCharacter: range.start.character,
      endLine: range.end.line,
      endCharacter: range.end.character,
      workspaceEpoch: this.workspaceEpoch,
    };
  }

  private selectionChanged(editor: vscode.TextEditor): void {
    clearTimeout(this.timer);
    if (editor !== vscode.window.activeTextEditor || editor.selection.isEmpty) return;
    this.timer = setTimeout(() => this.gatherAhead(editor), restMs);
  }

  private gatherAhead(editor: vscode.TextEditor): void {
    if (editor !== vscode.window.activeTextEditor || editor.document.isClosed || !this.settings().enabled) return;
    const { document, selection } = editor;
    if (selection.isEmpty || document.getText(selection).length > maxAheadCharacters) return;
    const range = new vscode.Range(selection.start, selection.end);
    const key = this.keyOf(document, range);
    if (this.ahead && sameAheadKey(this.ahead.key, key)) return;
    this.ahead = { key, started: startGathering(document, range) };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.ahead = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
