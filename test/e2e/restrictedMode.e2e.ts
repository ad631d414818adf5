// Restricted Mode is where people read strange code: with workspace trust on and the folder not
// trusted, Flashlight still runs (package.json's `capabilities.untrustedWorkspaces` is "limited"),
// and Explain Selection and the chat answer as usual. Without the capability VS Code turns the
// extension off there, and its commands are not in the palette at all. Flashlight is loaded as an
// installed extension: VS Code keeps an extension under development on in Restricted Mode.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { findWebviewFrame, openFile, openWorkbenchWithFake, runFlashlightCommand, screenshot, selectLines, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-restricted-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key, workspaceTrust: true, installed: true });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));

test('in an untrusted folder (Restricted Mode) Explain Selection and the chat answer', { timeout: 240_000 }, async () => {
  const { page } = wb;
  // The workbench says it is in Restricted Mode (its status bar item), so the test is about that mode.
  await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 60_000 });

  fake.enqueue({ text: 'Explained in Restricted Mode.' });
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 1, 3);
  await runFlashlightCommand(page, 'Flashlight: Explain Selection');
  const panel = await findWebviewFrame(page, '#flashlight-answer .answer', 30_000);
  await panel.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.match(await panel.locator('.answer').last().innerText(), /Explained in Restricted Mode\./);
  assert.equal(chatRequests().length, 1);
  assert.equal(chatRequests()[0].headers['authorization'], `Bearer ${key}`);
  await screenshot(page, 'restricted-mode-explain');

  fake.enqueue({ text: 'Chatting in Restricted Mode.' });
  await runFlashlightCommand(page, 'Flashlight: Focus Chat Input');
  const chat = await findWebviewFrame(page, '#flashlight-composer-input', 30_000);
  await chat.locator('#flashlight-composer-input').click();
  await page.keyboard.type('Is this safe to run?');
  await page.keyboard.press('Enter');
  // Done, and painted: the chat repaints the conversation once the answer is saved.
  await chat.locator('.turn-assistant .answer[data-state="done"]', { hasText: 'Chatting in Restricted Mode.' }).first().waitFor({ timeout: 30_000 });
  assert.match((await chat.locator('.turn-assistant .answer').first().textContent()) ?? '', /Chatting in Restricted Mode\./);
  assert.equal(chatRequests().length, 2);
  await screenshot(page, 'restricted-mode-chat');
});
