// Continue, in a real VS Code (issue 19 item 4): the provider cuts an answer off mid-stream
// (OpenRouter's error chunk), the text shown stays with a Continue button, and Continue asks the
// next fallback model and appends the rest, so the panel and the chat each end with one seamless
// answer (the model's restart of the last sentence is not shown twice).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  openFile,
  openWorkbenchWithFake,
  runCommand,
  runFlashlightCommand,
  screenshot,
  selectLines,
  type WorkbenchWithFake,
} from './workbench';

const key = 'sk-or-v1-e2e-continue-0123456789';
const fallback = 'google/gemini-3-flash-preview';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key, settings: { 'flashlight.fallbackModels': [fallback] } });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));
const answerText = (frame: Frame, scope = '') =>
  frame.evaluate(
    (scope) =>
      [...document.querySelectorAll(`${scope} .markdown-body, ${scope} .markdown-tail`)]
        .map((element) => element.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    scope,
  );

const first = 'The function `sum` adds the values of the array one by one. It starts the total at zero and then walks the array with an index.';
const second = ' The loop bound is `<=`, so the last step reads one element past the end and adds `undefined`, which makes the total `NaN`.';
const whole = first + second;
// The next model restarts the sentence it was cut in (the last 40 characters it saw) before going on.
const restart = (shown: string) => shown.slice(-40) + whole.slice(shown.length);

test('panel: a mid-stream error keeps the text, Continue appends the rest from the fallback model, one seamless answer', { timeout: 240_000 }, async () => {
  fake.enqueue({ text: whole, chunkSize: 10, chunkDelayMs: 20, midStreamErrorAfterChunks: 13 });
  await openFile(wb.page, 'src/hello.ts');
  await selectLines(wb.page, 5, 11);
  await runCommand(wb.page, 'Flashlight: Explain Selection');
  const frame = await findWebviewFrame(wb.page, '#flashlight-answer .answer[data-state="error"]', 30_000);
  const shown = whole.slice(0, 130);
  const button = frame.locator('.error-action[data-action="continue"]');
  await button.waitFor({ timeout: 10_000 });
  assert.equal(await answerText(frame), squash(shown).replace(/`/g, ''), 'the text shown before the failure stays');
  assert.match(await frame.locator('.error-title').innerText(), /interrupted/);
  await screenshot(wb.page, 'continue-after-failure');

  fake.enqueue({ text: restart(shown), chunkSize: 10, chunkDelayMs: 20 });
  await button.click();
  await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(await answerText(frame), squash(whole).replace(/`/g, ''), 'one answer, nothing repeated');
  assert.equal(await frame.locator('.error').count(), 0, 'the error is gone');
  const [, again] = chatRequests();
  assert.equal(again.body.model, fallback, 'the next fallback model was asked');
  assert.deepEqual(
    again.body.messages.slice(-2).map((message: { role: string }) => message.role),
    ['assistant', 'user'],
  );
  assert.equal(again.body.messages.at(-2).content, shown, 'the partial answer went back as context');
  await screenshot(wb.page, 'continue-done');
});

test('chat: Continue finishes the cut-off answer in its own turn', { timeout: 240_000 }, async () => {
  fake.reset();
  fake.enqueue({ text: whole, chunkSize: 10, chunkDelayMs: 20, midStreamErrorAfterChunks: 13 });
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  await frame.locator('#flashlight-composer-input').click();
  await wb.page.keyboard.type('What does sum do?');
  await wb.page.keyboard.press('Enter');
  const button = frame.locator('.turn-assistant .error-action[data-action="continue"]');
  await button.waitFor({ timeout: 30_000 });
  await screenshot(wb.page, 'continue-chat-after-failure');
  fake.enqueue({ text: restart(whole.slice(0, 130)), chunkSize: 10, chunkDelayMs: 20 });
  await button.click();
  await frame.locator('.turn-assistant .answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('.turn-assistant').count(), 1, 'still one answer');
  assert.equal(await answerText(frame, '.turn-assistant'), squash(whole).replace(/`/g, ''));
  assert.equal(chatRequests()[1].body.model, fallback);
});

test('the footer shows the cost OpenRouter billed, from /generation, when the usage chunk had none', { timeout: 120_000 }, async () => {
  fake.reset();
  fake.enqueue({
    text: 'The total is built up one value at a time.',
    usageWithoutCost: true,
    // /generation is 404 for 4 s after the stream (the client asks at 1.5, 3.5 and 7.5 s), so a
    // loaded machine still sees the footer without a cost first: 800 ms raced that check under load.
    generationDelayMs: 4_000,
    usage: { prompt_tokens: 4000, completion_tokens: 2000 },
  });
  await openFile(wb.page, 'src/hello.ts');
  await selectLines(wb.page, 5, 11);
  await runCommand(wb.page, 'Flashlight: Explain Selection');
  const frame = await findWebviewFrame(wb.page, '#flashlight-answer .answer[data-state="done"]', 30_000);
  const footer = frame.locator('.answer-footer');
  assert.doesNotMatch(await footer.innerText(), /\$/, 'no cost in the usage chunk: none shown at first');
  let text = '';
  for (let tries = 0; tries < 150 && !/\$/.test(text); tries++) {
    await wb.page.waitForTimeout(100);
    text = await footer.innerText();
  }
  const id = decodeURIComponent(fake.requests.find((request) => request.path.includes('/generation?id='))!.path.split('id=')[1]);
  const billed = (
    (await (await fetch(`${fake.baseUrl}/generation?id=${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as {
      data: { total_cost: number };
    }
  ).data.total_cost;
  const shown = Number(/\$(\d+\.\d+)/.exec(text)?.[1]);
  assert.equal(Math.round(shown * 100), Math.round(billed * 100), `to the cent: ${text} vs ${billed}`);
  assert.equal(shown, Number(billed.toFixed(billed < 0.01 ? 5 : 3)));
  await screenshot(wb.page, 'billed-cost-footer');
});
