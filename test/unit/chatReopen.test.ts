// A reopened chat: the real chat page (startChatApp, the webview bundle's code) in jsdom is sent a
// 50-turn conversation in one `chatState`, as the extension sends it when the chat opens. The
// last turns are on the page when the message handler returns (the first paint), their code
// shown plain until the page is idle (highlight.js on every block of the last turns was most of a
// reopen's first paint); after the deferred work every one of the 50 turns is shown, in order,
// with its text and its coloured code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { ChatStateView, ChatTurn, WebviewToExtension } from '../../src/protocol';

const { window } = new JSDOM('<!DOCTYPE html><body data-view="chat"><main id="flashlight-root"></main></body>', { pretendToBeVisual: true });
const globals = globalThis as Record<string, unknown>;
for (const name of ['window', 'document', 'Node', 'HTMLElement', 'Element', 'MessageEvent', 'NodeFilter', 'DocumentFragment']) {
  globals[name] ??= (window as unknown as Record<string, unknown>)[name];
}
globals.requestAnimationFrame = (callback: (time: number) => void) => setTimeout(() => callback(performance.now()), 0);
globals.requestIdleCallback = (callback: (deadline: { timeRemaining(): number; didTimeout: boolean }) => void) =>
  setTimeout(() => callback({ timeRemaining: () => 50, didTimeout: false }), 0);
globals.ResizeObserver = class {
  observe() {}
  disconnect() {}
};
const posted: WebviewToExtension[] = [];
globals.acquireVsCodeApi = () => ({ postMessage: (message: WebviewToExtension) => posted.push(message) });

const { startChatApp } = require('../../src/webview/chatApp') as typeof import('../../src/webview/chatApp');
const { createSanitizer } = require('../../src/webview/sanitize') as typeof import('../../src/webview/sanitize');

/** 25 questions, 25 answers each with a heading, a paragraph and a TypeScript block of its own. */
function conversation(): ChatStateView {
  const turns: ChatTurn[] = [];
  for (let n = 1; n <= 25; n++) {
    turns.push({ role: 'user', id: `u${n}`, text: `Question ${n}`, contexts: [], images: [] });
    const text = `## Part ${n}\n\nAnswer ${n} explains the code.\n\n\`\`\`ts\nconst answer${n} = ${n} * 2;\n\`\`\`\n`;
    turns.push({ role: 'assistant', id: `a${n}`, answer: { requestId: n, question: { title: 'Chat' }, reasoning: '', text, state: 'done' } });
  }
  return { id: 'chat-1', title: 'A long conversation', turns, trimmedTurns: 0, busy: false };
}

const settle = async () => {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

startChatApp(createSanitizer(window as unknown as Window & typeof globalThis));
const log = () => window.document.querySelector('.chat-log')!;
const turnsShown = () => [...log().querySelectorAll<HTMLElement>('.turn')];
const answerOf = (n: number) => turnsShown()[2 * n - 1];

test('a reopened chat paints its last turns at once, their code plain until the page is idle', async () => {
  window.dispatchEvent(new window.MessageEvent('message', { data: { type: 'chatState', chat: conversation(), history: [] } }));
  // What the first frame shows: the handler has returned, nothing deferred has run.
  assert.equal(turnsShown().length, 50);
  const last = answerOf(25);
  assert.match(last.textContent ?? '', /Answer 25 explains the code\./);
  assert.equal(last.querySelector('pre code')?.textContent, 'const answer25 = 25 * 2;');
  assert.equal(log().querySelectorAll('code.hljs').length, 0, 'no block was highlighted before the first paint');
  await settle();
  assert.ok(last.querySelector('code.hljs .hljs-keyword'), 'the last answer is coloured once the page is idle');
});

test('after the deferred rendering every one of the 50 turns is shown, in order, with its text and coloured code', async () => {
  await settle();
  const shown = turnsShown();
  assert.equal(shown.length, 50);
  for (let n = 1; n <= 25; n++) {
    assert.equal(shown[2 * n - 2].querySelector('.turn-text')?.textContent, `Question ${n}`);
    const answer = shown[2 * n - 1];
    assert.equal(answer.querySelector('h2')?.textContent, `Part ${n}`);
    assert.match(answer.textContent ?? '', new RegExp(`Answer ${n} explains the code\\.`));
    const code = answer.querySelector('pre code');
    assert.equal(code?.textContent, `const answer${n} = ${n} * 2;`, `answer ${n}'s code`);
    assert.ok(code?.classList.contains('hljs'), `answer ${n}'s code is coloured`);
  }
  assert.ok(posted.some((message) => message.type === 'ready'));
});
