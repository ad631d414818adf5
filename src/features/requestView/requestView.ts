// "View request": opens the request behind an answer as a read-only markdown document on the
// `flashlight-request:` scheme (a content provider's documents cannot be edited or saved over).
// The text comes from the extension's own record (core/requestView/sentRequests.ts); the webview
// only names the answer.
import * as vscode from 'vscode';
import { keptRequests, type SentRequests } from '../../core/requestView/sentRequests';

export const requestScheme = 'flashlight-request';

export function requestUri(requestId: number): vscode.Uri {
  return vscode.Uri.from({ scheme: requestScheme, path: `/request-${requestId}.md` });
}

function requestIdOf(uri: vscode.Uri): number | undefined {
  const match = /^\/request-(\d+)\.md$/.exec(uri.path);
  return match ? Number(match[1]) : undefined;
}

export class RequestView implements vscode.TextDocumentContentProvider {
  constructor(private readonly sent: Pick<SentRequests, 'get'>) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = requestIdOf(uri);
    const text = id === undefined ? undefined : this.sent.get(id);
    return (
      text ??
      `# Request not kept\n\nFlashlight keeps the requests of the latest ${keptRequests} answers of this window only; this one is older, or from before a reload.\n`
    );
  }

  async show(requestId: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(requestUri(requestId));
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(requestScheme, this);
  }
}
