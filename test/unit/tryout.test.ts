// The offline try-out's answers (test/fake-openrouter/tryout.ts), built from the prompts Flashlight
// really sends (src/core/prompts/*), so a prompt that changes its wording and stops being
// recognised fails here; edit answers are read back with the real reply parser.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { DEFAULT_TEXT } from '../fake-openrouter/scenario';
import { imageFacts, readTryoutRequest, tryoutScenario, tryoutText, TRYOUT_FIRST_TOKEN_MS } from '../fake-openrouter/tryout';
import { explainMessages } from '../../src/core/prompts/explain';
import { fixMessages } from '../../src/core/prompts/fix';
import { documentMessages } from '../../src/core/prompts/document';
import { simplifyMessages } from '../../src/core/prompts/simplify';
import { testsMessages } from '../../src/core/prompts/tests';
import { replacementOf, fencedBlocks } from '../../src/core/prompts/replyParser';
import { buildHistory } from '../../src/core/chat/history';
import type { ChatTurn } from '../../src/protocol';

const SUM = [
  'export function sum(values: number[]): number {',
  '  let total = 0;',
  '  for (let i = 0; i <= values.length; i++) {',
  '    total += values[i];',
  '  }',
  '  return total;',
  '}',
].join('\n');
const MEAN = ['def mean(xs):', '    return sum(xs) / len(xs)'].join('\n');
const ts = { code: SUM, languageId: 'typescript', fileName: 'src/hello.ts', startLine: 5, endLine: 11 };
const py = { code: MEAN, languageId: 'python', fileName: 'src/sample.py', startLine: 1, endLine: 2 };

const answerFor = (messages: unknown) => tryoutText(readTryoutRequest({ messages }));

/** A 3x2 PNG: signature, then an IHDR chunk (the rest of the file does not matter to the header). */
function pngDataUrl(width: number, height: number): string {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return `data:image/png;base64,${b.toString('base64')}`;
}

describe('try-out answers to Explain', () => {
  test('Markdown with headings, a list, and a code block in the selection’s language quoting it', () => {
    const text = answerFor(explainMessages(ts));
    assert.match(text, /^## What `sum` does/m);
    assert.match(text, /^### /m);
    assert.match(text, /^1\. `export function sum/m, 'a numbered list of the lines');
    const blocks = fencedBlocks(text);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].info, 'typescript');
    assert.equal(blocks[0].content, SUM, 'the selected code, quoted as it is');
    assert.match(text, /\*\*Line 7:\*\* The loop runs one step past the end/, 'the off-by-one, on its line in the file');
    assert.match(text, /offline try-out/);
  });

  test('Python code is quoted in a python block', () => {
    const blocks = fencedBlocks(answerFor(explainMessages(py)));
    assert.equal(blocks[0].info, 'python');
    assert.equal(blocks[0].content, MEAN);
  });

  test('code holding ``` is quoted whole, behind a longer fence', () => {
    const code = 'const md = `\n```js\nx()\n```\n`;';
    const blocks = fencedBlocks(answerFor(explainMessages({ code, languageId: 'javascript', fileName: 'a.js' })));
    assert.equal(blocks[0].content, code);
  });
});

describe('try-out answers to the code actions parse with the real reply parser', () => {
  test('Fix: the off-by-one loop bound is fixed, one block and a Why', () => {
    const reply = answerFor(fixMessages({ context: ts, diagnostics: [] }));
    const parsed = replacementOf(reply, 'typescript', SUM);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.reply.code, SUM.replace('i <= values.length', 'i < values.length'));
    assert.equal(parsed.reply.complete, true);
    assert.match(parsed.reply.why, /one step past the end/);
  });

  test('Fix with a diagnostic: the string concatenation becomes a number sum', () => {
    const code = 'const quantity: number = item.quantity + String(amount);';
    const reply = answerFor(
      fixMessages({
        context: { code, languageId: 'typescript', fileName: 'src/inventory.ts', startLine: 7 },
        diagnostics: [{ message: "Type 'string' is not assignable to type 'number'.", severity: 'error', source: 'ts', code: 2322, line: 7, column: 9 }],
      }),
    );
    const parsed = replacementOf(reply, 'typescript', code);
    assert.ok(parsed.ok);
    assert.equal(parsed.reply.code, 'const quantity: number = item.quantity + amount;');
  });

  test('Fix in Python guards the empty list', () => {
    const parsed = replacementOf(answerFor(fixMessages({ context: py, diagnostics: [] })), 'python', MEAN);
    assert.ok(parsed.ok);
    assert.equal(parsed.reply.code, 'def mean(xs):\n    return sum(xs) / len(xs) if xs else 0.0');
  });

  test('Fix on code with no known slip returns it unchanged and says so', () => {
    const code = 'export const two = 1 + 1;';
    const parsed = replacementOf(answerFor(fixMessages({ context: { code, languageId: 'typescript' }, diagnostics: [] })), 'typescript', code);
    assert.ok(parsed.ok);
    assert.equal(parsed.reply.code, code);
    assert.match(parsed.reply.why, /no bug/);
  });

  test('Document adds doc comments and keeps every code line', () => {
    const parsed = replacementOf(answerFor(documentMessages(ts)), 'typescript', SUM);
    assert.ok(parsed.ok);
    assert.match(parsed.reply.code, /^\/\*\*\n \* Sum\.\n \* @param values The values to use\.\n \*\/\nexport function sum/);
    assert.deepEqual(
      parsed.reply.code.split('\n').filter((l) => !/^\s*(\/\*\*|\*)/.test(l)),
      SUM.split('\n'),
    );
  });

  test('Document in Python writes a docstring under the def', () => {
    const parsed = replacementOf(answerFor(documentMessages(py)), 'python', MEAN);
    assert.ok(parsed.ok);
    assert.match(parsed.reply.code, /^def mean\(xs\):\n {4}"""Mean\.\n\n {4}Args:\n {8}xs: the xs to use\.\n {4}"""\n {4}return/);
  });

  test('Simplify turns the summing loop into a reduce', () => {
    const parsed = replacementOf(answerFor(simplifyMessages(ts)), 'typescript', SUM);
    assert.ok(parsed.ok);
    assert.equal(parsed.reply.code, 'export function sum(values: number[]): number {\n  return values.reduce((total, value) => total + value, 0);\n}');
  });

  test('Write Tests: a new file imports the function by its relative path', () => {
    const reply = answerFor(testsMessages({ context: ts, testFileName: 'src/hello.test.ts' }));
    const parsed = replacementOf(reply, 'typescript');
    assert.ok(parsed.ok);
    assert.match(parsed.reply.code, /import \{ sum \} from '\.\/hello';/);
    assert.match(parsed.reply.code, /test\('sum is a function'/);
  });

  test('Write Tests appended to an existing file repeats no imports', () => {
    const reply = answerFor(testsMessages({ context: ts, testFileName: 'src/hello.test.ts', existingTests: "import { test } from 'node:test';\n" }));
    const parsed = replacementOf(reply, 'typescript');
    assert.ok(parsed.ok);
    assert.doesNotMatch(parsed.reply.code, /import/);
  });
});

describe('try-out answers to images and chat', () => {
  test('an image is described by the format and size in its data URL', () => {
    const text = answerFor(explainMessages(undefined, [{ mimeType: 'image/png', base64: pngDataUrl(640, 480).split(',')[1] }]));
    assert.match(text, /^## The image/m);
    assert.match(text, /^- \*\*PNG\*\* image, 640 × 480 pixels, 33 bytes/m);
  });

  test('GIF and JPEG headers give their pixel size too; an unknown format still names its type', () => {
    const gif = Buffer.from('GIF89a\x20\x00\x10\x00', 'latin1');
    assert.deepEqual(imageFacts(`data:image/gif;base64,${gif.toString('base64')}`), { format: 'GIF', mimeType: 'image/gif', bytes: 10, width: 32, height: 16 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x78, 0x00, 0xa0, 0x03]);
    const facts = imageFacts(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
    assert.equal(facts.width, 160);
    assert.equal(facts.height, 120);
    assert.equal(imageFacts('data:image/x-thing;base64,AAAA').format, 'image/x-thing');
    assert.equal(imageFacts('not a data url').bytes, 0);
  });

  test('a chat question with attached code quotes that code in its language', () => {
    const turns: ChatTurn[] = [
      {
        id: 't1',
        role: 'user',
        text: 'Why does this return NaN?',
        contexts: [
          { id: 'c1', kind: 'selection', label: 'hello.ts:5–11', code: SUM, languageId: 'typescript', fileName: 'src/hello.ts', startLine: 5, endLine: 11 },
        ],
        images: [],
      },
    ];
    const { messages } = buildHistory(turns, 100_000, 1_000);
    const request = readTryoutRequest({ messages });
    assert.equal(request.kind, 'chat');
    assert.equal(request.question, 'Why does this return NaN?');
    const text = tryoutText(request);
    assert.match(text, /^## About “Why does this return NaN\?”/m);
    assert.equal(fencedBlocks(text)[0].content, SUM);
    assert.equal(fencedBlocks(text)[0].info, 'typescript');
    assert.match(text, /\*\*Line 7:\*\*/, 'the line in the file, from the chip’s location');
  });

  test('a chat question without code gets headings, a list of what Flashlight does and an example block', () => {
    const text = answerFor([{ role: 'user', content: 'What can you do?' }]);
    assert.match(text, /^## “What can you do\?”/m);
    assert.match(text, /^- \*\*Explain Selection\*\*/m);
    assert.equal(fencedBlocks(text).length, 1);
  });
});

describe('try-out pace and thinking', () => {
  test('a thinking model thinks first; one that does not, does not; a named effort is left to reasoning.ts', () => {
    const messages = explainMessages(ts);
    assert.match(tryoutScenario({ messages }, 'google/gemini-2.5-flash').reasoning ?? '', /^\*\*Reading the request\*\*/);
    assert.match(tryoutScenario({ messages }, 'deepseek/deepseek-r1:free').reasoning ?? '', /Reading/);
    assert.equal(tryoutScenario({ messages }, 'google/gemini-2.0-flash-001').reasoning, '');
    assert.equal(tryoutScenario({ messages, reasoning: { effort: 'high' } }, 'google/gemini-2.5-flash').reasoning, undefined);
  });

  let fake: FakeOpenRouter;
  before(async () => {
    fake = await startFakeOpenRouter({ tryout: true });
  });
  after(() => fake.close());

  async function stream(
    body: Record<string, unknown>,
  ): Promise<{ content: string; reasoning: string; firstAt: number; lastAt: number; start: number; deltas: number }> {
    const start = performance.now();
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-or-v1-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, ...body }),
    });
    let buffer = '';
    let content = '';
    let reasoning = '';
    let firstAt = 0;
    let lastAt = 0;
    let deltas = 0;
    const decoder = new TextDecoder();
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(part, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!event.startsWith('data: {')) continue;
        const delta = JSON.parse(event.slice(6)).choices?.[0]?.delta ?? {};
        if (delta.content || delta.reasoning) {
          firstAt ||= performance.now();
          lastAt = performance.now();
          deltas++;
        }
        content += delta.content ?? '';
        reasoning += delta.reasoning ?? '';
      }
    }
    return { content, reasoning, firstAt, lastAt, start, deltas };
  }

  test('streamed at a real pace: first token after ~300 ms, then ~200 tokens a second', async () => {
    const s = await stream({ model: 'google/gemini-2.0-flash-001', messages: explainMessages(ts) });
    assert.equal(s.content, tryoutText(readTryoutRequest({ messages: explainMessages(ts) })));
    assert.equal(s.reasoning, '');
    assert.ok(s.firstAt - s.start >= TRYOUT_FIRST_TOKEN_MS - 20, `first token after ${Math.round(s.firstAt - s.start)} ms`);
    const tokensPerSecond = s.content.length / 4 / ((s.lastAt - s.firstAt) / 1000);
    assert.ok(tokensPerSecond > 100 && tokensPerSecond < 260, `${Math.round(tokensPerSecond)} tokens/s over ${s.deltas} deltas`);
  });

  test('a thinking model streams its thought before the answer', async () => {
    const s = await stream({ model: 'google/gemini-2.5-flash', messages: fixMessages({ context: ts, diagnostics: [] }) });
    assert.match(s.reasoning, /Reading the request/);
    assert.ok(replacementOf(s.content, 'typescript', SUM).ok);
  });

  test('a queued scenario or a default still wins over the try-out, and without `tryout` the default text is unchanged', async () => {
    fake.enqueue({ text: 'scripted' });
    assert.equal((await stream({ model: 'x/y', messages: [{ role: 'user', content: 'hi' }] })).content, 'scripted');
    fake.setDefault({ text: 'default' });
    assert.equal((await stream({ model: 'x/y', messages: [{ role: 'user', content: 'hi' }] })).content, 'default');
    fake.reset();
    assert.match((await stream({ model: 'x/y', messages: [{ role: 'user', content: 'hi' }] })).content, /offline try-out/);

    const plain = await startFakeOpenRouter();
    try {
      const res = await fetch(`${plain.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-or-v1-0123456789abcdef', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'x/y', messages: explainMessages(ts) }),
      });
      assert.equal((await res.json()).choices[0].message.content, DEFAULT_TEXT);
    } finally {
      await plain.close();
    }
  });
});
