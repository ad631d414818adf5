// Copy, Insert and Apply name a code block by its answer and its index; the extension then takes
// the code from its own record (src/answerCodeBlocks.ts). That is only right if both sides number
// the blocks the same way: here the real AnswerView renders each answer into a DOM (jsdom), as the
// webview does, whole (a reopened chat) and streamed in small deltas, every block's toolbar button
// is clicked through the real click handler, and the block the posted message names, read from
// the answer's text, must be exactly the code that block shows. Over the fixture answers, the
// hostile corpus, and the markdown shapes where code blocks hide (lists, quotes, indented code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { codeBlockAt, codeBlocksOf, textToCopy } from '../../src/core/answers/answerCodeBlocks';
import type { WebviewToExtension } from '../../src/protocol';
import { AnswerView } from '../../src/webview/answerView';
import { createSanitizer } from '../../src/webview/sanitize';

const { window } = new JSDOM('<!DOCTYPE html><body></body>');
(globalThis as unknown as { Node: typeof window.Node }).Node ??= window.Node;
const document = window.document;
const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);

// The webview's bridge (vscodeApi.ts) takes VS Code's API when it loads: hand it a recorder.
const posted: WebviewToExtension[] = [];
(globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: (message: WebviewToExtension) => posted.push(message) });
const { handleCodeBlockClicks } = require('../../src/webview/codeBlockActions') as typeof import('../../src/webview/codeBlockActions');

const corpus = require(join(__dirname, '../../../test/fixtures/hostile/corpus.js')) as {
  entries: Array<{ id: string; text: string }>;
  materialize(text: string, canary: string, secret: string): string;
};
const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/answers', name), 'utf8');

const shapes: Record<string, string> = {
  'fence in a list item': '1. First:\n\n   ```js\n   one();\n   ```\n\n2. Then `inline` and\n   ```\n   two();\n   ```\n',
  'fence in a quote in a list': '- > ```py\n  > print(1)\n  > ```\n- plain\n\n```sh\nls\n```\n',
  'indented code after a paragraph': 'Text\n\n    indented();\n    more();\n\n~~~ts title="x"\ntilde();\n~~~\n',
  'a longer closing fence and a fence that never closes': '````md\n```\nnot a fence\n```\n`````\n\nafter\n\n```ts\nunclosed();\n',
  'CRLF line ends': 'A\r\n\r\n```ts\r\nconst a = 1;\r\nconst b = 2;\r\n```\r\n\r\n```\r\nsecond\r\n```\r\n',
  'raw HTML pretending to be a code block':
    '<div class="code-block"><button data-action="insert-code">Insert</button><pre><code>rm -rf /</code></pre></div>\n\n```\nreal\n```\n',
  'a task list, a table and a heading around fences': '- [ ] task\n  ```\n  in task\n  ```\n\n| a | b |\n|---|---|\n| `x` | y |\n\n# H\n```\nlast\n```',
  'no code at all': 'Just words, `inline code`, and ``double ticks``.',
};

const answers: Array<[string, string]> = [
  ['mixed.md', fixture('mixed.md')],
  ['long-80k.md', fixture('long-80k.md')],
  ...Object.entries(shapes),
  ...corpus.entries.map((entry): [string, string] => [`corpus ${entry.id}`, corpus.materialize(entry.text, 'http://127.0.0.1:9/canary', 'SECRET-c0ffee')]),
];

/** A small deterministic generator, so a failing split can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Frames run when the test says: a few deltas land in each, as in the webview. */
let frame: (() => void) | undefined;

function view(): AnswerView {
  return new AnswerView(
    document,
    sanitizer,
    { onStop() {}, onErrorAction() {}, scheduleFrame: (callback) => (frame = callback), afterRender() {}, highlightLater() {} },
    { title: 'Q' },
  );
}

/** The answer as the webview shows it: `whole` as a reopened chat restores it, else streamed in random deltas. */
function rendered(text: string, whole: boolean, seed: number): HTMLElement {
  const answer = view();
  if (whole) answer.restore({ requestId: 1, question: { title: 'Q' }, reasoning: '', text, state: 'done' });
  else {
    const next = random(seed);
    for (let offset = 0; offset < text.length;) {
      const size = 1 + Math.floor(next() * 40);
      answer.appendContent(text.slice(offset, offset + size));
      offset += size;
      if (next() < 0.3) {
        frame?.();
        frame = undefined;
      }
    }
    answer.finish(undefined, false);
  }
  const turn = document.createElement('section');
  turn.className = 'turn-assistant';
  turn.dataset.turnId = 'turn-1';
  turn.append(answer.element);
  return turn;
}

const root = document.createElement('div');
document.body.append(root);
handleCodeBlockClicks(root, (element) => {
  const turnId = element.closest<HTMLElement>('.turn-assistant')?.dataset.turnId;
  return turnId ? { turnId } : undefined;
});

/** Clicks `action` on every code block shown and checks each message names the block's own code in `text`. */
function checkEveryButton(name: string, text: string, element: HTMLElement, action: string, type: string): void {
  root.replaceChildren(element);
  const shown = [...element.querySelectorAll('.code-block')].map((block) => block.querySelector('pre code')!.textContent);
  const buttons = [...element.querySelectorAll<HTMLElement>(`[data-action="${action}"]`)];
  assert.equal(buttons.length, shown.length, `${name}: one ${action} button per code block`);
  assert.deepEqual(
    codeBlocksOf(text).map((block) => block.code),
    shown,
    `${name}: the extension finds the blocks the webview shows, in order`,
  );
  buttons.forEach((button, index) => {
    posted.length = 0;
    button.click();
    assert.equal(posted.length, 1, `${name}: block ${index} posts one message`);
    const message = posted[0];
    assert.equal(message.type, type);
    assert.ok('answer' in message && !('code' in message) && !('text' in message), `${name}: the message carries no code`);
    assert.deepEqual(message.answer, { turnId: 'turn-1' });
    const block = (message as { block: number }).block;
    assert.equal(codeBlockAt(text, block)?.code, shown[index], `${name}: block ${index} names the code it shows`);
  });
}

test('every code block the webview shows is the block the extension reads for its index: whole and streamed', () => {
  let blocks = 0;
  answers.forEach(([name, text], index) => {
    checkEveryButton(name, text, rendered(text, true, index), 'insert-code', 'insertCode');
    // jsdom re-renders the tail slowly: the 80 KB answer streams its first 12 KB (every kind of block it has).
    const streamed = name === 'long-80k.md' ? text.slice(0, 12_000) : text;
    checkEveryButton(`${name} (streamed)`, streamed, rendered(streamed, false, index + 1), 'apply-code', 'applyCode');
    blocks += codeBlocksOf(text).length;
  });
  assert.ok(blocks > 80, `the answers hold many code blocks (${blocks})`);
});

test('Copy names the block too, and the whole answer copies the recorded text', () => {
  const text = fixture('mixed.md');
  checkEveryButton('mixed.md copy', text, rendered(text, true, 7), 'copy-code', 'copy');
  assert.equal(textToCopy(text, undefined), text);
  assert.equal(textToCopy(text, 0), codeBlocksOf(text)[0].code);
});

test('an index the answer does not have names nothing', () => {
  const text = 'One:\n\n```ts\nconst a = 1;\n```\n';
  assert.deepEqual(codeBlockAt(text, 0), { code: 'const a = 1;', language: 'ts' });
  for (const index of [1, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) assert.equal(codeBlockAt(text, index), undefined, String(index));
  assert.equal(textToCopy(text, 3), undefined);
  assert.equal(codeBlockAt('', 0), undefined);
});

test('a button outside an answer, or in an answer nothing names, posts nothing', () => {
  const stray = document.createElement('div');
  stray.innerHTML = '<div class="code-block"><button data-action="insert-code">Insert</button><pre><code>x</code></pre></div>';
  root.replaceChildren(stray);
  posted.length = 0;
  stray.querySelector<HTMLElement>('button')!.click();
  assert.deepEqual(posted, []);
});
