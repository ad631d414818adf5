// The extension-host side of the first-paint bench (test/bench/firstPaint.js), loaded as the
// workbench's `extensionTestsPath` in a fresh window per run. In an "explain" window it presses
// Explain Selection once with no panel yet (the first Explain), then again with the panel open;
// in a "chat" window it opens the chat view for the first time and lets the runner type the first
// message in it. It notes what only the host sees, in epoch ms: when each command started, when
// the panel's webview was created and said `ready` (the extension's test hooks), and when the
// extension posted each message to the panel. The runner adds the fake server's and the
// webview's own times.
import * as vscode from 'vscode';
import type { FlashlightApi } from '../../../src/host/testApi';

const EXTENSION_ID = 'flashlight-dev.flashlight';
const LATER_RUNS = Number(process.env.FLASHLIGHT_BENCH_LATER_RUNS) || 20;

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function coordinator<T>(step: string, body: unknown): Promise<T> {
  const base = process.env.FLASHLIGHT_BENCH_COORDINATOR;
  if (!base) throw new Error('FLASHLIGHT_BENCH_COORDINATOR is not set: run this through test/bench/firstPaint.js');
  const response = await fetch(`${base}/${step}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`coordinator ${step}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function selectCode(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'src', 'hello.ts'));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const last = document.lineAt(document.lineCount - 1);
  editor.selection = new vscode.Selection(0, 0, last.lineNumber, last.text.length);
}

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
    const api = (await extension.activate()) as FlashlightApi;
    const marks: [number, string][] = [];
    const posts: [number, string, number][] = [];
    api.onPanelMark((mark) => marks.push([now(), mark]));
    api.onPanelPost((message) => posts.push([now(), message.type, 'requestId' in message ? message.requestId : -1]));
    await selectCode();
    // As a person's first keystroke comes: after the window has settled (the workbench is still
    // loading when the host runs us) and after the extension's warm-up a second after activation.
    await sleep(3000);
    const { mode } = await coordinator<{ mode: string }>('mode', {});
    if (mode === 'chat') {
      const opened = now();
      await vscode.commands.executeCommand('flashlight.chat.focus');
      await coordinator('chat', { opened });
      return;
    }
    const starts: number[] = [];
    for (let run = 0; run < 1 + LATER_RUNS; run++) {
      await selectCode();
      starts.push(now());
      await vscode.commands.executeCommand('flashlight.explainSelection');
      // Between two keystrokes; after the first, the new webview finishes loading first.
      await sleep(run === 0 ? 2000 : 300);
    }
    await coordinator('explain', { starts, marks, posts });
  } catch (error) {
    await coordinator('error', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }).catch(() => undefined);
    throw error;
  }
}
