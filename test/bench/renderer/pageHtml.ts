// The benchmark page's HTML: the answer panel's real HTML (src/host/views/webviewHtml.ts, so ids, CSP
// and load order stay in step with the product), its asset URLs pointed at the bench origin, the
// bench driver loaded before the webview bundle, and a container for the naive renderer.
// Bundled for Node by test/bench/build.js with `vscode` aliased to a tiny stub.
import type * as vscode from 'vscode';
import { webviewHtml } from '../../../src/host/views/webviewHtml';

export function benchPageHtml(origin: string, driverPath: string): string {
  const webview = {
    cspSource: origin,
    asWebviewUri: (uri: { path: string }) => ({ toString: () => `${origin}${uri.path}` }),
  } as unknown as vscode.Webview;
  const html = webviewHtml(webview, { path: '' } as unknown as vscode.Uri, 'Flashlight', 'panel');
  const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
  if (!nonce) throw new Error('bench page: no script nonce in the webview HTML');
  const driver = `<script nonce="${nonce}" src="${origin}${driverPath}"></script>\n`;
  const withDriver = html.replace(`<script nonce="${nonce}"`, `${driver}<script nonce="${nonce}"`);
  return withDriver.replace('</main>', '<div id="naive-answer"></div></main>');
}
