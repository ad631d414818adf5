// Tools the model calls, as a person sees them in a real VS Code (code-server in headless
// Chromium): a tool-using Explain answer shows its steps while it streams, each expandable to the
// exact result the model was sent; Stop in the middle of a round keeps the steps and sends nothing
// more; in the chat, a gathered-context chip removed with its button is not on the wire; a chat
// keeps its answers' steps through a window reload, and its follow-ups repeat the earlier tool
// calls and results within flashlight.context.maxTokens. One workbench for the whole file (each
// costs ~10 s); the tests run in order and share it.
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

/** A workspace file whose read result (~3,400 tokens) is over the small budget below on its own. */
const bigNotes = Array.from({ length: 150 }, (_, index) => `Note ${index + 1}: ${'the deploy runs in three stages, '.repeat(2)}`).join('\n');
/** flashlight.context.maxTokens: earlier tool results a chat follow-up may repeat (and the gathered context, small here). */
const budget = 2_000;

before(async () => {
  wb = await openWorkbenchWithFake({
    apiKey: key,
    files: { 'src/notes/big.md': bigNotes },
    // Gathering's bound raised from 300 ms: on a loaded machine the TypeScript server can take longer
    // than that every time, and these tests are about the chips and the steps, not the bound
    // (unit and integration tests cover what is sent when it is hit).
    settings: { 'flashlight.context.maxTokens': budget, 'flashlight.context.timeoutMs': 5_000 },
  });
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
  // The TypeScript server starts with the first .ts file opened: until it answers (or past the
  // bound), only the selection is attached. Such an attempt is removed and tried again.
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

// Before the steps test: the first Explain of the window creates the answer panel, whose page can
// take seconds to load on a loaded machine, and only a loaded page shows a step as it runs. This
// test does not look at the steps while they stream, so it takes that first load.
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

test(
  'a chat keeps its tool steps through a reload and from the list; follow-ups repeat the earlier results within the budget',
  { timeout: 240_000 },
  async () => {
    fake.reset();
    const readBig = { id: 'call_big', name: 'read_file', arguments: JSON.stringify({ path: 'src/notes/big.md', startLine: 1, endLine: 150 }) };
    fake.enqueue(
      { toolCalls: [readConfig] },
      { expectToolResults: ['call_read'], text: 'parseConfig is in src/grounding/config.ts.' },
      { toolCalls: [readBig] },
      { expectToolResults: ['call_big'], text: 'The notes describe a three-stage deploy.' },
      { text: 'You are welcome.' },
    );
    let frame = await chatFrame();
    await wb.page.locator('.pane-header .actions [aria-label="New Chat"], .title-actions [aria-label="New Chat"]').first().click();
    await frame.locator('.empty').waitFor({ timeout: 10_000 });
    const answerDone = (f: Frame, nth: number) => f.locator('.turn-assistant').nth(nth).locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
    await sendInChat(frame, 'Where is parseConfig?');
    await answerDone(frame, 0);
    await sendInChat(frame, 'And what do the notes say?');
    await answerDone(frame, 1);
    assert.equal(chatRequests().length, 4);
    // The second question's first request repeats the first answer's round byte for byte: its calls and the result the model was sent.
    const sentResult = toolResult(wireMessages(1), 'call_read');
    const second = wireMessages(2);
    assert.deepEqual(
      second.map((message) => message.role),
      ['system', 'user', 'assistant', 'tool', 'assistant', 'user'],
    );
    assert.deepEqual(second[2].tool_calls, wireMessages(1).find((message) => message.tool_calls)?.tool_calls);
    assert.equal(second[3].tool_call_id, 'call_read');
    assert.equal(second[3].content, sentResult);
    assert.match(String(sentResult), /export function parseConfig/);
    const bigResult = String(toolResult(wireMessages(3), 'call_big'));
    assert.ok(bigResult.length / 4 > budget, `the notes' result (${bigResult.length} chars) is over the budget alone`);

    const expectSteps = async (f: Frame) => {
      const steps = f.locator('.turn-assistant .tool-step');
      await steps.nth(1).waitFor({ timeout: 30_000 });
      assert.deepEqual(await steps.locator('summary').allTextContents(), ['Read src/grounding/config.ts 1–15', 'Read src/notes/big.md 1–150']);
      assert.deepEqual(
        await steps.evaluateAll((elements) => elements.map((element) => [(element as HTMLDetailsElement).open, element.getAttribute('data-state')])),
        [
          [false, 'done'],
          [false, 'done'],
        ],
      );
      assert.equal(await steps.nth(0).locator('.tool-step-result').textContent(), sentResult);
    };
    await expectSteps(frame);

    await runCommand(wb.page, 'Developer: Reload Window');
    await wb.page.waitForTimeout(3_000);
    await wb.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
    frame = await chatFrame();
    await answerDone(frame, 1);
    await expectSteps(frame);
    await frame.locator('.turn-assistant .tool-step summary').first().click();
    await screenshot(wb.page, 'tools-chat-reopened-steps');

    // From the list of earlier chats, after a new one: the same collapsed lines.
    await wb.page.locator('.pane-header .actions [aria-label="New Chat"], .title-actions [aria-label="New Chat"]').first().click();
    await frame.locator('.empty').waitFor({ timeout: 10_000 });
    await frame.locator('[data-chat="toggle-history"]').click();
    await frame.locator('.history-open', { hasText: 'Where is parseConfig?' }).click();
    await answerDone(frame, 1);
    await expectSteps(frame);

    // Over the budget: the newest round alone does not fit, so its result and the older one go as notes; the calls stay, paired.
    await sendInChat(frame, 'Thanks!');
    await answerDone(frame, 2);
    assert.match((await frame.locator('.turn-assistant').nth(2).textContent()) ?? '', /You are welcome/);
    const third = wireMessages(4);
    assert.deepEqual(
      third.map((message) => message.role),
      ['system', 'user', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'user'],
    );
    assert.deepEqual(
      third.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id, message.content]),
      [
        ['call_read', `[earlier tool result omitted: ${Math.ceil(String(sentResult).length / 4)} tokens]`],
        ['call_big', `[earlier tool result omitted: ${Math.ceil(bigResult.length / 4)} tokens]`],
      ],
    );
    assert.deepEqual(
      third.filter((message) => message.tool_calls).map((message) => message.tool_calls!.map((call) => call.id)),
      [['call_read'], ['call_big']],
    );
    assert.ok(!JSON.stringify(third).includes('Note 1: the deploy'), 'the omitted result is not on the wire');
  },
);
