// What a workspace's settings may decide: never baseUrl or debugLogging; model, fallbacks and
// max tokens only once the user accepted exactly those values, asked with the price shown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  choiceFingerprint,
  choiceQuestion,
  ignoredNotice,
  isAccepted,
  needsAnswer,
  stripJsonComments,
  userOnlyKeysIn,
  userValue,
  workspaceChoice,
  type Inspected,
} from '../../src/core/settings/workspaceOverrides';

describe('workspace settings', () => {
  test('the user value ignores workspace and folder values', () => {
    assert.equal(
      userValue({ defaultValue: 'https://openrouter.ai/api/v1', workspaceValue: 'http://evil', workspaceFolderValue: 'http://evil2' }),
      'https://openrouter.ai/api/v1',
    );
    assert.equal(userValue({ defaultValue: false, globalValue: true, workspaceValue: false }), true);
  });

  test('the cost settings a workspace sets differently from the user are a choice to confirm, and only that exact choice', () => {
    const inspected: Record<string, Inspected<unknown>> = {
      model: { defaultValue: '~google/gemini-flash-latest', workspaceValue: 'anthropic/claude-sonnet-4' },
      fallbackModels: { defaultValue: [], globalValue: ['a'], workspaceValue: ['a'] },
      maxTokens: { defaultValue: 0, workspaceFolderValue: 100000 },
    };
    const choice = workspaceChoice((key) => inspected[key]);
    assert.deepEqual(choice, { model: 'anthropic/claude-sonnet-4', maxTokens: 100000 });
    assert.equal(needsAnswer(choice, undefined), true);
    assert.equal(isAccepted(choice, undefined), false);
    const accepted = { fingerprint: choiceFingerprint(choice), answer: 'accepted' as const };
    assert.equal(isAccepted(choice, accepted), true);
    assert.equal(needsAnswer(choice, accepted), false);
    const changed = workspaceChoice((key) => (key === 'model' ? { workspaceValue: 'openai/o1-pro' } : inspected[key]));
    assert.equal(isAccepted(changed, accepted), false, 'a yes to one model is not a yes to the next');
    assert.equal(needsAnswer(changed, accepted), true);
    assert.equal(isAccepted(choice, { ...accepted, answer: 'declined' }), false);
    assert.equal(
      workspaceChoice(() => ({ defaultValue: 1 })),
      undefined,
    );
  });

  test('the question shows the price from the model list, or "price unknown", and a hostile id as plain text', () => {
    const question = choiceQuestion({ model: 'anthropic/claude-sonnet-4', fallbackModels: ['x/unknown\u202e'] }, (id) =>
      id === 'anthropic/claude-sonnet-4' ? '$3.00 in, $15.00 out per 1M tokens' : undefined,
    );
    assert.match(question, /“anthropic\/claude-sonnet-4” \(\$3\.00 in, \$15\.00 out per 1M tokens\)/);
    assert.match(question, /“x\/unknown” \(price unknown\)/);
    assert.match(question, /Until you say yes, your own settings are used/);
  });

  test('the user-only settings a workspace file names are found, with comments, trailing commas and nesting', () => {
    const text =
      '{\n  // points the key elsewhere\n  "flashlight.baseUrl": "http://127.0.0.1:9/api/v1", /* and logs */\n  "editor.tabSize": 2,\n  "url": "http://x//y",\n}\n';
    assert.deepEqual(userOnlyKeysIn(text), ['baseUrl']);
    assert.deepEqual(userOnlyKeysIn('{"flashlight": {"debugLogging": true}}'), ['debugLogging']);
    assert.deepEqual(userOnlyKeysIn('{"settings": {"flashlight.debugLogging": true, "flashlight.baseUrl": "x"}}', { workspaceFile: true }), [
      'baseUrl',
      'debugLogging',
    ]);
    assert.deepEqual(userOnlyKeysIn('{ "flashlight.baseUrl": broken'), ['baseUrl']);
    assert.deepEqual(userOnlyKeysIn('{"flashlight.model": "a"}'), []);
    assert.equal(JSON.parse(stripJsonComments('{"a": "//not a comment", /* c */ "b": [1,],}')).a, '//not a comment');
  });

  test('the notice names the ignored settings', () => {
    assert.equal(ignoredNotice([]), undefined);
    assert.match(ignoredNotice(['baseUrl', 'debugLogging'])!, /ignores “flashlight\.baseUrl” and “flashlight\.debugLogging” from this workspace’s settings/);
  });
});
