// What the user sees of a redaction: the answer's header (panel and chat share AnswerView) says
// how many secrets were kept back, each by kind and place, and a restored answer says it again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { AnswerStats, RedactionNote } from '../../src/protocol';
import { AnswerView } from '../../src/webview/answerView';
import { formatRedactions } from '../../src/webview/formatStats';
import { createSanitizer } from '../../src/webview/sanitize';

const { window } = new JSDOM('<!DOCTYPE html><body></body>');
(globalThis as unknown as { Node: typeof window.Node }).Node ??= window.Node;
const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);
const host = { onStop() {}, onErrorAction() {}, scheduleFrame: (callback: () => void) => callback(), afterRender() {}, highlightLater() {} };
const notes: RedactionNote[] = [
  { kind: 'aws-access-key-id', message: 2, line: 5 },
  { kind: 'private-key', message: 2, line: 9 },
];

describe('the redaction line in the answer header', () => {
  test('two secrets: count, kinds and places, under the question', () => {
    const view = new AnswerView(window.document, sanitizer, host, { title: 'Explain selection', file: 'src/s3.ts' });
    view.appendContent('It builds an S3 client.');
    view.finish({ model: 'm', redactions: notes } satisfies AnswerStats, false);
    const line = view.element.querySelector('header.question > .redactions');
    assert.equal(line?.textContent, '2 secrets redacted: aws-access-key-id (message 2, line 5), private-key (message 2, line 9)');
    assert.equal(line?.getAttribute('role'), 'note');
  });

  test('a chat answer (no question header) shows it atop the answer; a restored one too', () => {
    const view = new AnswerView(window.document, sanitizer, host, { title: '' });
    view.restore({ requestId: 1, question: { title: '' }, reasoning: '', text: 'ok', state: 'done', stats: { redactions: [notes[0]] } });
    assert.equal(view.element.firstElementChild?.className, 'redactions');
    assert.equal(view.element.firstElementChild?.textContent, '1 secret redacted: aws-access-key-id (message 2, line 5)');
  });

  test('no redactions: no line', () => {
    const view = new AnswerView(window.document, sanitizer, host, { title: 'Q' });
    view.finish({ model: 'm' }, false);
    assert.equal(view.element.querySelector('.redactions'), null);
    assert.equal(formatRedactions([notes[1]]), '1 secret redacted: private-key (message 2, line 9)');
  });
});

test('a secret whose file is known is placed by file and line, as the editor counts them', () => {
  assert.equal(
    formatRedactions([{ kind: 'aws-access-key-id', message: 2, line: 8, file: 'src/credentials.ts', fileLine: 5 }]),
    '1 secret redacted: aws-access-key-id (src/credentials.ts line 5)',
  );
});
