// Cached prompt tokens in the footer, in a real VS Code (issue 19, item 3): the fake mirrors
// Gemini's implicit caching (a request sharing a long enough prefix with an earlier one reports
// prompt_tokens_details.cached_tokens), and a chat follow-up, which repeats the earlier turns byte
// for byte, shows "N cached" in its footer; the first question has nothing cached.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { findWebviewFrame, openWorkbenchWithFake, runFlashlightCommand, screenshot, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-cached-0123456789';
let wb: WorkbenchWithFake;

before(async () => {
  // A low minimum so that a short chat passes it (Gemini's own is 2,048 or 4,096 tokens).
  wb = await openWorkbenchWithFake({ apiKey: key, fakeOptions: { cacheMinTokens: 32 } });
});

after(async () => {
  await wb?.stop();
});

async function ask(frame: Frame, text: string, count: number): Promise<string> {
  await frame.locator('#flashlight-composer-input').click();
  await wb.page.keyboard.type(text);
  await wb.page.keyboard.press('Enter');
  const turn = frame.locator('.turn-assistant').nth(count - 1);
  await turn.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  // textContent: a turn is content-visibility: auto, so right after a repaint its innerText can be ''.
  return ((await turn.locator('.answer-footer').textContent()) ?? '').replace(/\s+/g, ' ');
}

test('a chat follow-up reports its cached prompt tokens in the footer', { timeout: 240_000 }, async () => {
  wb.fake.enqueue({ text: 'A closure keeps the variables of the scope it was created in.' }, { text: 'Yes: each call gets its own scope.' });
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  const first = await ask(frame, 'What is a closure in TypeScript, and when does it keep a variable alive?', 1);
  assert.doesNotMatch(first, /cached/, `nothing cached on the first question: ${first}`);
  const followUp = await ask(frame, 'Does each call get its own?', 2);
  await screenshot(wb.page, 'chat-cached-tokens');
  const cached = /(\d+) in \((\d+) cached\)/.exec(followUp);
  assert.ok(cached, `the follow-up's footer names its cached tokens: ${followUp}`);
  assert.ok(Number(cached[2]) > 0 && Number(cached[2]) < Number(cached[1]), 'some, not all, of the prompt was cached');
  const usage = wb.fake.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
  assert.equal(usage, 2);
});
