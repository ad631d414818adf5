// The inline diff's buttons: a row of CodeLenses above the edited range (Accept, Reject, Follow up,
// Open as diff, or Stop while the reply streams). What each session offers is decided by its owner;
// this only shows it and says when it changed.
import * as vscode from 'vscode';

export interface LensItem {
  title: string;
  /** Omitted: the lens is plain text (a state, or why Accept is off). */
  command?: string;
  args?: unknown[];
  tooltip?: string;
}

export interface LensRow {
  line: number;
  items: LensItem[];
}

export class InlineDiffLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly rowsFor: (document: vscode.TextDocument) => LensRow[]) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.rowsFor(document).flatMap((row) => {
      const at = new vscode.Range(row.line, 0, row.line, 0);
      return row.items.map((item) => new vscode.CodeLens(at, { title: item.title, command: item.command ?? '', arguments: item.args, tooltip: item.tooltip }));
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
