// Which files the context may read: the document the user is in, and files inside the workspace
// folders that do not look like secrets. A definition in a .env file or a key is never sent.
import * as vscode from 'vscode';

const secretLooking = [
  /^\.env(\..*)?$/i,
  /\.(pem|key|p12|pfx|jks|keystore)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^\.(npmrc|netrc|pypirc)$/i,
  /^credentials(\.json)?$/i,
];

export function looksSecret(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return secretLooking.some((pattern) => pattern.test(base));
}

/** True when the context may read `uri`: the user's own document, or a workspace file not secret-looking. */
export function mayRead(uri: vscode.Uri, from: vscode.TextDocument): boolean {
  if (uri.toString() === from.uri.toString()) return true;
  if (uri.scheme !== 'file' || looksSecret(uri.path)) return false;
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}
