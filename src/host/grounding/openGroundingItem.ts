// Opens the code a gathered-context item names, from the extension's own record, with its lines
// selected. Even so it opens only what the gatherer may read: an open document or a workspace file.
import * as vscode from 'vscode';
import type { GroundingItemView } from '../../protocol';
import { looksSecret } from './readableFile';

export async function openGroundingItem(item: GroundingItemView): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(item.uri, true);
  } catch {
    return;
  }
  const open = vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  if (!open && (uri.scheme !== 'file' || looksSecret(uri.path) || !vscode.workspace.getWorkspaceFolder(uri))) return;
  const document = await vscode.workspace.openTextDocument(uri);
  const end = Math.min(item.endLine, document.lineCount - 1);
  const selection = new vscode.Range(Math.min(item.startLine, end), 0, end, document.lineAt(end).text.length);
  await vscode.window.showTextDocument(document, { selection, viewColumn: vscode.ViewColumn.One, preview: true });
}
