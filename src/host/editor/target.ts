// What an action works on: the lines a code action or a palette command points at. A selection is
// widened to whole lines (a suggestion then replaces whole lines, which reads well in a diff and
// keeps indentation right); with none, the enclosing block is used, as Explain Selection does.
import * as vscode from 'vscode';
import { codeUnderCursor, contextFor } from './codeUnderCursor';
import { indentationBlock } from '../../core/editor/indentationBlock';
import { binaryRefusal, looksBinary, type CodeContext } from '../../core/prompts/code';
import type { Surroundings } from '../../core/prompts/editContext';
import { isActionArgs, type ActionArgs } from '../../core/codeActions/actionArgs';
import { contextLines } from '../../core/codeActions/fixRange';

export interface CodeTarget {
  document: vscode.TextDocument;
  /** Whole lines: from the start of the first to the end of the last (its line break excluded). */
  range: vscode.Range;
  context: CodeContext;
  /** The document's version when `context.code` was read: the edit guard's reference. */
  version: number;
  /** Said to the user when the code is not exactly what they selected. */
  note?: string;
}

export function wholeLines(document: vscode.TextDocument, startLine: number, endLine: number): vscode.Range {
  return new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).text.length);
}

/** A selection ending at column 0 of a line (a triple-click, Shift+Down) does not take that line. */
function widen(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  const endLine = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  return wholeLines(document, range.start.line, endLine);
}

export async function documentFor(uri: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  return open ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
}

function targetIn(document: vscode.TextDocument, range: vscode.Range, note?: string): CodeTarget {
  return { document, range, context: contextFor(document, range), version: document.version, note };
}

/** From a code action's arguments, or (from the palette, no arguments) the active editor. */
export async function resolveTarget(args: unknown): Promise<CodeTarget | undefined> {
  if (isActionArgs(args)) return fromArgs(args);
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  if (!editor.selection.isEmpty) return targetIn(editor.document, widen(editor.document, editor.selection));
  const found = await codeUnderCursor(editor);
  if (!found) return undefined;
  return targetIn(editor.document, widen(editor.document, found.range), found.note);
}

async function fromArgs(args: ActionArgs): Promise<CodeTarget | undefined> {
  const document = await documentFor(args.uri);
  const last = document.lineCount - 1;
  const [startLine, startCharacter, endLine, endCharacter] = args.range;
  const range = document.validateRange(new vscode.Range(Math.min(startLine, last), startCharacter, Math.min(endLine, last), endCharacter));
  if (!range.isEmpty) return targetIn(document, widen(document, range));
  // At the cursor: the same block Explain Selection would take, when this is the active editor.
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document === document && editor.selection.active.line === range.start.line) {
    const found = await codeUnderCursor(editor);
    if (found) return targetIn(document, widen(document, found.range), found.note);
  }
  const lines = document.getText().split(/\r?\n/);
  const block = indentationBlock(lines, range.start.line);
  if (!block) return undefined;
  const note = block.start === block.end ? 'No selection: used the current line' : 'No selection: used the enclosing block';
  return targetIn(document, wholeLines(document, block.start, block.end), note);
}

/** The lines just above and below `range`, shown to the model as read-only context. */
export function surroundingsOf(document: vscode.TextDocument, range: vscode.Range, lines = contextLines): Surroundings {
  const beforeStart = Math.max(0, range.start.line - lines);
  const afterEnd = Math.min(document.lineCount - 1, range.end.line + lines);
  const before = range.start.line > 0 ? document.getText(wholeLines(document, beforeStart, range.start.line - 1)) : '';
  const after = range.end.line < document.lineCount - 1 ? document.getText(wholeLines(document, range.end.line + 1, afterEnd)) : '';
  return { before, after };
}

/** Empty or binary code gets a clear message and nothing is sent. */
export function refusal(target: CodeTarget | undefined, verb: string): string | undefined {
  if (!target || !target.context.code.trim()) {
    return `Flashlight: nothing to ${verb} here. Select some code, or put the cursor inside a block.`;
  }
  if (looksBinary(target.context.code)) return binaryRefusal;
  return undefined;
}
