// The webview's HTML and its Content Security Policy: scripts only by nonce, styles and fonts
// from the extension's own files, images only from our own files, data: and blob: (so a model
// talked into emitting a remote image URL loads nothing), and no connections at all.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DomIds } from '../../protocol';

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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<title>${title}</title>
</head>
<body data-view="${view}">
<main id="${DomIds.root}">${view === 'panel' ? `<div id="${DomIds.answer}" aria-live="polite"><p class="empty">Select code and run <b>Flashlight: Explain Selection</b>.</p></div>` : earlyComposer}</main>
${view === 'chat' ? `<script nonce="${nonce}">${focusEarlyComposer}</script>` : ''}
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}

// The chat's composer input exists before the bundle loads (chatApp.ts adopts it, with what it
// holds): a person who pressed the chat's focus key types at once, and the characters typed while
// the page's ~200 KB script is still loading land here instead of nowhere (issue 18).
const earlyComposer = `<textarea id="${DomIds.composerInput}" class="early-composer" rows="3" aria-label="Ask Flashlight about your code"></textarea>`;

// The page's first script: when the view has the focus (the focus key, a click on the view), the
// input takes it at once; if the focus comes a moment later (VS Code focuses the page once it has
// loaded), then. Never taken from another element of the page, nor when the view is only shown.
const focusEarlyComposer = `(function () {
  var input = document.getElementById('${DomIds.composerInput}');
  function take() { if (input.isConnected && (!document.activeElement || document.activeElement === document.body)) input.focus(); }
  if (document.hasFocus()) take();
  window.addEventListener('focus', take, { once: true });
})();`;
