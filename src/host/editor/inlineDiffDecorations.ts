// The inline diff's paint in the editor: removed rows struck through on the theme's removed-text
// colour, new lines drawn as injected text on the theme's inserted-text colour, rows not reached yet
// tinted. Nothing is written to the document. VS Code keeps only the first line of an injected
// text and gives extensions no way to add rows (view zones are not public API), so the new lines
// go on the range's own rows (rowPaint.ts). Hunks closed by an unchanged line never change again:
// a delta resets only the decorations of the hunk still open, so each delta costs the open hunk,
// not the whole range.
import * as vscode from 'vscode';
import { joiner, type RowPaint } from '../../core/inlineEdit/rowPaint';

const removedStyle: vscode.DecorationRenderOptions = {
  isWholeLine: true,
  backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
  textDecoration: 'line-through',
  opacity: '0.75',
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Left,
};
const addedStyle: vscode.DecorationRenderOptions = {
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Left,
};
const addedText = {
  backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
  color: new vscode.ThemeColor('editor.foreground'),
  margin: '0 0 0 2ch',
  fontStyle: 'normal',
};
// Rows not reached yet: a background tint (the diff editor's colour for code left as it was), not
// opacity. Opacity is drawn on the text of every row it covers, so each move of its boundary (a
// line of the reply) re-rendered all the rows below; a background is a layer of its own. Measured
// in code-server: the first new line painted ~17 ms sooner (p50), test/bench/inlineEdit/paintBench.js.
const pendingStyle: vscode.DecorationRenderOptions = { isWholeLine: true, backgroundColor: new vscode.ThemeColor('diffEditor.unchangedCodeBackground') };

/** Leading spaces of injected text would collapse: non-breaking ones keep the new line's indentation. */
function visible(line: string): string {
  return line.replace(/\t/g, '    ').replace(/ /g, '\u00a0') || '\u00a0';
}

interface Layer {
  removed: vscode.TextEditorDecorationType;
  added: vscode.TextEditorDecorationType;
}

function layer(): Layer {
  return { removed: vscode.window.createTextEditorDecorationType(removedStyle), added: vscode.window.createTextEditorDecorationType(addedStyle) };
}

export interface PaintInput {
  startLine: number; // the range's first line in the document now
  settled: readonly RowPaint[];
  tail: readonly RowPaint[];
  /** Rows from this one on are not reached yet (still streaming); undefined when the reply ended. */
  pendingFrom?: number;
  rowCount: number;
  /** The hover on new lines: the hunk's lines as code, readable in full. */
  languageId: string;
}

export class InlineDiffDecorations implements vscode.Disposable {
  private readonly settledLayer = layer();
  private readonly tailLayer = layer();
  private readonly pending = vscode.window.createTextEditorDecorationType(pendingStyle);
  private settledCount = -1;
  private settledStart = -1;

  /** Sets what changed since the last paint: the settled layer only when it grew or moved. */
  paint(editor: vscode.TextEditor, input: PaintInput, force = false): void {
    if (force || input.settled.length !== this.settledCount || input.startLine !== this.settledStart) {
      this.set(editor, this.settledLayer, input.settled, input);
      this.settledCount = input.settled.length;
      this.settledStart = input.startLine;
    }
    this.set(editor, this.tailLayer, input.tail, input);
    const pending: vscode.Range[] = [];
    if (input.pendingFrom !== undefined && input.pendingFrom < input.rowCount) {
      pending.push(new vscode.Range(input.startLine + input.pendingFrom, 0, input.startLine + input.rowCount - 1, 0));
    }
    editor.setDecorations(this.pending, pending);
  }

  private set(editor: vscode.TextEditor, target: Layer, rows: readonly RowPaint[], input: PaintInput): void {
    const removed: vscode.Range[] = [];
    const added: vscode.DecorationOptions[] = [];
    const document = editor.document;
    for (const row of rows) {
      const line = input.startLine + row.row;
      if (line >= document.lineCount) continue;
      if (row.removed) removed.push(new vscode.Range(line, 0, line, 0));
      if (row.added.length === 0) continue;
      const end = document.lineAt(line).range.end;
      const at = row.placement === 'before' ? new vscode.Range(line, 0, line, 0) : new vscode.Range(end, end);
      const contentText = row.added.map(visible).join(joiner);
      const hover = new vscode.MarkdownString().appendCodeblock(row.added.join('\n'), input.languageId);
      added.push({
        range: at,
        hoverMessage: hover,
        renderOptions: row.placement === 'before' ? { before: { ...addedText, contentText, margin: '0 2ch 0 0' } } : { after: { ...addedText, contentText } },
      });
    }
    editor.setDecorations(target.removed, removed);
    editor.setDecorations(target.added, added);
  }

  clear(editor: vscode.TextEditor | undefined): void {
    if (!editor) return;
    for (const type of [this.settledLayer.removed, this.settledLayer.added, this.tailLayer.removed, this.tailLayer.added, this.pending])
      editor.setDecorations(type, []);
    this.settledCount = -1;
  }

  dispose(): void {
    for (const type of [this.settledLayer.removed, this.settledLayer.added, this.tailLayer.removed, this.tailLayer.added, this.pending]) type.dispose();
  }
}
