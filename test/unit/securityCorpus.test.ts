// The hostile corpus (test/fixtures/hostile/corpus.js) through the webview's renderer and
// sanitizer, in every way the view meets it: whole, and streamed in small deltas. What reaches the
// DOM must hold no script, no handler, no element that loads or navigates, no link but http(s)
// (no mailto:, #fragment or relative one either), no image but an inline raster; and every
// payload must still be visible as text.
// The same corpus runs in the real webview in test/e2e/security.e2e.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { createSanitizer } from '../../src/webview/sanitize';
import { IncrementalMarkdown, renderAll } from '../../src/webview/markdownBlocks';

interface Entry {
  id: string;
  category: string;
  text: string;
}
const corpus = require(join(__dirname, '../../../test/fixtures/hostile/corpus.js')) as {
  entries: Entry[];
  materialize(text: string, canary: string, secret: string): string;
};

const canary = 'http://127.0.0.1:9/canary';
const secret = 'SECRET-c0ffee';
const { window } = new JSDOM('<!DOCTYPE html><body></body>');
const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);

const activeTags =
  'script,style,iframe,frame,frameset,object,embed,form,input,button[formaction],textarea,select,svg,math,link,meta,base,video,audio,source,picture,template,noscript,marquee';
const allowedHref = /^https?:/i;
const allowedSrc = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

/** Every violation found in a container, as readable strings (empty: safe). */
export function violations(container: Element): string[] {
  const found: string[] = [];
  for (const element of container.querySelectorAll(activeTags)) found.push(`<${element.tagName.toLowerCase()}>`);
  for (const element of container.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName}[${name}]`);
      if (['style', 'srcset', 'action', 'formaction', 'background', 'poster', 'xlink:href', 'srcdoc', 'target', 'ping'].includes(name))
        found.push(`${element.tagName}[${name}]`);
      if (name === 'href' && !allowedHref.test(attribute.value.trim())) found.push(`${element.tagName}[href=${attribute.value.slice(0, 40)}]`);
      if (name === 'src' && !allowedSrc.test(attribute.value.trim())) found.push(`${element.tagName}[src=${attribute.value.slice(0, 40)}]`);
    }
  }
  const html = container.innerHTML;
  if (html.includes(canary) && [...container.querySelectorAll('[href],[src]')].some((element) => (element.getAttribute('src') ?? '').includes(canary)))
    found.push('canary src');
  return found;
}

function mount(html: string): Element {
  const container = window.document.createElement('div');
  container.append(sanitizer.toFragment(html));
  return container;
}

function streamed(text: string, size: number): string {
  const markdown = new IncrementalMarkdown();
  const parts: string[] = [];
  for (let offset = 0; offset < text.length; offset += size) {
    markdown.append(text.slice(offset, offset + size));
    const update = markdown.update();
    parts.push(...update.committed.map((block) => block.html));
    const tail = update.tail.map((block) => block.html);
    // Each intermediate tail is put in the DOM too: it must be as safe as the final render.
    const shown = violations(mount(tail.join('')));
    assert.deepEqual(shown, [], `tail after ${offset + size} chars`);
  }
  const final = markdown.update(true);
  parts.push(...final.committed.map((block) => block.html));
  return parts.join('');
}

test(`the corpus holds at least 100 hostile answers (${corpus.entries.length})`, () => {
  assert.ok(corpus.entries.length >= 100);
  assert.equal(new Set(corpus.entries.map((entry) => entry.id)).size, corpus.entries.length);
});

for (const entry of corpus.entries) {
  test(`${entry.id} ${entry.category}: rendered inert and still shown`, () => {
    const text = corpus.materialize(entry.text, canary, secret);
    for (const html of [renderAll(text), streamed(text, 13)]) {
      const container = mount(html);
      assert.deepEqual(violations(container), [], `${entry.id}: ${text.slice(0, 120)}`);
      assert.ok(container.textContent.includes(`[[${entry.id}]]`), `${entry.id}'s marker is visible`);
    }
  });
}

test('the checks above catch an unsanitized render (so they can fail)', () => {
  const container = window.document.createElement('div');
  container.innerHTML = '<a href="javascript:alert(1)">x</a><img src="https://e.example/x.png" onerror="x()"><iframe></iframe>';
  assert.ok(violations(container).length >= 3);
});
