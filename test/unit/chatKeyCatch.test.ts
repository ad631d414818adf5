// The chat's focus key on a page that does not exist yet (issue 18, item 2): a VS Code input box
// holds the keys (features/chat/chatKeyCatcher.ts). These are its rules: when the caught text moves
// to the page (the page ready, and the person paused, or done with Enter or Escape), and what the
// page's composer does with it (it goes before anything typed there since; Enter sends it once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { WebviewToExtension } from '../../src/protocol';
import { caughtTextThen, handoverDelay, typingPauseMs } from '../../src/core/chat/keyCatchHandover';

const posted: WebviewToExtension[] = [];
(globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: (message: WebviewToExtension) => posted.push(message) });
const { Composer } = require('../../src/webview/composer') as typeof import('../../src/webview/composer');

test('nothing moves while the page is not ready, whatever the person did', () => {
  for (const end of [undefined, 'accepted', 'dismissed'] as const) {
    assert.equal(handoverDelay({ pageReady: false, end, lastChangeAt: 1_000 }, 5_000), undefined);
  }
});

test('the page ready: the text waits for a pause in the typing, never moving the focus under a key', () => {
  const lastChangeAt = 10_000;
  assert.equal(handoverDelay({ pageReady: true, end: undefined, lastChangeAt }, lastChangeAt + 50), typingPauseMs - 50);
  assert.equal(handoverDelay({ pageReady: true, end: undefined, lastChangeAt }, lastChangeAt + typingPauseMs), 0);
  assert.equal(handoverDelay({ pageReady: true, end: undefined, lastChangeAt }, lastChangeAt + 5_000), 0);
});

test('nothing typed yet, or Enter or Escape pressed: it moves as soon as the page is ready', () => {
  assert.equal(handoverDelay({ pageReady: true, end: undefined, lastChangeAt: undefined }, 0), 0);
  assert.equal(handoverDelay({ pageReady: true, end: 'accepted', lastChangeAt: 99 }, 100), 0);
  assert.equal(handoverDelay({ pageReady: true, end: 'dismissed', lastChangeAt: 99 }, 100), 0);
});

test('Enter sends, Escape keeps the text unsent without taking the focus, else the composer takes the focus', () => {
  assert.equal(caughtTextThen('accepted'), 'send');
  assert.equal(caughtTextThen('dismissed'), 'none');
  assert.equal(caughtTextThen(undefined), 'focus');
});

function composerPage(): { document: Document; composer: InstanceType<typeof Composer>; input: HTMLTextAreaElement } {
  const dom = new JSDOM('<!DOCTYPE html><body></body>');
  const composer = new Composer(dom.window.document);
  dom.window.document.body.append(composer.element);
  return { document: dom.window.document, composer, input: composer.element.querySelector('textarea')! };
}

test('the caught text goes before what was typed into the page since, focused, the caret at the end', () => {
  const { document, composer, input } = composerPage();
  input.value = 'sure?';
  composer.takeTyped('What is a clo', 'focus');
  assert.equal(input.value, 'What is a closure?');
  assert.equal(document.activeElement, input);
  assert.deepEqual([input.selectionStart, input.selectionEnd], [18, 18]);
});

test('Enter in the catcher: the composer sends the text once, as its own Send would', () => {
  posted.length = 0;
  const { composer, input } = composerPage();
  composer.takeTyped('What is a closure?', 'send');
  assert.deepEqual(
    posted.filter((message) => message.type === 'chatSend'),
    [{ type: 'chatSend', text: 'What is a closure?', contextIds: [], imageIds: [], replaceTurnId: undefined }],
  );
  assert.equal(input.value, '', 'sent, so the composer is empty');
});

test('Escape in the catcher: the text waits in the composer, unsent, the focus left where it is', () => {
  posted.length = 0;
  const { document, composer, input } = composerPage();
  composer.takeTyped('What is a closure?', 'none');
  assert.equal(input.value, 'What is a closure?');
  assert.notEqual(document.activeElement, input);
  assert.equal(posted.length, 0);
});
