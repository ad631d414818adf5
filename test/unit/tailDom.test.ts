// TailDom keeps the streaming tail's DOM exactly as a fresh render would make it, while reusing
// nodes, appending text and moving committed blocks: checked after every update of two answers
// streamed in many delta sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { IncrementalMarkdown } from '../../src/webview/markdownBlocks';
import { createSanitizer } from '../../src/webview/sanitize';
import { TailDom } from '../../src/webview/tailDom';

const answers = join(__dirname, '../../../test/fixtures/answers');
const mixed = readFileSync(join(answers, 'mixed.md'), 'utf8');
// The first 12 KB of the benchmark answer has every kind of block it uses (prose with inline
// markup, ordered and bulleted lists, tables, quotes, code in 10 languages); jsdom is slow enough
// that the whole 80 KB would make this test take minutes.
const long = readFileSync(join(answers, 'long-80k.md'), 'utf8').slice(0, 12_000);

const { window } = new JSDOM('<!DOCTYPE html><body></body>');
(globalThis as unknown as { Node: typeof window.Node }).Node ??= window.Node;
const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);
const document = window.document;

/**
 * The DOM as markup with every text node bracketed: two adjacent text nodes where a fresh parse
 * makes one would show, and later growth relies on the parser's exact nodes.
 */
function structure(node: Node): string {
  if (node.nodeType === window.Node.TEXT_NODE) return `[${(node as Text).data}]`;
  const children = [...node.childNodes].map(structure).join('');
  if (node.nodeType !== window.Node.ELEMENT_NODE) return children;
  const element = node as Element;
  const attributes = [...element.attributes].map((attribute) => ` ${attribute.name}="${attribute.value}"`).join('');
  return `<${element.localName}${attributes}>${children}</${element.localName}>`;
}

/** What rendering these blocks from scratch gives. */
function fresh(blocks: string[]): string {
  const container = document.createElement('div');
  for (const html of blocks) container.append(sanitizer.toFragment(html));
  return structure(container);
}

/**
 * Streams `text` in `size`-character deltas; checks the tail's DOM after the updates `check`
 * picks, and everything committed every 200 updates and at the end (rendering all of it afresh
 * each time would make the test quadratic). Returns how often text grew in place.
 */
function stream(text: string, size: number, check: (update: number) => boolean): { grown: number } {
  const markdown = new IncrementalMarkdown();
  const committed = document.createElement('div');
  const tail = document.createElement('div');
  const view = new TailDom(tail, sanitizer);
  const committedHtml: string[] = [];
  let grown = 0;
  let update = 0;
  for (let offset = 0; offset <= text.length; offset += size) {
    const final = offset + size > text.length;
    markdown.append(text.slice(offset, offset + size));
    const { committed: done, tail: pending } = markdown.update(final);
    for (const block of done) {
      view.commit(block.html, committed);
      committedHtml.push(block.html);
    }
    const before = tail.childNodes.length && tail.lastChild;
    view.show(pending.map((block) => block.html));
    if (before && tail.lastChild === before && pending.length) grown++;
    if (check(update) || final) {
      assert.equal(structure(tail), fresh(pending.map((block) => block.html)), `tail after update ${update} (delta size ${size})`);
    }
    if (update % 200 === 0 || final) {
      assert.equal(structure(committed), fresh(committedHtml), `committed blocks after update ${update} (delta size ${size})`);
    }
    update++;
  }
  return { grown };
}

test('the tail DOM equals a fresh render after every update (mixed answer, several delta sizes)', () => {
  for (const size of [1, 5, 24]) stream(mixed, size, (update) => size > 1 || update % 2 === 0);
});

test('a long answer: equal after every update at 24 characters, and most updates only append text', () => {
  const { grown } = stream(long, 24, () => true);
  const updates = Math.ceil(long.length / 24);
  assert.ok(grown > updates / 2, `text grew in place in ${grown} of ${updates} updates`);
});

test('a long answer in odd delta sizes, checked every few updates', () => {
  for (const size of [7, 61]) stream(long, size, (update) => update % 8 === 0);
});
