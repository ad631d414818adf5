// The chat composer's thinking switch in a real VS Code (issue 19, item 1): picking Fast puts
// `reasoning: {effort: "minimal"}` on the wire of the next chat request, and choosing a model that
// takes no reasoning (its /models entry does not list it) hides the switch.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  openWorkbenchWithFake,
  runFlashlightCommand,
  screenshot,
  type WorkbenchWithFake,
  openFromPalette,
  QUICK_INPUT,
  QUICK_INPUT_ROW,
} from './workbench';

const key = 'sk-or-v1-e2e-thinking-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));

test('Fast picked in the composer is sent as reasoning minimal; a model without reasoning hides the switch', { timeout: 240_000 }, async () => {
  fake.enqueue({ text: 'Quickly: a closure keeps its scope.' });
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  const select = frame.locator('#flashlight-thinking-level');
  // The default model (~google/gemini-flash-latest) takes reasoning: shown once the model list is at hand.
  await select.waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await select.getAttribute('aria-label'), 'Thinking level');
  assert.equal(await select.inputValue(), 'auto');
  await select.selectOption({ label: 'Fast' });
  // The pick is saved to the user's settings by the extension; give that a moment before asking.
  await wb.page.waitForTimeout(2_000);
  await frame.locator('#flashlight-composer-input').click();
  await wb.page.keyboard.type('What is a closure?');
  await wb.page.keyboard.press('Enter');
  await frame.locator('.turn-assistant .answer[data-state="done"]').first().waitFor({ timeout: 30_000 });
  await screenshot(wb.page, 'thinking-switch-fast');
  assert.deepEqual(chatRequests().at(-1)?.body.reasoning, { effort: 'minimal' }, 'the next chat request thinks minimally');
  assert.equal(await select.inputValue(), 'minimal', 'the switch shows Fast');

  // A model whose /models entry does not list reasoning: nothing would be sent, so no switch.
  await openFromPalette(wb.page, 'Flashlight: Choose Model');
  await wb.page.locator(`${QUICK_INPUT} .quick-input-title`).filter({ hasText: 'Flashlight: Choose Model' }).waitFor({ timeout: 30_000 });
  await wb.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'google/gemini-2.5-flash' }).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.type('meta-llama/llama-3.3-70b-instruct');
  await wb.page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: 'llama-3.3-70b-instruct' }).waitFor({ timeout: 10_000 });
  await wb.page.keyboard.press('Enter');
  await select.waitFor({ state: 'hidden', timeout: 15_000 });
  await screenshot(wb.page, 'thinking-switch-hidden');
});
