// The model picker as a person uses it, in a real VS Code (code-server in headless Chromium): click
// the model in the status bar, read the list (Gemini Flash first, context, prices, images), choose
// a model, and see the next request carry it; then type an id that is not in the list. Then what
// else issue 6 shows in the workbench: a 429 counted down in the panel and answered by a fallback
// model, Show Key Status, and the request log in the output channel.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  newAnswerFrame,
  NEW_ANSWER,
  openFile,
  openWorkbenchWithFake,
  runCommand,
  screenshot,
  selectLines,
  type WorkbenchWithFake,
  FLASHLIGHT_STATUS_BAR_ITEM,
  openFromPalette,
  QUICK_INPUT,
  QUICK_INPUT_ROW,
} from './workbench';

const key = 'sk-or-v1-e2e-model-picker-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key, settings: { 'flashlight.fallbackModels': ['google/gemini-2.0-flash-001'] } });
  fake = wb.fake;
  // The item appears once the extension host has loaded and activated Flashlight: only then does
  // the command palette, which lists commands as it opens, know Flashlight's commands.
  await statusItem(wb.page).waitFor({ state: 'visible', timeout: 90_000 });
});

after(async () => {
  await wb?.stop();
});

/** Runs a test body; on failure, a screenshot of what the workbench showed goes beside the results. */
function withFailureShot(name: string, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      await screenshot(wb.page, `failed-${name}`).catch(() => undefined);
      throw error;
    }
  };
}

const statusItem = (page: Page) => page.locator(FLASHLIGHT_STATUS_BAR_ITEM);
const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));

async function explainAndWait(page: Page): Promise<void> {
  const before = chatRequests().length;
  // An answer already in the panel is marked, so only the new one's end is waited for.
  const frame = await newAnswerFrame(page, async () => {
    await openFile(page, 'src/hello.ts');
    await selectLines(page, 1, 3);
    await runCommand(page, 'Flashlight: Explain Selection');
  });
  await frame.locator(`${NEW_ANSWER}[data-state="done"]`).waitFor({ timeout: 30_000 });
  assert.equal(chatRequests().length, before + 1);
}

test(
  'the status bar names the model; clicking it opens the picker with Gemini Flash first and the numbers on each',
  { timeout: 240_000 },
  withFailureShot('status-bar-picker', async () => {
    const item = statusItem(wb.page);
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    // The model list is kept at hand (fetched in the background, no key, never delaying a
    // request): once it is in, the item names the model by its name, not its id.
    await item.filter({ hasText: 'Gemini Flash Latest' }).waitFor({ timeout: 30_000 });
    assert.match(await item.innerText(), /Gemini Flash Latest/);

    await item.click();
    await wb.page.locator(`${QUICK_INPUT} .quick-input-box input`).waitFor({ state: 'visible', timeout: 20_000 });
    await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'Google: Gemini 2.5 Flash' }).first().waitFor({ timeout: 30_000 });
    assert.ok(
      fake.requests.some((request) => request.path.endsWith('/models')),
      'the list came from GET /models',
    );

    const rows = await wb.page.locator(QUICK_INPUT_ROW).allInnerTexts();
    const flat = rows.map((row) => row.replace(/\s+/g, ' ').trim());
    assert.match(flat[0] ?? '', /Gemini Flash/, 'the Gemini Flash group comes first');
    assert.match(flat[0] ?? '', /Google: Gemini Flash Latest/);
    // The alias says what it routes to today (the list's alias_target).
    assert.match(flat[0] ?? '', /~google\/gemini-flash-latest → google\/gemini-3-flash-preview/);
    const flash = flat.find((row) => row.includes('google/gemini-2.5-flash'))!;
    assert.match(flash, /1\.05M context · \$0\.30 in · \$2\.50 out per 1M tokens · reads images/);
    const images = await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'google/gemini-2.5-flash' }).first().locator('.codicon-file-media').count();
    assert.equal(images, 1, 'an image icon on a model that reads images');
    assert.match(await wb.page.locator(`${QUICK_INPUT} .quick-input-title`).innerText(), /Flashlight: Choose Model/);
    await screenshot(wb.page, 'model-picker');
    await wb.page.keyboard.press('Escape');
  }),
);

test(
  'a model chosen in the picker is what the next request carries, and the status bar shows it',
  { timeout: 240_000 },
  withFailureShot('chosen-model', async () => {
    fake.reset();
    await statusItem(wb.page).click();
    await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'Google: Gemini 2.0 Flash' }).first().waitFor({ timeout: 30_000 });
    await wb.page.keyboard.type('gemini-2.0-flash-001');
    const row = wb.page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: 'google/gemini-2.0-flash-001' });
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
  }),
);

test(
  'an id typed into the picker that OpenRouter does not list can still be used',
  { timeout: 240_000 },
  withFailureShot('typed-id', async () => {
    fake.reset();
    await openFromPalette(wb.page, 'Flashlight: Choose Model');
    await wb.page.locator(`${QUICK_INPUT} .quick-input-title`).filter({ hasText: 'Flashlight: Choose Model' }).waitFor({ timeout: 30_000 });
    await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'google/gemini-2.5-flash' }).first().waitFor({ timeout: 30_000 });
    await wb.page.keyboard.type('mistralai/mistral-small-3.2:free');
    await wb.page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: 'Use this model id' }).waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    await statusItem(wb.page).filter({ hasText: 'mistral-small-3.2:free' }).waitFor({ timeout: 15_000 });
    await explainAndWait(wb.page);
    assert.equal(chatRequests().at(-1)?.body.model, 'mistralai/mistral-small-3.2:free');
  }),
);

test(
  'a 429 is counted down in the panel, retried once, and the fallback that answered is named',
  { timeout: 240_000 },
  withFailureShot('rate-limit', async () => {
    fake.reset();
    fake.enqueue(
      { status: 429, retryAfterSeconds: 4 },
      { model: 'google/gemini-2.0-flash-001', text: 'Answered after the wait.', chunkSize: 4, chunkDelayMs: 40 },
    );
    await openFile(wb.page, 'src/hello.ts');
    await selectLines(wb.page, 1, 3);
    await runCommand(wb.page, 'Flashlight: Explain Selection');
    const frame = await findWebviewFrame(wb.page, '#flashlight-answer .answer', 30_000);
    await frame
      .locator('.status')
      .filter({ hasText: /Rate limited by OpenRouter: retrying in \d s…/ })
      .waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#flashlight-stop').isVisible(), true, 'Stop stays available during the wait');
    await screenshot(wb.page, 'rate-limit-countdown');
    await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
    assert.equal(chatRequests().length, 2, 'retried exactly once');
    assert.deepEqual(chatRequests()[1]?.body.models, ['mistralai/mistral-small-3.2:free', 'google/gemini-2.0-flash-001']);
    assert.match(
      await frame.locator('.answer-footer').innerText(),
      /^answered by google\/gemini-2\.0-flash-001 \(fallback from mistralai\/mistral-small-3\.2:free\) · /,
    );
    await screenshot(wb.page, 'fallback-answer');
  }),
);

test(
  'Show Key Status shows the label, usage, limit and tier from GET /key, never the key',
  { timeout: 180_000 },
  withFailureShot('key-status', async () => {
    fake.reset();
    await runCommand(wb.page, 'Flashlight: Show Key Status');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await dialog.innerText();
    assert.match(text, /OpenRouter key “sk-or-v1-e2e\.\.\.789”/);
    assert.match(text, /Usage: \$0\.25 \(today \$0\.05, this week \$0\.10, this month \$0\.25\)/);
    assert.match(text, /Limit: none on this key/);
    assert.match(text, /Free tier: no/);
    assert.match(text, /OPENROUTER_API_KEY/);
    assert.ok(!text.includes(key), 'the key is not shown');
    assert.ok(fake.requests.some((request) => request.path.endsWith('/key')));
    await screenshot(wb.page, 'key-status');
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  }),
);

test(
  'the output channel logs each request with its model, status and timings, and not the key',
  { timeout: 180_000 },
  withFailureShot('output-channel', async () => {
    fake.reset();
    fake.enqueue({ text: 'Logged answer.', usage: { prompt_tokens: 50, completion_tokens: 5, cost: 0.00002 } });
    await explainAndWait(wb.page);
    await openFromPalette(wb.page, 'Output: Show Output Channels...');
    await wb.page.locator(`${QUICK_INPUT} .quick-input-box input[placeholder="Select Output Channel"]`).waitFor({ timeout: 20_000 });
    await wb.page.keyboard.type('Flashlight');
    await wb.page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: 'Flashlight' }).waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output
      .filter({ hasText: /200\s+answered\s+by/ })
      .first()
      .waitFor({ timeout: 20_000 });
    // The output view is an editor: it renders spaces as no-break spaces and wraps long lines.
    const shown = (await output.first().innerText()).replace(/\u00a0/g, ' ').replace(/\n(?!\d{4}-\d\d-\d\d )/g, '');
    assert.match(shown, /http \d+: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/chat\/completions model=\S+/);
    assert.match(shown, /http \d+: 200 after \d+ ms \(gen-\d+-\w+\)/);
    assert.match(shown, /request \d+: 200 answered by \S+ .*first token \d+ ms, total \d+ ms/);
    assert.ok(!shown.includes(key), 'the key is not in the log');
    assert.ok(!shown.includes('export function greet'), "the user's code is not in the log unless debug logging is on");
    await screenshot(wb.page, 'output-channel');
  }),
);
