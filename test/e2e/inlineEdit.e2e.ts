// Edit in place as a person uses it, in a real VS Code (code-server in headless Chromium): a
// selection, Ctrl+Alt+U, an instruction typed into the quick pick, the edit streaming into the
// editor as an inline diff (screenshot mid-stream), Ctrl+Enter to accept; then Escape to reject,
// which leaves the file as it was.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { openFile, openWorkbenchWithFake, screenshot, selectLines, waitForFlashlight, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-inline-edit-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

// test/fixtures/workspace/src/inventory.ts, lines 11-13: isLow.
const edited = ['export function isLow(item: Item, threshold = 3): boolean {', '  return item.quantity < threshold;', '}'].join('\n');
const reply = `\`\`\`typescript\n${edited}\n\`\`\`\nWhy: the threshold is a parameter now.\n`;

/** Monaco renders spaces as no-break spaces: read them as spaces. */
async function editorText(page: Page): Promise<string> {
  return (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The injected new lines the inline diff paints (CSS ::before/::after content, not DOM text). */
async function paintedNewLines(page: Page): Promise<string[]> {
  return page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .evaluate((lines) => {
      const out: string[] = [];
      for (const span of Array.from(lines.querySelectorAll('span'))) {
        for (const pseudo of ['::before', '::after']) {
          const content = getComputedStyle(span, pseudo).content;
          if (content && content !== 'none' && content !== 'normal' && content !== '""') out.push(content.replace(/^"|"$/g, '').replace(/\u00a0/g, ' '));
        }
      }
      return out;
    });
}

function lens(page: Page, text: string) {
  return page.locator('.editor-instance .codelens-decoration', { hasText: text }).first();
}

async function startEdit(page: Page, instruction: string): Promise<void> {
  await openFile(page, 'src/inventory.ts');
  await selectLines(page, 11, 13);
  await page.keyboard.press('Control+Alt+U');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.type(instruction);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

test('Ctrl+Alt+U, an instruction, the diff streaming in, Ctrl+Enter accepts; Escape rejects', { timeout: 300_000 }, async () => {
  const { page } = wb;
  await waitForFlashlight(page); // Flashlight activates after startup
  fake.enqueue({ text: reply, chunkSize: 6, chunkDelayMs: 150 });
  await startEdit(page, 'make the threshold a parameter');

  // Mid-stream: the first new line painted, the rest still coming, the lens says it is editing.
  await lens(page, 'editing').waitFor({ state: 'visible', timeout: 30_000 });
  let painted: string[] = [];
  for (let tries = 0; tries < 100 && !painted.some((line) => line.includes('threshold = 3')); tries++) {
    await page.waitForTimeout(50);
    painted = await paintedNewLines(page);
  }
  assert.ok(
    painted.some((line) => line.includes('export function isLow(item: Item, threshold = 3): boolean {')),
    painted.join(' | '),
  );
  assert.ok(await lens(page, 'editing').isVisible(), 'still streaming when the first line is painted');
  await screenshot(page, 'inline-edit-mid-stream');
  assert.doesNotMatch(await editorText(page), /threshold/, 'nothing written to the document mid-stream');

  const accept = lens(page, 'Accept (Ctrl+Enter)');
  await accept.waitFor({ state: 'visible', timeout: 60_000 });
  await lens(page, 'Reject (Esc)').waitFor({ state: 'visible', timeout: 5_000 });
  await screenshot(page, 'inline-edit-done');
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Enter');
  await accept.waitFor({ state: 'detached', timeout: 15_000 });
  const text = await editorText(page);
  assert.match(text, /export function isLow\(item: Item, threshold = 3\): boolean \{/);
  assert.match(text, /return item\.quantity < threshold;/);
  assert.doesNotMatch(text, /return item\.quantity < 3;/);
  assert.deepEqual(await paintedNewLines(page), [], 'no decorations left after Accept');
  await screenshot(page, 'inline-edit-accepted');
  await page.keyboard.press('Control+Z');
  // Monaco renders spaces as no-break spaces.
  await page.waitForFunction(
    () =>
      document
        .querySelector('.editor-instance .view-lines')
        ?.textContent?.replace(/\u00a0/g, ' ')
        .includes('< 3;'),
    undefined,
    {
      timeout: 10_000,
    },
  );

  // Escape rejects: the lens goes, the file is as it was.
  const before = await editorText(page);
  fake.enqueue({ text: reply, chunkSize: 40 });
  await startEdit(page, 'make the threshold a parameter');
  await lens(page, 'Accept (Ctrl+Enter)').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Escape');
  await lens(page, 'Reject (Esc)').waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await editorText(page), before);
  assert.deepEqual(await paintedNewLines(page), []);
});
