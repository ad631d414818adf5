// Explain Selection as a person uses it, in a real VS Code (code-server in headless Chromium):
// select code, run the command from the palette, watch the answer stream into the panel, press
// Stop, recover from a wrong key with the Set API Key button, and see in the answer's header which
// secrets of the selection were redacted before it was sent.
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { openFile, openWorkbenchWithFake, ROOT, runCommand, screenshot, selectLines, findWebviewFrame, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-explain-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

// Real-shaped fake secrets (generated at load time, not stored), as the redaction tests use them.
const secrets = require(path.join(ROOT, 'test/fixtures/secrets/fakeSecrets.js')) as { entries: Array<{ kind: string; secret: string }> };
const secretOf = (kind: string) => secrets.entries.find((entry) => entry.kind === kind)!.secret;
const credentials = [
  "import { S3Client } from '@aws-sdk/client-s3';",
  '',
  'export const s3 = new S3Client({',
  '  credentials: {',
  `    accessKeyId: '${secretOf('aws-access-key-id')}',`,
  `    secretAccessKey: '${secretOf('aws-secret-access-key')}',`,
  '  },',
  '});',
  '',
  `export const signingKey = \`${secretOf('private-key')}\`;`,
  '',
].join('\n');

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key, files: { 'src/credentials.ts': credentials } });
  fake = wb.fake;
});

after(async () => {
  await wb?.stop();
});

const answerText = (frame: Frame) =>
  frame.evaluate(() => [...document.querySelectorAll('.markdown-body, .markdown-tail')].map((element) => (element as HTMLElement).innerText).join('\n'));

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function explain(page: Page, file: string, from: number, to: number): Promise<Frame> {
  await openFile(page, file);
  await selectLines(page, from, to);
  await runCommand(page, 'Flashlight: Explain Selection');
  return findWebviewFrame(page, '#flashlight-answer .answer', 30_000);
}

test('the answer streams into the panel in order, beside the editor, with the question above it', { timeout: 240_000 }, async () => {
  const sentences = Array.from({ length: 40 }, (_, index) => `Sentence ${index + 1} explains one more detail of the loop.`);
  const answer = `${sentences.slice(0, 20).join(' ')}\n\n${sentences.slice(20).join(' ')}\n`;
  fake.enqueue({
    text: answer,
    chunkSize: 12,
    chunkDelayMs: 40,
    reasoning: 'Reading the loop bounds first.',
    usage: { prompt_tokens: 90, completion_tokens: 400, cost: 0.0011 },
  });
  const frame = await explain(wb.page, 'src/hello.ts', 5, 11);

  // Record, inside the webview, every state of the text the person sees while it streams.
  await frame.evaluate(() => {
    const states: string[] = [];
    (window as unknown as { __states: string[] }).__states = states;
    const read = () =>
      [...document.querySelectorAll('.markdown-body, .markdown-tail')]
        .map((element) => (element as HTMLElement).innerText)
        .join('\n')
        .replace(/\s+/g, ' ')
        .trim();
    new MutationObserver(() => {
      const text = read();
      if (text !== states[states.length - 1]) states.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  let midAnswerShot = false;
  for (let tries = 0; tries < 600 && (await frame.$('.answer[data-state="done"]')) === null; tries++) {
    if (!midAnswerShot && squash(await answerText(frame)).length > answer.length / 3) {
      await screenshot(wb.page, 'explain-mid-answer');
      midAnswerShot = true;
    }
    await wb.page.waitForTimeout(50);
  }
  const samples = await frame.evaluate(() => (window as unknown as { __states: string[] }).__states);
  const final = squash(await answerText(frame));
  assert.equal(final, squash(answer));
  assert.ok(samples.length >= 10, `saw ${samples.length} distinct states: streamed, not at once`);
  // Each state is the answer so far (the last, unfinished word may still be growing).
  for (const sample of samples) assert.ok(final.startsWith(sample.replace(/ ?\S*$/, '')), `a state out of order: …${sample.slice(-60)}`);

  const header = await frame.locator('.question').innerText();
  assert.match(header, /src\/hello\.ts · lines 5–11 · typescript/);
  assert.match(header, /export function sum/);
  assert.match(await frame.locator('.reasoning summary').innerText(), /Thought/);
  assert.match(await frame.locator('.answer-footer').innerText(), /400 out/);
  const sent = fake.requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)!;
  assert.match(sent.body.messages[1].content, /for \(let i = 0; i <= values\.length; i\+\+\)/);
  await screenshot(wb.page, 'explain-done');
});

test('code in an answer is coloured in the panel, its text and buttons as the model wrote them', { timeout: 180_000 }, async () => {
  const code = 'const total = values.reduce((sum, value) => sum + value, 0);';
  fake.enqueue({ text: `Use reduce:\n\n\`\`\`typescript\n${code}\n\`\`\`\n\nIt starts at zero.\n`, chunkSize: 16, chunkDelayMs: 10 });
  const frame = await explain(wb.page, 'src/hello.ts', 5, 11);
  await frame.waitForSelector('.answer[data-state="done"]', { timeout: 60_000 });
  // Closed fences are coloured when the page is idle (idleHighlighter.ts): the block ends coloured, its code unchanged.
  await frame.waitForSelector('.markdown-body .code-block code.hljs .hljs-keyword', { timeout: 15_000 });
  assert.equal(await frame.locator('.markdown-body .code-block code').textContent(), code);
  assert.equal(await frame.locator('.markdown-body .code-block').count(), 1);
  assert.ok(await frame.locator('.markdown-body .code-block [data-action="copy-code"]').count());
  await screenshot(wb.page, 'explain-code-coloured');
});

test('Stop ends the stream at once and keeps what arrived', { timeout: 180_000 }, async () => {
  fake.reset();
  fake.enqueue({ text: 'Slowly explained. '.repeat(400), chunkSize: 9, chunkDelayMs: 30 });
  const frame = await explain(wb.page, 'src/hello.ts', 1, 3);
  await frame.locator('#flashlight-stop').waitFor({ state: 'visible', timeout: 20_000 });
  for (let tries = 0; tries < 200 && squash(await answerText(frame)).length < 80; tries++) await wb.page.waitForTimeout(30);
  await frame.locator('#flashlight-stop').click();
  await frame.locator('.answer[data-state="stopped"]').waitFor({ timeout: 10_000 });
  const kept = squash(await answerText(frame));
  await wb.page.waitForTimeout(600);
  assert.equal(squash(await answerText(frame)), kept, 'nothing arrives after Stop');
  assert.ok(kept.length >= 80 && kept.length < 'Slowly explained. '.repeat(400).length - 100, `kept ${kept.length} chars`);
  assert.match(await frame.locator('.status').innerText(), /Stopped/);
  for (let tries = 0; tries < 100 && fake.openStreams() > 0; tries++) await wb.page.waitForTimeout(50);
  assert.equal(fake.openStreams(), 0, 'the request was aborted on the wire');
});

test(
  'a long answer: the panel follows the bottom as it grows, stays where the user scrolled up, and follows again from the bottom',
  { timeout: 180_000 },
  async () => {
    fake.reset();
    const paragraphs = Array.from({ length: 400 }, (_, index) => `Paragraph ${index + 1} adds one more line to a long explanation.`);
    fake.enqueue({ text: paragraphs.join('\n\n'), chunkSize: 30, chunkDelayMs: 15 });
    const frame = await explain(wb.page, 'src/hello.ts', 1, 3);
    // How far the view is from the bottom, read after the next two frames (the scroll follows layout).
    const distance = () =>
      frame.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const scroller = document.scrollingElement!;
                resolve(scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight);
              }),
            ),
          ),
      );
    const overflowing = () => frame.evaluate(() => document.scrollingElement!.scrollHeight > 3 * document.scrollingElement!.clientHeight);
    for (let tries = 0; tries < 200 && !(await overflowing()); tries++) await wb.page.waitForTimeout(50);
    assert.ok(await overflowing(), 'the answer grew past three screens');
    for (let sample = 0; sample < 5; sample++) {
      assert.ok((await distance()) < 80, 'following the bottom while the answer grows');
      await wb.page.waitForTimeout(150);
    }
    // The person scrolls up with the wheel: the view stays there while text keeps arriving.
    const box = (await (await frame.frameElement()).boundingBox())!;
    await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.mouse.wheel(0, -800);
    await wb.page.waitForTimeout(400);
    const scrolledTo = await frame.evaluate(() => document.scrollingElement!.scrollTop);
    await wb.page.waitForTimeout(1_000);
    assert.equal(await frame.$('.answer[data-state="done"]'), null, 'still streaming: the test saw the answer grow under a scrolled-up view');
    assert.ok(Math.abs((await frame.evaluate(() => document.scrollingElement!.scrollTop)) - scrolledTo) <= 2, 'the view stays where the person scrolled');
    assert.ok((await distance()) > 400, 'and the answer grew below it');
    // Back to the bottom: following resumes.
    await wb.page.mouse.wheel(0, 1_000_000);
    await wb.page.waitForTimeout(400);
    for (let sample = 0; sample < 3; sample++) {
      assert.ok((await distance()) < 80, 'following again after scrolling back to the bottom');
      await wb.page.waitForTimeout(150);
    }
    await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 60_000 });
    assert.ok((await distance()) < 80, 'the end of the answer is in view');
    await screenshot(wb.page, 'explain-followed-to-end');
  },
);

test('a wrong key shows the 401 message; Set API Key checks the new key, stores it and goes on', { timeout: 180_000 }, async () => {
  fake.reset();
  fake.enqueue({ status: 401, errorMessage: 'User not found.' }, { text: 'Answered with the new key.' });
  const frame = await explain(wb.page, 'src/hello.ts', 1, 3);
  const error = frame.locator('.error[data-kind="badKey"]');
  await error.waitFor({ timeout: 20_000 });
  assert.match(await error.innerText(), /OpenRouter did not accept the API key/);
  assert.ok(!(await frame.content()).includes(key), 'the key is not in the panel');
  await screenshot(wb.page, 'explain-401');

  await error.locator('button[data-action="setApiKey"]').click();
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await input.getAttribute('type'), 'password');
  const newKey = 'sk-or-v1-e2e-new-key-9876543210';
  await wb.page.keyboard.type(newKey);
  await wb.page.keyboard.press('Enter');

  await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(squash(await answerText(frame)), 'Answered with the new key.');
  const keyCheck = fake.requests.find((request) => request.path.endsWith('/key'));
  assert.equal(keyCheck?.headers['authorization'], `Bearer ${newKey}`, 'the key was checked with GET /key before it was stored');
  const retried = fake.requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)!;
  assert.equal(retried.headers['authorization'], `Bearer ${newKey}`, 'the stored key is used for the retried request');
});

test('the answer header says which secrets of the selection were redacted, by kind and place, never their values', { timeout: 180_000 }, async () => {
  fake.reset();
  fake.enqueue({ text: 'It builds an S3 client from hard-coded credentials and keeps a private signing key in the source.' });
  const lines = credentials.split('\n').length - 1;
  const frame = await explain(wb.page, 'src/credentials.ts', 1, lines);
  await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  const note = frame.locator('.question .redactions');
  await note.waitFor({ timeout: 10_000 });
  const said = await note.innerText();
  // Named by file and line as the editor counts them, never by value.
  const lineOf = (needle: string) => credentials.split('\n').findIndex((line) => line.includes(needle)) + 1;
  assert.equal(
    said,
    `3 secrets redacted: aws-access-key-id (src/credentials.ts line ${lineOf(secretOf('aws-access-key-id'))}), ` +
      `aws-secret-access-key (src/credentials.ts line ${lineOf(secretOf('aws-secret-access-key'))}), ` +
      `private-key (src/credentials.ts line ${lineOf('-----BEGIN')})`,
  );
  const sent = JSON.stringify(fake.requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)!.body);
  const page = await frame.content();
  for (const kind of ['aws-access-key-id', 'aws-secret-access-key']) {
    assert.ok(!sent.includes(secretOf(kind)), `${kind} left the machine`);
    assert.ok(!page.includes(secretOf(kind)), `${kind} is shown in the panel`);
  }
  assert.match(sent, /\[REDACTED private-key\]/);
  await screenshot(wb.page, 'redactions-header');
});
