// The webview's HTML and its Content Security Policy: scripts only by nonce, styles and fonts
// from the extension's own files, images only from our own files, data: and blob: (so a model
// talked into emitting a remote image URL loads nothing), and no connections at all.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DomIds } from '../../protocol';
import { earlyComposerHtml, earlyComposerScript } from './earlyComposer';

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, view: 'panel' | 'chat' = 'panel'): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    "connect-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  // The chat's stylesheets come after its early composer's script (earlyComposer.ts): a script
  // waits for the stylesheets above it, and that one must take the focus at once. The page stays
  // hidden until it has loaded, so nothing shows unstyled.
  const styles = `<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${view === 'panel' ? styles : ''}<title>${title}</title>
</head>
<body data-view="${view}">
<main id="${DomIds.root}">${view === 'panel' ? `<div id="${DomIds.answer}" aria-live="polite"><p class="empty">Select code and run <b>Flashlight: Explain Selection</b>.</p></div>` : earlyComposerHtml}</main>
${view === 'chat' ? `<script nonce="${nonce}">${earlyComposerScript}</script>\n${styles}` : ''}<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
