// End-to-end smoke test: the real workbench opens with Flashlight loaded, shows the workspace, and
// the keyboard helpers work (quick open, line selection, the command palette).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { cursorStatus, openFile, openWorkbench, runCommand, screenshot, selectLines } from './workbench';

const FILE = 'e2e-smoke.ts';
const CONTENT = ['export function add(a: number, b: number): number {', '  return a + b;', '}', ''].join('\n');

test('the workbench loads with Flashlight and shows the workspace', { timeout: 240_000 }, async () => {
  const wb = await openWorkbench({ files: { [FILE]: CONTENT } });
  try {
    const { page } = wb;
    // The explorer lists the workspace's files.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).waitFor({ timeout: 60_000 });

    // Quick open and a keyboard selection of lines 1-2.
    await openFile(page, FILE);
    await selectLines(page, 1, 2);
    // The status bar updates a moment after the keys; right after the window opens (the TypeScript
    // server and the extension starting) the first keys can land before the editor takes them.
    // Wait for the whole selection, not any: Shift+Down shows "selected" before Shift+End lands.
    const selected = /Ln 2, Col 16 \(67 selected\)/;
    let status = await cursorStatus(page);
    for (let tries = 0; tries < 50 && !selected.test(status ?? ''); tries++) {
      if (tries === 25) await selectLines(page, 1, 2);
      await page.waitForTimeout(100);
      status = await cursorStatus(page);
    }
    assert.match(status ?? '', selected, `status bar: ${status}`);

    // The extension is loaded and activated: the running extensions list shows it with its activation time.
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page.locator('.editor-instance .monaco-list-row', { hasText: /flashlight/i }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), /Activation: \d+ms/);

    const file = await screenshot(page, 'e2e-smoke');
    assert.ok(fs.statSync(file).size > 10_000, 'screenshot written');
  } catch (error) {
    await screenshot(wb.page, 'e2e-smoke-failure').catch(() => undefined);
    throw error;
  } finally {
    await wb.stop();
  }
});
