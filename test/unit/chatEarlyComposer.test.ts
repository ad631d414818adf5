// The chat's focus key on a page still loading (issue 18, item 2): the page's HTML has the composer's
// input and a tiny script that focuses it (host/views/earlyComposer.ts), so what the person types
// while the bundle loads lands there; the bundle's composer then adopts that very input, with its
// text, its focus and its caret, and acts on an Enter pressed meanwhile. And the extension's
// "focus the composer" waits for the page's `ready` instead of being dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { DomIds, type WebviewToExtension } from '../../src/protocol';
import { earlyComposerHtml, earlyComposerScript } from '../../src/host/views/earlyComposer';
import { ComposerFocusRequest } from '../../src/host/views/composerFocusRequest';

const posted: WebviewToExtension[] = [];
(globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: (message: WebviewToExtension) => posted.push(message) });
const { Composer } = require('../../src/webview/composer') as typeof import('../../src/webview/composer');

/** The chat page as the extension writes it, before its bundle runs; the early script run. */
function earlyPage(): { window: JSDOM['window']; document: Document; input: HTMLTextAreaElement } {
  const dom = new JSDOM(`<!DOCTYPE html><body data-view="chat"><main id="${DomIds.root}">${earlyComposerHtml}</main></body>`, { runScripts: 'outside-only' });
  dom.window.eval(earlyComposerScript);
  const input = dom.window.document.getElementById(DomIds.composerInput) as HTMLTextAreaElement;
  return { window: dom.window, document: dom.window.document, input };
}

/** What chatApp.ts does with it: the composer built first (it adopts the input), the page replaced, the form added. */
function loadBundle(document: Document): InstanceType<typeof Composer> {
  const composer = new Composer(document, document.getElementById(DomIds.composerInput) as HTMLTextAreaElement | null);
  const root = document.getElementById(DomIds.root)!;
  root.innerHTML = '<header></header><div class="chat-log"></div>';
  root.append(composer.element);
  composer.resumeFocus();
  return composer;
}

test('the page focused when the view got the focus: the early input takes it at once', () => {
  const { window, document, input } = earlyPage();
  assert.notEqual(document.activeElement, input, 'no focus taken while the view does not have it');
  window.dispatchEvent(new window.FocusEvent('focus'));
  assert.equal(document.activeElement, input);
});

test('what was typed while the bundle loaded stays, focused, with its caret, in the one composer input', () => {
  const { window, document, input } = earlyPage();
  window.dispatchEvent(new window.FocusEvent('focus'));
  input.value = 'What is a clos';
  input.setSelectionRange(14, 14);
  loadBundle(document);
  const inputs = document.querySelectorAll('textarea');
  assert.equal(inputs.length, 1, 'one input on the page');
  const composerInput = inputs[0];
  assert.equal(composerInput, input, 'the very element the person typed into');
  assert.equal(composerInput.value, 'What is a clos');
  assert.equal(document.activeElement, composerInput, 'still focused: the next key lands there too');
  assert.deepEqual([composerInput.selectionStart, composerInput.selectionEnd], [14, 14]);
  assert.equal(composerInput.closest('form')?.id, DomIds.composer, 'inside the real composer');
  assert.match(composerInput.getAttribute('placeholder') ?? '', /Enter to send/);
  assert.equal(composerInput.hasAttribute('data-early'), false);
});

test('an input that was not focused is kept but does not take the focus on adoption', () => {
  const { document, input } = earlyPage();
  input.value = 'draft';
  loadBundle(document);
  assert.equal((document.getElementById(DomIds.composerInput) as HTMLTextAreaElement).value, 'draft');
  assert.notEqual(document.activeElement, input);
});

test('Enter before the bundle loaded breaks no line and sends once the composer has the input', () => {
  const { window, document, input } = earlyPage();
  window.dispatchEvent(new window.FocusEvent('focus'));
  input.value = 'What is a closure?';
  const enter = new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
  input.dispatchEvent(enter);
  assert.equal(enter.defaultPrevented, true, 'no new line in the question');
  posted.length = 0;
  loadBundle(document);
  assert.deepEqual(
    posted.map((message) => message.type === 'chatSend' && message.text),
    ['What is a closure?'],
  );
  assert.equal(input.value, '', 'sent, so the composer is empty');
  // Adopted: the early script no longer acts, the composer's own Enter handler does (one send).
  input.value = 'And a second one';
  posted.length = 0;
  input.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  assert.deepEqual(
    posted.map((message) => message.type === 'chatSend' && message.text),
    ['And a second one'],
  );
});

test('a page without the early input (the panel, or an old page) gets the composer its own input', () => {
  const dom = new JSDOM(`<!DOCTYPE html><body><main id="${DomIds.root}"></main></body>`);
  const composer = loadBundle(dom.window.document);
  assert.equal(composer.element.querySelectorAll('textarea').length, 1);
});

test('"focus the composer" asked before the page is ready is sent when it says ready, once', () => {
  let sent = 0;
  const request = new ComposerFocusRequest(() => sent++);
  request.request(false);
  assert.equal(sent, 0, 'not posted to a page that would drop it');
  request.pageReady();
  assert.equal(sent, 1);
  request.pageReady();
  assert.equal(sent, 1, 'a later reload of the page is not focused for the old request');
  request.request(true);
  assert.equal(sent, 2, 'a ready page gets it at once');
  request.request(false);
  request.cancel();
  request.pageReady();
  assert.equal(sent, 2, 'the view went away: nothing pending');
});
