// The chat composer's thinking switch (issue 19, item 1): the page's select shows the level the
// extension tells it and hides itself when the model takes no `reasoning`; a pick posts one typed
// message; the extension accepts only the five levels; and what it tells the page comes from the
// same check the request makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { JSDOM } from 'jsdom';
import { reasoningEfforts, thinkingLabels } from '../../src/core/openrouter/reasoning';
import { DomIds, thinkingLevelLabels, thinkingLevels, type WebviewToExtension } from '../../src/protocol';

const posted: WebviewToExtension[] = [];
(globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: (message: WebviewToExtension) => posted.push(message) });
// The host modules import `vscode` for their glue; what is tested here needs none of it.
const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? {} : load.call(this, request, ...rest);
};
const { isWebviewMessage } = require('../../src/host/views/webviewMessages') as typeof import('../../src/host/views/webviewMessages');
const { thinkingLevelMessage } = require('../../src/features/models/thinkingSwitch') as typeof import('../../src/features/models/thinkingSwitch');
const { Composer } = require('../../src/webview/composer') as typeof import('../../src/webview/composer');
const { ThinkingSwitch } = require('../../src/webview/thinkingSwitch') as typeof import('../../src/webview/thinkingSwitch');

test("the protocol's levels and labels are the settings' own (the webview may not import core)", () => {
  assert.deepEqual([...thinkingLevels], [...reasoningEfforts]);
  assert.deepEqual(thinkingLevelLabels, thinkingLabels);
});

test('the extension accepts setThinkingLevel with one of the five levels only', () => {
  for (const level of thinkingLevels) assert.equal(isWebviewMessage({ type: 'setThinkingLevel', level }), true, level);
  for (const level of ['extreme', 'Fast', 'AUTO', '', 3, null, undefined, ['high'], { effort: 'high' }, 'high; rm -rf']) {
    assert.equal(isWebviewMessage({ type: 'setThinkingLevel', level }), false, JSON.stringify(level));
  }
  assert.equal(isWebviewMessage({ type: 'setThinkingLevel' }), false, 'no level');
});

test('the page is told the level, and that the model takes reasoning by the check the request makes', () => {
  assert.deepEqual(thinkingLevelMessage({ reasoningEffort: 'minimal', modelParameters: ['reasoning', 'tools'] }), {
    type: 'thinkingLevel',
    level: 'minimal',
    takesReasoning: true,
  });
  assert.equal(thinkingLevelMessage({ reasoningEffort: 'high', modelParameters: ['tools'] }).takesReasoning, false, 'a model without reasoning');
  assert.equal(thinkingLevelMessage({ reasoningEffort: 'auto', modelParameters: undefined }).takesReasoning, false, 'a model the list does not know');
});

function chatPage() {
  const dom = new JSDOM(`<!DOCTYPE html><body><main id="${DomIds.root}"></main></body>`);
  const document = dom.window.document;
  const composer = new Composer(document);
  const thinking = new ThinkingSwitch(document);
  composer.addToBar(thinking.element);
  document.getElementById(DomIds.root)!.append(composer.element);
  return { window: dom.window, document, thinking };
}

test('the composer shows a labelled "Thinking level" select, hidden until the extension says the model takes it', () => {
  const { document, thinking } = chatPage();
  const select = document.getElementById(DomIds.thinkingLevel) as HTMLSelectElement;
  assert.ok(select, 'in the page');
  assert.equal(select.closest('.composer-bar') !== null, true, 'in the composer bar');
  assert.equal(select.getAttribute('aria-label'), 'Thinking level');
  assert.deepEqual(
    [...select.options].map((option) => [option.value, option.textContent]),
    [
      ['auto', 'Auto'],
      ['minimal', 'Fast'],
      ['low', 'Low'],
      ['medium', 'Medium'],
      ['high', 'High'],
    ],
  );
  assert.equal(select.hidden, true, 'hidden before the extension told anything');
  thinking.show('medium', true);
  assert.equal(select.hidden, false);
  assert.equal(select.value, 'medium');
  thinking.show('medium', false);
  assert.equal(select.hidden, true, 'hidden for a model that takes no reasoning');
});

test('picking Fast posts one setThinkingLevel minimal', () => {
  const { window, document, thinking } = chatPage();
  thinking.show('auto', true);
  const select = document.getElementById(DomIds.thinkingLevel) as HTMLSelectElement;
  posted.length = 0;
  select.value = 'minimal';
  select.dispatchEvent(new window.Event('change', { bubbles: true }));
  assert.deepEqual(posted, [{ type: 'setThinkingLevel', level: 'minimal' }]);
});
