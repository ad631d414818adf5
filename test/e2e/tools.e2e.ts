// Tools the model calls, as a person sees them in a real VS Code (code-server in headless
// Chromium): a tool-using Explain answer shows its steps while it streams, each expandable to the
// exact result the model was sent; Stop in the middle of a round keeps the steps and sends nothing
// more; in the chat, a gathered-context chip removed with its button is not on the wire. One
// workbench for the whole file (each costs ~10 s); the tests run in order and share it.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  NEW_ANSWER,
  newAnswerFrame,
  openFile,
  openWorkbenchWithFake,
  runCommand,
  runFlashlightCommand,
  screenshot,
  selectLines,
  type WorkbenchWithFake,
} from './workbench';

const key = 'sk-or-v1-e2e-tools-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key });
  fake = wb.fake;
  // Tools are offered only to a model the cached /models list says takes them: wait for the list.
  for (let tries = 0; tries < 200 && !fake.requests.some((request) => request.path.endsWith('/models')); tries++) await wb.page.waitForTimeout(100);
});

after(async () => {
  await wb?.stop();
});

type WireMessage = {
  role: string;
  content?: unknown;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
};

const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));
const wireMessages = (index: number) => chatRequests()[index].body.messages as WireMessage[];
const toolResult = (messages: WireMessage[], id: string) => messages.find((message) => message.role === 'tool' && message.tool_call_id === id)?.content;
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

const readConfig = { id: 'call_read', name: 'read_file', arguments: JSON.stringify({ path: 'src/grounding/config.ts', startLine: 1, endLine: 80 }) };
const searchParse = { id: 'call_search', name: 'search_text', arguments: JSON.stringify({ query: 'parseConfig' }) };

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wb.page.waitForTimeout(100);
  }
}

/** The chat view's frame (the composer is only there). */
const chatFrame = () => findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);

async function sendInChat(frame: Frame, text: string): Promise<void> {
  await frame.locator('#flashlight-composer-input').click();
  await wb.page.keyboard.type(text);
  await wb.page.keyboard.press('Enter');
}

test('in the chat, a gathered-context chip removed with its button before sending is not on the wire', { timeout: 180_000 }, async () => {
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await chatFrame();
  await openFile(wb.page, 'src/grounding/load.ts');
  const chips = frame.locator('.composer-chips .chip');
  const mergeChip = chips.filter({ hasText: 'merge · src/grounding/merge.ts' });
  // Gathering has a 300 ms bound and the TypeScript server starts with the first .ts file opened:
  // until it answers, only the selection is attached. Such an attempt is removed and tried again.
  for (let attempt = 1; ; attempt++) {
    await selectLines(wb.page, 5, 6);
    await runCommand(wb.page, 'Flashlight: Add Selection to Chat');
    await chips.first().waitFor({ timeout: 15_000 });
    await wb.page.waitForTimeout(500);
    if ((await mergeChip.count()) > 0) break;
    assert.ok(attempt < 12, 'the definitions were never gathered as chips');
    while ((await chips.count()) > 0) await chips.first().locator('.chip-remove').click();
    await wb.page.waitForTimeout(2_500);
  }
  const labels = await chips.allInnerTexts();
  assert.ok(
    labels.some((label) => label.includes('parseConfig · src/grounding/config.ts')),
    labels.join(', '),
  );
  await mergeChip.locator('.chip-remove').click();
  await waitUntil('the merge chip to go', async () => (await mergeChip.count()) === 0);

  fake.enqueue({ text: 'It parses the config and merges the defaults in.' });
  const before = chatRequests().length;
  await sendInChat(frame, 'What does this do?');
  await frame.locator('.turn-assistant .answer[data-state="done"]').first().waitFor({ timeout: 30_000 });
  assert.equal(chatRequests().length, before + 1);
  const user = String(wireMessages(before).at(-1)!.content);
  assert.match(user, /From src\/grounding\/config\.ts lines 7–15:\n```typescript\n\/\*\* Reads a JSON config/, 'the kept chip is sent');
  assert.match(user, /From src\/grounding\/load\.ts lines 5–6:/, 'with the selection');
  assert.doesNotMatch(user, /export function merge\(/, 'the removed chip is not sent');
});

test('a tool-using Explain answer shows its steps while it streams; a step expands to the exact result sent', { timeout: 180_000 }, async () => {
  fake.reset();
  const finalText = 'parseConfig reads the JSON and keeps the known fields; merge fills in the defaults.';
  fake.enqueue(
    // The tool turn comes after a moment, so the panel is watched before the first step arrives.
    { toolCalls: [readConfig, searchParse], firstTokenDelayMs: 2_500, chunkSize: 7 },
    // The fake checks the follow-up at once, then holds its answer: the done steps are seen without any final text.
    { expectToolResults: ['call_read', 'call_search'], firstTokenDelayMs: 3_000, text: finalText, chunkSize: 10, chunkDelayMs: 20 },
  );
  await openFile(wb.page, 'src/grounding/load.ts');
  await selectLines(wb.page, 5, 6);
  const frame = await newAnswerFrame(wb.page, () => runCommand(wb.page, 'Flashlight: Explain Selection'));
  const answer = frame.locator(NEW_ANSWER);
  // Every label each step showed, in order, recorded inside the webview as the DOM changes.
  await frame.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __stepLabels: string[] }).__stepLabels = seen;
    new MutationObserver(() => {
      document.querySelectorAll('.answer:not([data-earlier]) .tool-step').forEach((step) => {
        const label = `${(step as HTMLElement).dataset.state}|${step.querySelector('summary')?.textContent ?? ''}`;
        if (!seen.includes(label)) seen.push(label);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });

  const steps = answer.locator('.tool-step');
  await waitUntil('both steps done', async () => (await answer.locator('.tool-step[data-state="done"]').count()) === 2);
  // The follow-up is on the wire and held: the steps are shown, the answer is still streaming, no final text yet.
  assert.equal(chatRequests().length, 2, 'the follow-up request went out');
  assert.equal(await answer.getAttribute('data-state'), null, 'still streaming');
  assert.equal(
    squash(
      await answer
        .locator('.markdown-body, .markdown-tail')
        .allInnerTexts()
        .then((texts) => texts.join(' ')),
    ),
    '',
  );
  assert.equal(await steps.count(), 2);
  assert.equal(await steps.nth(0).locator('summary').innerText(), 'Read src/grounding/config.ts 1–15');
  assert.match(await steps.nth(1).locator('summary').innerText(), /^Searched `parseConfig`: \d+ hits? in \d+ files?$/);
  await screenshot(wb.page, 'tools-steps-before-answer');
  const labels = await frame.evaluate(() => (window as unknown as { __stepLabels: string[] }).__stepLabels);
  const running = labels.indexOf('running|Reading src/grounding/config.ts 1–80…');
  assert.ok(running >= 0, `the running line was shown: ${labels.join(' / ')}`);
  assert.ok(labels.indexOf('done|Read src/grounding/config.ts 1–15') > running, `then the done line: ${labels.join(' / ')}`);

  await frame.locator(`${NEW_ANSWER}[data-state="done"]`).waitFor({ timeout: 30_000 });
  assert.equal(squash(await answer.locator('.markdown-body').innerText()), finalText);

  // Expanding a step shows exactly what the model was sent for that call.
  const sent = wireMessages(1);
  await steps.nth(0).locator('summary').click();
  assert.equal(await steps.nth(0).evaluate((element) => (element as HTMLDetailsElement).open), true);
  const shown = await steps.nth(0).locator('.tool-step-result').textContent();
  assert.equal(shown, toolResult(sent, 'call_read'));
  assert.match(shown ?? '', /export function parseConfig/);
  assert.equal(await steps.nth(1).locator('.tool-step-result').textContent(), toolResult(sent, 'call_search'));
  assert.match(await answer.locator('.grounding-summary').innerText(), /^Context: /);
  await screenshot(wb.page, 'tools-answer-context-and-steps');
});

test('Stop while a round is out ends the answer with its steps kept and nothing more on the wire', { timeout: 180_000 }, async () => {
  fake.reset();
  fake.enqueue(
    { toolCalls: [readConfig] },
    // The follow-up is held far longer than the test waits: Stop comes while it is out.
    { expectToolResults: ['call_read'], firstTokenDelayMs: 60_000, text: 'Never shown.' },
    { text: 'A request after Stop.' },
  );
  await openFile(wb.page, 'src/grounding/load.ts');
  await selectLines(wb.page, 5, 6);
  const frame = await newAnswerFrame(wb.page, () => runCommand(wb.page, 'Flashlight: Explain Selection'));
  const answer = frame.locator(NEW_ANSWER);
  await answer.locator('.tool-step[data-state="done"]').waitFor({ timeout: 30_000 });
  await waitUntil('the follow-up on the wire', () => chatRequests().length === 2);
  await frame.locator('#flashlight-stop').click();
  await frame.locator(`${NEW_ANSWER}[data-state="stopped"]`).waitFor({ timeout: 10_000 });
  await wb.page.waitForTimeout(1_500);
  assert.equal(chatRequests().length, 2, 'no request after Stop');
  await waitUntil('the held request aborted', () => fake.openStreams() === 0, 10_000);
  assert.deepEqual(await answer.locator('.tool-step summary').allInnerTexts(), ['Read src/grounding/config.ts 1–15']);
  assert.equal(await answer.locator('.tool-step').getAttribute('data-state'), 'done');
  assert.doesNotMatch(await answer.innerText(), /Never shown/);
  assert.match(await answer.locator('.status').innerText(), /Stopped/);
  await screenshot(wb.page, 'tools-stopped-in-round');
});
