// Continue after a provider cut an answer off (issue 19 item 4): which failures offer it, the
// request that asks for the rest, and the trimmer that drops a repeat of what was already shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canContinue, continuationRequest, continueInstruction, minOverlap, OverlapTrimmer, trimOverlap } from '../../src/core/answers/continuation';
import type { ChatRequest } from '../../src/core/openrouter/types';

test('Continue is offered for a cut-off answer with text, not for an empty one or a refusal', () => {
  assert.equal(canContinue('midStream', 'Half an answer'), true);
  assert.equal(canContinue('truncated', 'Half an answer'), true);
  assert.equal(canContinue('stalled', 'Half'), true);
  assert.equal(canContinue('midStream', '   \n'), false, 'nothing was shown: Retry, not Continue');
  assert.equal(canContinue('badKey', 'text'), false);
  assert.equal(canContinue('moderation', 'text'), false);
});

const asked: ChatRequest = {
  model: 'google/gemini-2.5-flash',
  fallbackModels: ['google/gemini-3-flash-preview', 'openai/gpt-5-mini'],
  messages: [
    { role: 'system', content: 'You explain code.' },
    { role: 'user', content: 'Explain this.' },
  ],
  maxTokens: 2048,
  reasoning: { effort: 'low' },
};

test('the continuation sends the partial answer as the model’s turn and an instruction, keeping the prefix byte for byte', () => {
  const next = continuationRequest(asked, 'The function first reads');
  assert.deepEqual(next.messages.slice(0, 2), asked.messages, 'the earlier messages are unchanged (and stay cacheable)');
  assert.deepEqual(next.messages[2], { role: 'assistant', content: 'The function first reads' });
  assert.deepEqual(next.messages[3], { role: 'user', content: continueInstruction });
  assert.equal(next.messages.length, 4);
  assert.equal(next.maxTokens, 2048);
  assert.deepEqual(next.reasoning, { effort: 'low' });
  assert.equal(asked.messages.length, 2, 'the asked request is not changed');
});

test('the continuation goes to the next model of the chain after the one that failed', () => {
  assert.deepEqual(
    [continuationRequest(asked, 'x').model, continuationRequest(asked, 'x').fallbackModels],
    ['google/gemini-3-flash-preview', ['openai/gpt-5-mini', 'google/gemini-2.5-flash']],
  );
  const afterFallback = continuationRequest(asked, 'x', 'google/gemini-3-flash-preview');
  assert.equal(afterFallback.model, 'openai/gpt-5-mini');
  assert.deepEqual(afterFallback.fallbackModels, ['google/gemini-2.5-flash', 'google/gemini-3-flash-preview']);
  const last = continuationRequest(asked, 'x', 'openai/gpt-5-mini');
  assert.equal(last.model, 'google/gemini-2.5-flash', 'after the last of the chain, the first again');
  const unknown = continuationRequest(asked, 'x', 'some/other-model');
  assert.equal(unknown.model, 'google/gemini-3-flash-preview', 'a model outside the chain counts as the first');
  const alone = continuationRequest({ model: 'google/gemini-2.5-flash', messages: [] }, 'x');
  assert.equal(alone.model, 'google/gemini-2.5-flash', 'without fallbacks the same model is asked');
  assert.equal('fallbackModels' in alone, false);
});

const shown = 'The loop walks the list once. For each item it checks whether the key is';

test('a continuation that carries on is appended unchanged', () => {
  assert.equal(trimOverlap(shown, ' already in the map, and adds it when not.'), ' already in the map, and adds it when not.');
  assert.equal(trimOverlap('It returns', 'n the count.'), 'n the count.', 'mid-word stays mid-word');
});

test('a continuation that restarts the last sentence loses the repeat', () => {
  assert.equal(trimOverlap(shown, 'For each item it checks whether the key is already in the map.'), ' already in the map.');
  assert.equal(trimOverlap(shown, 'whether the key is already in the map.'), ' already in the map.');
  assert.equal(trimOverlap(shown, shown + ' present.'), ' present.', 'the whole tail repeated');
});

test('a short coincidental repeat is kept: " is" at both ends is not a restart', () => {
  const short = ' is clear.';
  assert.ok(' is'.length < minOverlap);
  assert.equal(trimOverlap(shown, short), short);
});

test('a continuation that repeats a middle stretch, not the end, is kept whole', () => {
  assert.equal(trimOverlap(shown, 'The loop walks the list twice, in fact.'), 'The loop walks the list twice, in fact.');
});

test('streamed in small pieces, the trimmer shows the same text as in one piece, holding only while undecided', () => {
  const continuation = 'checks whether the key is already in the map, and adds it when not.';
  for (const size of [1, 2, 3, 7, 16]) {
    const trimmer = new OverlapTrimmer(shown);
    let out = '';
    let heldBack = 0;
    for (let at = 0; at < continuation.length; at += size) {
      const piece = trimmer.push(continuation.slice(at, at + size));
      if (!piece) heldBack++;
      out += piece;
    }
    out += trimmer.flush();
    assert.equal(out, ' already in the map, and adds it when not.', `pieces of ${size}`);
    assert.ok(heldBack < continuation.length / size, 'text flows once decided');
  }
});

test('a continuation that only repeats the tail and ends adds nothing', () => {
  const trimmer = new OverlapTrimmer(shown);
  assert.equal(trimmer.push('whether the key is'), '');
  assert.equal(trimmer.flush(), '');
});

test('held text that was not a repeat is shown at the end of the stream', () => {
  const trimmer = new OverlapTrimmer(shown);
  assert.equal(trimmer.push(' the'), '', ' the occurs in the tail: still undecided');
  assert.equal(trimmer.flush(), ' the');
});

test('an alias that answered under its concrete name counts as the model that failed: its fallback is asked next', () => {
  const aliased: ChatRequest = { ...asked, model: '~google/gemini-flash-latest', fallbackModels: ['google/gemini-3-flash-preview', 'openai/gpt-5-mini'] };
  // OpenRouter's chunks name the model the alias resolved to (of the alias's vendor), which may also be a later entry.
  const next = continuationRequest(aliased, 'x', 'google/gemini-3-flash-preview');
  assert.equal(next.model, 'google/gemini-3-flash-preview');
  assert.deepEqual(next.fallbackModels, ['openai/gpt-5-mini', '~google/gemini-flash-latest']);
  assert.equal(
    continuationRequest(aliased, 'x', 'google/gemini-3.5-flash').model,
    'google/gemini-3-flash-preview',
    'a name outside the chain: the alias answered',
  );
  assert.equal(
    continuationRequest(aliased, 'x', 'openai/gpt-5-mini').model,
    '~google/gemini-flash-latest',
    "another vendor's model is not the alias: after the last, the first again",
  );
});
