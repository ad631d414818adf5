// The model picker as a person uses it, in a real VS Code (code-server in headless Chromium): click
// the model in the status bar, read the list (Gemini Flash first, context, prices, images), choose
// a model, and see the next request carry it; then type an id that is not in the list.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { findWebviewFrame, openFile, openWorkbench, runCommand, screenshot, selectLines, type Workbench } from './workbench';

const key = 'sk-or-v1-e2e-model-picker-0123456789';
const QUICK_INPUT = '.quick-input-widget';
const ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
let fake: FakeOpenRouter;
let wb: Workbench;

before(async () => {
  fake = await startFakeOpenRouter();
  wb = await openWorkbench({ settings: { 'flashlight.baseUrl': fake.baseUrl }, env: { OPENROUTER_API_KEY: key } });
});

after(async () => {
  await wb?.stop();
  await fake?.close();
});

const statusItem = (page: Page) => page.locator('.part.statusbar [id="flashlight-dev.flashlight.flashlight.model"]');
const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));

async function explainAndWait(page: Page): Promise<void> {
  const before = chatRequests().length;
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 1, 3);
  await runCommand(page, 'Flashlight: Explain Selection');
  const frame = await findWebviewFrame(page, '#flashlight-answer .answer', 30_000);
  await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(chatRequests().length, before + 1);
}

test('the status bar names the model; clicking it opens the picker with Gemini Flash first and the numbers on each', { timeout: 240_000 }, async () => {
  const item = statusItem(wb.page);
  await item.waitFor({ state: 'visible', timeout: 60_000 });
  assert.match(await item.innerText(), /gemini-flash-latest/);

  await item.click();
  await wb.page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'visible', timeout: 20_000 });
  await wb.page.locator(ROW).filter({ hasText: 'Google: Gemini 2.5 Flash' }).first().waitFor({ timeout: 30_000 });
  assert.ok(fake.requests.some((request) => request.path.endsWith('/models')), 'the list came from GET /models');

  const rows = await wb.page.locator(ROW).allInnerTexts();
  const flat = rows.map((row) => row.replace(/\s+/g, ' ').trim());
  assert.match(flat[0] ?? '', /Gemini Flash/, 'the Gemini Flash group comes first');
  assert.match(flat[0] ?? '', /Google: Gemini Flash Latest/);
  const flash = flat.find((row) => row.includes('google/gemini-2.5-flash'))!;
  assert.match(flash, /1\.05M context · \$0\.30 in · \$2\.50 out per 1M tokens · reads images/);
  const images = await wb.page.locator(ROW).filter({ hasText: 'google/gemini-2.5-flash' }).first().locator('.codicon-file-media').count();
  assert.equal(images, 1, 'an image icon on a model that reads images');
  assert.match(await wb.page.locator(`${QUICK_INPUT} .quick-input-title`).innerText(), /Flashlight: Choose Model/);
  await screenshot(wb.page, 'model-picker');
  await wb.page.keyboard.press('Escape');
});

test('a model chosen in the picker is what the next request carries, and the status bar shows it', { timeout: 240_000 }, async () => {
  fake.reset();
  await statusItem(wb.page).click();
  await wb.page.locator(ROW).filter({ hasText: 'Google: Gemini 2.0 Flash' }).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.type('gemini-2.0-flash-001');
  const row = wb.page.locator(`${ROW}.focused`).filter({ hasText: 'google/gemini-2.0-flash-001' });
  await row.waitFor({ timeout: 10_000 });
  await screenshot(wb.page, 'model-picker-filtered');
  await wb.page.keyboard.press('Enter');
  await wb.page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'hidden', timeout: 10_000 });

  await statusItem(wb.page).filter({ hasText: 'Gemini 2.0 Flash' }).waitFor({ timeout: 15_000 });
  await explainAndWait(wb.page);
  assert.equal(chatRequests().at(-1)?.body.model, 'google/gemini-2.0-flash-001');
  const frame = await findWebviewFrame(wb.page, '#flashlight-answer .answer');
  assert.match(await frame.locator('.answer-footer').innerText(), /^google\/gemini-2\.0-flash-001 · /);
  await screenshot(wb.page, 'model-picker-answer');
});

test('an id typed into the picker that OpenRouter does not list can still be used', { timeout: 240_000 }, async () => {
  fake.reset();
  await runCommand(wb.page, 'Flashlight: Choose Model');
  await wb.page.locator(ROW).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.type('mistralai/mistral-small-3.2:free');
  await wb.page.locator(`${ROW}.focused`).filter({ hasText: 'Use this model id' }).waitFor({ timeout: 10_000 });
  await wb.page.keyboard.press('Enter');
  await statusItem(wb.page).filter({ hasText: 'mistral-small-3.2:free' }).waitFor({ timeout: 15_000 });
  await explainAndWait(wb.page);
  assert.equal(chatRequests().at(-1)?.body.model, 'mistralai/mistral-small-3.2:free');
});
