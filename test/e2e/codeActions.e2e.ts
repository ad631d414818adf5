// Code actions as a person uses them, in a real VS Code (code-server in headless Chromium): a
// TypeScript error squiggle, Ctrl+. for the Quick Fix menu, "Fix with Flashlight" picked with the
// keyboard, the suggestion shown in the diff editor, accepted with the Accept button in the diff
// editor's title bar; then a selection, Simplify, and Reject, which leaves the file as it was.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { openFile, openWorkbenchWithFake, runCommand, screenshot, selectLines, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-code-actions-0123456789';
const typeError = "Type 'string' is not assignable to type 'number'.";
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  // This file covers the side-by-side diff editor, which flashlight.codeActions.diffStyle keeps
  // (the inline diff is the default: inlineEdit.e2e.ts and the integration tests cover it).
  wb = await openWorkbenchWithFake({ apiKey: key, settings: { 'flashlight.codeActions.diffStyle': 'sideBySide' } });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

const ACTION_ROW = '.action-widget .monaco-list-row';
const DIFF_EDITOR = '.editor-instance .monaco-diff-editor';

/** Monaco renders spaces as no-break spaces: read them as spaces. */
async function linesOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\u00a0/g, ' ');
}

/**
 * The lines of a diff side once Monaco has drawn them: the diff editor is visible before its sides
 * have rendered (a fresh-clone run read the modified side empty). Waits for `expected` to show,
 * then returns what is there; the caller's assertion still decides.
 */
async function renderedLinesOf(page: Page, selector: string, expected: RegExp): Promise<string> {
  for (let tries = 0; tries < 150 && !expected.test(await linesOf(page, selector)); tries++) await page.waitForTimeout(100);
  return linesOf(page, selector);
}

/** The text the active (non-diff) editor shows, lines joined. */
function editorText(page: Page): Promise<string> {
  return linesOf(page, '.editor-instance .monaco-editor .view-lines');
}

async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'hidden', timeout: 15_000 });
}

/**
 * Ctrl+. opens the code action menu; Down moves through it until `title` is focused, then Enter.
 * Returns every row's text. As a person would, it waits for the lightbulb first, and presses Ctrl+.
 * again when the editor answered "No code actions available": that happens when the keypress lands
 * while the editor is still re-asking every provider after the selection moved.
 */
async function pickCodeAction(page: Page, title: string, shot: string): Promise<string[]> {
  await page.locator('.editor-instance .monaco-editor .lightBulbWidget').first().waitFor({ state: 'visible', timeout: 60_000 });
  const wanted = page.locator(ACTION_ROW).filter({ hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+.');
    try {
      await wanted.waitFor({ state: 'visible', timeout: 15_000 });
      break;
    } catch (error) {
      await screenshot(page, `${shot}-missing-${attempt}`);
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
  const rows = await page.locator(ACTION_ROW).allInnerTexts();
  for (let step = 0; step < rows.length + 2; step++) {
    const focused = await page.locator(`${ACTION_ROW}.focused`).allInnerTexts();
    if (focused.some((text) => text.includes(title))) {
      await screenshot(page, shot);
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      return rows;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`"${title}" never got the focus in the code action menu: ${rows.join(' | ')}`);
}

function titleButton(page: Page, label: string) {
  return page.locator(`.editor-group-container.active .editor-actions a.action-label[aria-label^="${label}"]`).first();
}

test('Ctrl+. on a TypeScript error, "Fix with Flashlight", the diff, Accept in its title bar', { timeout: 300_000 }, async () => {
  const { page } = wb;
  const fixed = [
    'export function restock(item: Item, amount: number): Item {',
    '  const quantity: number = item.quantity + amount;',
    '  return { ...item, quantity };',
    '}',
  ].join('\n');
  fake.enqueue({ text: `\`\`\`typescript\n${fixed}\n\`\`\`\nWhy: \`String(amount)\` turned the sum into a string.`, chunkSize: 20, chunkDelayMs: 20 });

  await openFile(page, 'src/inventory.ts');
  // The built-in TypeScript server underlines the error (it can take a while to start).
  await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout: 180_000 });
  await goTo(page, 7, 9);
  const rows = await pickCodeAction(page, 'Fix with Flashlight', 'code-actions-quick-fix-menu');
  assert.ok(
    rows.some((row) => row.includes('Fix with Flashlight')),
    rows.join(' | '),
  );

  // The suggestion opens in the diff editor, with Accept and Reject in its title bar.
  await page.locator(DIFF_EDITOR).first().waitFor({ state: 'visible', timeout: 60_000 });
  const accept = titleButton(page, 'Accept Suggestion');
  await accept.waitFor({ state: 'visible', timeout: 30_000 });
  await titleButton(page, 'Reject Suggestion').waitFor({ state: 'visible', timeout: 10_000 });
  const modified = await renderedLinesOf(page, `${DIFF_EDITOR} .editor.modified .view-lines`, /item\.quantity \+ amount;/);
  assert.match(modified, /item\.quantity \+ amount;/);
  const original = await renderedLinesOf(page, `${DIFF_EDITOR} .editor.original .view-lines`, /String\(amount\)/);
  assert.match(original, /String\(amount\)/);
  assert.match(await page.locator('.tabs-container .tab.active').first().innerText(), /inventory\.ts ↔ Flashlight Fix/);
  await page.locator('.notification-toast', { hasText: 'turned the sum into a string' }).first().waitFor({ timeout: 15_000 });
  await screenshot(page, 'code-actions-diff');

  // What went out: the diagnostic's message with the code around it.
  const sent = fake.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.equal(sent.length, 1, 'one request, sent when the action was picked');
  const user = sent[0].body.messages.find((message: { role: string }) => message.role === 'user').content as string;
  assert.ok(user.includes(typeError), 'the request carries the diagnostic');
  assert.match(user, /export function restock/);

  await accept.click();
  await page.locator(DIFF_EDITOR).first().waitFor({ state: 'detached', timeout: 30_000 });
  // Accept ends by showing the file with the change and saying so in the status bar; the next test's
  // palette, opened before that, lost the focus to the file and closed (seen once in CI).
  await page
    .locator('.part.statusbar', { hasText: /applied to src\/inventory\.ts/ })
    .first()
    .waitFor({ timeout: 30_000 });
  const after = await editorText(page);
  assert.match(after, /const quantity: number = item\.quantity \+ amount;/);
  assert.doesNotMatch(after, /String\(amount\)/);
  await screenshot(page, 'code-actions-accepted');
});

test('a selection, "Simplify with Flashlight" from Ctrl+., Reject in the title bar: the file stays as it was', { timeout: 240_000 }, async () => {
  const { page } = wb;
  fake.reset();
  await runCommand(page, 'View: Close All Editors');
  fake.enqueue({
    text: '```typescript\nexport const isLow = (item: Item): boolean => item.quantity < 3;\n```\nWhy: an arrow function says the same in one line.',
  });
  await openFile(page, 'src/inventory.ts');
  const before = await editorText(page);
  await selectLines(page, 11, 13);
  await pickCodeAction(page, 'Simplify with Flashlight', 'code-actions-refactor-menu');
  await page.locator(DIFF_EDITOR).first().waitFor({ state: 'visible', timeout: 60_000 });
  const simplified = /export const isLow = \(item: Item\): boolean =>/;
  assert.match(await renderedLinesOf(page, `${DIFF_EDITOR} .editor.modified .view-lines`, simplified), simplified);
  await titleButton(page, 'Reject Suggestion').click();
  await page.locator(DIFF_EDITOR).first().waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await editorText(page), before);
  await screenshot(page, 'code-actions-rejected');
});
