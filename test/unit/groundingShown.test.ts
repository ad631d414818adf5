// The gathered context where the user meets it: Explain's request carries it before the question,
// the answer's header says what was used (and that it is partial), and a click on an item names
// it by its index only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { explainRun } from '../../src/core/explain/explainRun';
import { buildGrounding } from '../../src/core/grounding/grounding';
import type { Candidate } from '../../src/core/grounding/candidates';
import { AnswerView } from '../../src/webview/answerView';
import { createSanitizer } from '../../src/webview/sanitize';

const settings = { model: 'google/gemini-2.5-flash', fallbackModels: [] };
const context = {
  code: 'const cfg = parseConfig(raw);\nreturn merge(cfg, defaults);',
  languageId: 'typescript',
  fileName: 'src/load.ts',
  startLine: 4,
  endLine: 5,
};
const selection = { uri: 'file:///ws/src/load.ts', startLine: 3, endLine: 4 };
const definition = (symbol: string, file: string, startLine: number, firstUse: number): Candidate => ({
  kind: 'definition',
  symbol,
  firstUse,
  called: true,
  span: { uri: `file:///ws/${file}`, file, startLine, endLine: startLine + 2 },
  text: `export function ${symbol}() {\n  return 1;\n}`,
  languageId: 'typescript',
});
const gathered = [definition('parseConfig', 'src/config.ts', 0, 12), definition('merge', 'src/merge.ts', 4, 33), definition('defaults', 'src/merge.ts', 0, 44)];

describe('Explain with gathered context', () => {
  test('the user message starts with the definitions, then the question and the code; the header names what was used', () => {
    const grounding = buildGrounding(gathered, { selection, maxTokens: 16_000 });
    const built = explainRun({ context, grounding }, settings);
    assert.ok('run' in built);
    const user = built.run.request.messages[1].content as string;
    assert.ok(user.startsWith(grounding.text), 'the context comes first');
    assert.ok(user.indexOf('export function parseConfig') < user.indexOf('Explain this typescript code from src/load.ts lines 4–5'));
    assert.equal(built.run.request.messages[0].role, 'system');
    assert.equal(built.run.question.grounding?.summary, '3 definitions from 2 files');
    assert.equal(built.run.chat.text, 'Explain this code.', 'the chat shows the question as the user would ask it');
  });

  test('without context (the setting off) the request is what it was', () => {
    const plain = explainRun({ context }, settings);
    const none = explainRun({ context, grounding: undefined }, settings);
    assert.ok('run' in plain && 'run' in none);
    assert.deepEqual(none.run.request, plain.run.request);
    assert.equal(plain.run.question.grounding, undefined);
    assert.doesNotMatch(plain.run.request.messages[1].content as string, /Context from the workspace/);
  });
});

describe('the context line in the answer header', () => {
  const { window } = new JSDOM('<!DOCTYPE html><body></body>');
  (globalThis as unknown as { Node: typeof window.Node }).Node ??= window.Node;
  const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);
  const opened: number[] = [];
  const host = {
    onStop() {},
    onErrorAction() {},
    scheduleFrame: (callback: () => void) => callback(),
    afterRender() {},
    highlightLater() {},
    onOpenGroundingItem: (index: number) => opened.push(index),
  };

  test('"Context: 3 definitions from 2 files (partial: timed out after 300 ms)" and one button per item; a click names the item by index', () => {
    const grounding = buildGrounding(gathered, { selection, maxTokens: 16_000, timedOutAfterMs: 300 });
    const view = new AnswerView(window.document, sanitizer, host, { title: 'Explain', file: 'src/load.ts', grounding: grounding.view });
    const line = view.element.querySelector('header.question > .grounding');
    assert.equal(line?.querySelector('.grounding-summary')?.textContent, 'Context: 3 definitions from 2 files (partial: timed out after 300 ms)');
    const buttons = [...(line?.querySelectorAll<HTMLButtonElement>('button.grounding-open') ?? [])];
    assert.deepEqual(
      buttons.map((button) => button.textContent),
      ['parseConfig · src/config.ts:1–3', 'merge · src/merge.ts:5–7', 'defaults · src/merge.ts:1–3'],
    );
    buttons[1].click();
    assert.deepEqual(opened, [1]);
  });

  test('no context: no line', () => {
    const view = new AnswerView(window.document, sanitizer, host, { title: 'Explain' });
    assert.equal(view.element.querySelector('.grounding'), null);
  });
});
