// What "Explain Selection" sends: the selection, or with none the enclosing block (from the
// language's document symbols when they answer quickly, else by indentation), or the line.
import * as vscode from 'vscode';
import type { CodeContext } from '../../core/prompts/code';
import { indentationBlock } from '../../core/editor/indentationBlock';

export interface CodeUnderCursor {
  context: CodeContext;
  range: vscode.Range;
  /** Said to the user when the code is not exactly what they selected. */
  note?: string;
}

const symbolTimeoutMs = 150;
const blockKinds = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace,
]);

export function relativeName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false);
}

export function contextFor(document: vscode.TextDocument, range: vscode.Range): CodeContext {
  return {
    code: document.getText(range),
    languageId: document.languageId,
    fileName: relativeName(document),
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
  };
}

async function innermostSymbol(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Range | undefined> {
  const symbols = await Promise.race([
    Promise.resolve(
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri),
    ).catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), symbolTimeoutMs)),
  ]);
  let best: vscode.Range | undefined;
  const visit = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const symbol of list) {
      const range = 'range' in symbol ? symbol.range : symbol.location.range;
      if (!range.contains(position)) continue;
      if (blockKinds.has(symbol.kind) && range.end.line - range.start.line < 400) best = range;
      if ('children' in symbol && symbol.children?.length) visit(symbol.children);
    }
  };
  visit(symbols ?? []);
  return best;
}

export async function codeUnderCursor(editor: vscode.TextEditor): Promise<CodeUnderCursor | undefined> {
  const { document, selection } = editor;
  if (!selection.isEmpty) {
    // Whole lines read better than a selection that starts mid-token; the range sent is exact.
    return { context: contextFor(document, selection), range: selection };
  }
  const position = selection.active;
  const symbolRange = await innermostSymbol(document, position);
  if (symbolRange) {
    const range = new vscode.Range(symbolRange.start.line, 0, symbolRange.end.line, document.lineAt(symbolRange.end.line).text.length);
    return { context: contextFor(document, range), range, note: 'No selection: used the enclosing block' };
  }
  const lines = document.getText().split(/\r?\n/);
  const block = indentationBlock(lines, position.line);
  if (!block) return undefined;
  const range = new vscode.Range(block.start, 0, block.end, lines[block.end].length);
  const note = block.start === block.end ? 'No selection: used the current line' : 'No selection: used the enclosing block';
  return { context: contextFor(document, range), range, note };
}
