// The part of the benchmarks that runs inside VS Code's extension host (code-server), loaded as the
// workbench's `extensionTestsPath`: the host requires this module and awaits run(), as it does
// for an integration suite. It times what only the host can see (activation, the moment a
// command's handler starts) and drives Explain Selection; the runner (test/bench/vscodeBench.js)
// answers on a loopback coordinator (FLASHLIGHT_BENCH_COORDINATOR) and does the rest: scripting
// the fake OpenRouter and watching the webview's DOM from the browser.
import * as vscode from 'vscode';
import type { FlashlightApi } from '../../../src/host/testApi';

const EXTENSION_ID = 'flashlight-dev.flashlight';
const WARM_RUNS = Number(process.env.FLASHLIGHT_BENCH_WARM_RUNS) || 40;
/** Runs between the cold one and the warm ones: the panel's new webview is still loading during them. */
const SETTLE_RUNS = 2;

/** Epoch milliseconds with sub-millisecond resolution: comparable across the processes of this machine. */
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function coordinator<T>(step: string, body: unknown): Promise<T> {
  const base = process.env.FLASHLIGHT_BENCH_COORDINATOR;
  if (!base) throw new Error('FLASHLIGHT_BENCH_COORDINATOR is not set: run this through test/bench/vscodeBench.js');
  const response = await fetch(`${base}/${step}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`coordinator ${step}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Opens the workspace's src/hello.ts and selects all of it, as a person would before Explain Selection. */
async function selectCode(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'src', 'hello.ts'));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const last = document.lineAt(document.lineCount - 1);
  editor.selection = new vscode.Selection(0, 0, last.lineNumber, last.text.length);
}

/** Runs the command the keybinding runs; resolves when its answer has finished streaming. */
async function explain(): Promise<number> {
  await selectCode();
  const started = now();
  await vscode.commands.executeCommand('flashlight.explainSelection');
  return started;
}

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
    // `activate` as the host runs it on the first command: the bundle's require plus activate().
    const wasActive = extension.isActive;
    const activationStarted = now();
    const api = (await extension.activate()) as FlashlightApi;
    const activationMs = now() - activationStarted;
    await selectCode();
    // The first use comes after the window has settled (code-server's workbench is still loading
    // when the host runs us), as a person's first keystroke would.
    await sleep(2000);

    // Keystroke to request: the first use after activation (cold), SETTLE_RUNS more, then the warm
    // ones. The runner matches each start with the request the fake server received next.
    const starts: number[] = [];
    for (let run = 0; run < 1 + SETTLE_RUNS + WARM_RUNS; run++) {
      starts.push(await explain());
      await sleep(300); // let the panel paint and the workbench settle, as between two real keystrokes
      // The first answer created the panel's webview, which goes on loading its bundle for a second
      // or so on these 2 cores, competing with the host for CPU: the settle runs show that; the
      // warm runs start after it.
      if (run === SETTLE_RUNS) await sleep(1500);
    }
    await coordinator('keystroke', { wasActive, activationMs, starts, settleRuns: SETTLE_RUNS });

    // Chunk to paint: the runner scripts the stream and watches the webview, we press the key.
    for (;;) {
      const next = await coordinator<{ rate?: number }>('paint-next', {});
      if (!next.rate) break;
      // What the extension posts, as it posts it: [epoch ms, type, requestId, JSON bytes, text bytes, text length].
      const posts: [number, string, number, number, number, number][] = [];
      const listening = api.onPanelPost((message) => {
        const text = 'text' in message ? message.text : '';
        posts.push([
          now(),
          message.type,
          'requestId' in message ? message.requestId : -1,
          Buffer.byteLength(JSON.stringify(message)),
          Buffer.byteLength(text),
          text.length,
        ]);
      });
      // The host's event loop lag, sampled every 10 ms: a late relay can be told from a busy host.
      const lags: [number, number][] = [];
      let expected = now() + 10;
      const sampler = setInterval(() => {
        const at = now();
        lags.push([at, at - expected]);
        expected = at + 10;
      }, 10);
      const started = await explain();
      clearInterval(sampler);
      listening.dispose();
      await coordinator('paint-done', { rate: next.rate, started, posts, lags });
    }
  } catch (error) {
    await coordinator('error', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }).catch(() => undefined);
    throw error;
  }
}
