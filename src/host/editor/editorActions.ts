// What a code block of an answer can do to the editor the user was in: Insert it at the cursor,
// or Apply it as a diff to accept (replacing the selection, or the whole file). The webviews take
// focus from the editor, so the last text editor is remembered. The code always comes from the
// extension's own record of the answer (webviewMessages.ts), never from a webview.
import * as vscode from 'vscode';
import { reindentLike } from '../../core/editor/reindent';
import type { ProposalStore } from './proposals';

export class EditorActions implements vscode.Disposable {
  private last = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.last = editor;
  });

  constructor(private readonly proposals: ProposalStore) {}

  /** The active text editor, or the last one while it is still visible. */
  lastEditor(): vscode.TextEditor | undefined {
    return vscode.window.activeTextEditor ?? (this.last && vscode.window.visibleTextEditors.includes(this.last) ? this.last : undefined);
  }

  async insert(code: string): Promise<void> {
    const editor = this.lastEditor();
    if (!editor) {
      void vscode.window.showInformationMessage('Flashlight: open a file to insert the code into.');
      return;
    }
    await editor.edit((builder) => builder.replace(editor.selection, code));
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  /** Opens a diff of the editor against the code (replacing the selection, or the whole file) and writes only on Accept. */
  async apply(code: string): Promise<void> {
    const editor = this.lastEditor();
    if (!editor) {
      void vscode.window.showInformationMessage('Flashlight: open the file to apply the code to.');
      return;
    }
    const { document, selection } = editor;
    const range = selection.isEmpty
      ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length))
      : withIndentation(document, selection);
    const original = document.getText(range);
    await this.proposals.propose({
      label: 'Apply',
      document,
      range,
      snapshot: { version: document.version, text: original },
      // Re-indented like the code it replaces, as a code action's suggestion is: a code block in
      // the chat usually comes flush left, the selection usually is not.
      replacement: reindentLike(code, original),
      why: selection.isEmpty ? 'the code block replaces the whole file.' : 'the code block replaces the selection.',
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * A selection that starts inside its line's indentation (at the first character of the code, as a
 * selection usually does) takes that indentation too: the block is then re-indented from the
 * line's real indentation, and a block that already carries it is not indented twice. A selection
 * starting after other code on its line is replaced exactly as selected.
 */
function withIndentation(document: vscode.TextDocument, selection: vscode.Selection): vscode.Range {
  const lineStart = selection.start.with({ character: 0 });
  const onlyIndentationBefore = !document.getText(new vscode.Range(lineStart, selection.start)).trim();
  return new vscode.Range(onlyIndentationBefore ? lineStart : selection.start, selection.end);
}
