// The sidebar chat as a person uses it, in a real VS Code: type a question, watch the answer
// stream, follow up with the selection attached, stop, retry, and find the conversation again
// after reloading the window.
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

const key = 'sk-or-v1-e2e-chat-0123456789';
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

async function chatFrame(): Promise<Frame> {
  return findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
}

async function send(frame: Frame, text: string): Promise<void> {
  const input = frame.locator('#flashlight-composer-input');
  await input.click();
  await wb.page.keyboard.type(text);
  await wb.page.keyboard.press('Enter');
}

async function answers(frame: Frame): Promise<string[]> {
  // textContent: turns scrolled out of view are not rendered (content-visibility), so they have no innerText.
  return frame.locator('.turn-assistant .answer').evaluateAll((elements) => elements.map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

async function waitForAnswers(frame: Frame, count: number, state = 'done'): Promise<void> {
  await frame
    .locator('.turn-assistant')
    .nth(count - 1)
    .locator(`.answer[data-state="${state}"]`)
    .waitFor({ timeout: 30_000 });
}

test('a question, a follow-up with the selection attached, both streamed; the follow-up carries the conversation', { timeout: 240_000 }, async () => {
  fake.enqueue(
    {
      text: 'A closure keeps the variables of the scope it was created in.\n\n```ts\nconst add = (a: number) => (b: number) => a + b;\n```\n',
      chunkSize: 8,
      chunkDelayMs: 20,
    },
    { text: 'In `sum`, the loop reads one element past the end: use `<` instead of `<=`.', chunkSize: 8, chunkDelayMs: 20 },
  );
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await chatFrame();
  await send(frame, 'What is a closure?');
  await waitForAnswers(frame, 1);
  assert.match((await answers(frame))[0], /A closure keeps the variables/);
  assert.equal(await frame.locator('.turn-user .turn-text').first().textContent(), 'What is a closure?');

  // Attach the selection from the editor with the button, then ask a follow-up.
  await openFile(wb.page, 'src/hello.ts');
  await selectLines(wb.page, 5, 11);
  await runCommand(wb.page, 'Flashlight: Add Selection to Chat');
  const chip = frame.locator('.composer-chips .chip');
  await chip.waitFor({ timeout: 15_000 });
  assert.match(await chip.innerText(), /hello\.ts:5–11/);
  await send(frame, 'Is there a bug here?');
  await waitForAnswers(frame, 2);
  assert.match((await answers(frame))[1], /one element past the end/);
  await screenshot(wb.page, 'chat-follow-up');

  const followUp = chatRequests().at(-1)!.body.messages as Array<{ role: string; content: string }>;
  assert.deepEqual(
    followUp.map((message) => message.role),
    ['system', 'user', 'assistant', 'user'],
  );
  assert.equal(followUp[1].content, 'What is a closure?');
  assert.match(followUp[2].content, /A closure keeps the variables/);
  assert.match(followUp[3].content, /From src\/hello\.ts lines 5–11:\n```typescript\nexport function sum/);
  assert.match(followUp[3].content, /Is there a bug here\?$/);

  // Apply a code block from the chat to the selection: a diff first, written only on Accept.
  await openFile(wb.page, 'src/hello.ts');
  await selectLines(wb.page, 2, 2);
  await frame.locator('.turn-assistant').first().locator('[data-action="apply-code"]').click();
  const diff = wb.page.locator('.monaco-diff-editor');
  await diff.first().waitFor({ state: 'visible', timeout: 30_000 });
  // The diff editor shows before its modified side has rendered its lines: wait for them (the
  // assertion below still checks them; a diff that never shows the code fails it).
  const modifiedLines = diff.first().locator('.editor.modified .view-lines');
  await modifiedLines
    .filter({ hasText: /const\s+add/ })
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  const modified = await modifiedLines.innerText();
  assert.match(modified.replace(/\s+/g, ' '), /const add = \(a: number\) => \(b: number\) => a \+ b;/);
  await screenshot(wb.page, 'chat-apply-diff');
  await wb.page.locator('.editor-group-container.active .editor-actions a.action-label[aria-label^="Accept Suggestion"]').first().click();
  await diff.first().waitFor({ state: 'detached', timeout: 30_000 });
  const editorLines = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
  await editorLines
    .filter({ hasText: /const\s+add/ })
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  const editorText = await editorLines.innerText();
  assert.match(editorText.replace(/\s+/g, ' '), /string \{ const add = \(a: number\)/, 'line 2 was replaced by the code block');
  await wb.page.keyboard.press('Control+Z');
});

test('Stop keeps the partial answer; Retry regenerates it', { timeout: 180_000 }, async () => {
  fake.enqueue({ text: 'Partial words keep coming. '.repeat(300), chunkSize: 9, chunkDelayMs: 30 }, { text: 'A fresh, complete answer.' });
  const frame = await chatFrame();
  await send(frame, 'Explain the event loop.');
  await frame.locator('#flashlight-stop').waitFor({ state: 'visible', timeout: 20_000 });
  await frame.locator('.turn-assistant').nth(2).filter({ hasText: 'Partial words keep coming' }).waitFor({ timeout: 20_000 });
  await frame.locator('#flashlight-stop').click();
  await waitForAnswers(frame, 3, 'stopped');
  const partial = (await answers(frame))[2];
  assert.match(partial, /Partial words keep coming/);
  assert.ok(partial.length < 'Partial words keep coming. '.repeat(300).length);

  await frame.locator('.turn-assistant').nth(2).locator('[data-chat="retry"]').click();
  await waitForAnswers(frame, 3, 'done');
  assert.match((await answers(frame))[2], /A fresh, complete answer/);
  const retried = chatRequests().at(-1)!.body.messages as Array<{ role: string; content: string }>;
  assert.equal(retried.at(-1)!.content, 'Explain the event loop.', 'the retry asks the same question again');
  assert.equal(retried.filter((message) => message.content === 'Explain the event loop.').length, 1, 'without the stopped answer or a duplicate question');
});

test('the conversation survives a window reload and is listed with earlier chats', { timeout: 240_000 }, async () => {
  const reloaded = wb.page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(wb.page, 'Developer: Reload Window');
  await reloaded;
  await wb.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  await screenshot(wb.page, 'chat-reloaded');
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  await screenshot(wb.page, 'chat-reloaded-focus');
  const frame = await chatFrame();
  await waitForAnswers(frame, 3);
  const texts = await answers(frame);
  assert.match(texts[0], /A closure keeps the variables/);
  assert.match(texts[2], /A fresh, complete answer/);
  assert.equal(await frame.locator('.chat-title-text').innerText(), 'What is a closure?');

  // A new chat, then the earlier one reopened from the list.
  await wb.page.locator('.pane-header .actions [aria-label="New Chat"], .title-actions [aria-label="New Chat"]').first().click();
  await frame.locator('.empty').waitFor({ timeout: 10_000 });
  await frame.locator('[data-chat="toggle-history"]').click();
  await frame.locator('.history-open', { hasText: 'What is a closure?' }).click();
  await waitForAnswers(frame, 3);
  await screenshot(wb.page, 'chat-after-reload');
});
