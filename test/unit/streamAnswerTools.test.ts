// An answer that calls tools, as the view receives it: each step posted when it starts and again
// when it ends (same id), kept in the record for a repaint, the text of every round streamed, and
// the finished answer's tokens and cost counting every round. Also: which models get tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ChatRequest, StreamEvent } from '../../src/core/openrouter/types';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import type { Tool } from '../../src/core/tools/toolLoop';
import { modelTakesTools, parseMaxRounds } from '../../src/core/tools/toolDefinitions';
import type { ExtensionToWebview } from '../../src/protocol';

const config = { baseUrl: 'http://127.0.0.1:9/api/v1', apiKey: 'sk-or-v1-unit', stallTimeoutMs: 5_000, appUrl: 'https://example.test', appTitle: 'Flashlight' };

test('tool steps reach the view and the record; stats count both rounds', async () => {
  const requests: ChatRequest[] = [];
  const client = {
    async *streamChat(_config: unknown, request: ChatRequest): AsyncGenerator<StreamEvent> {
      requests.push(request);
      const usage = { promptTokens: 50, completionTokens: 5, cost: 0.01 };
      if (requests.length === 1) {
        yield { type: 'toolCalls', calls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"src/config.ts","startLine":1,"endLine":80}' }] };
        yield { type: 'end', stats: { finishReason: 'tool_calls', totalMs: 1, usage } };
      } else {
        yield { type: 'content', text: 'parseConfig <b>reads</b> it.' };
        yield { type: 'end', stats: { finishReason: 'stop', totalMs: 1, usage } };
      }
    },
  } as unknown as OpenRouterClient;
  const readFile: Tool = {
    definition: { type: 'function', function: { name: 'read_file', description: 'read', parameters: { type: 'object' } } },
    describe: () => 'Reading src/config.ts 1–80',
    run: async () => ({ summary: 'Read src/config.ts 1–80', content: 'src/config.ts lines 1–80 of 80\n1: export function parseConfig() {}' }),
  };
  const posted: ExtensionToWebview[] = [];
  const record = newAnswerRecord(7, { title: 'Explain' });
  await streamAnswer({
    client,
    config,
    request: { model: 'google/gemini-3-flash-preview', messages: [{ role: 'user', content: 'Explain' }] },
    record,
    signal: new AbortController().signal,
    post: (message) => void posted.push(message),
    frameMs: 1,
    tools: { list: [readFile], maxRounds: 8 },
  });
  const steps = posted.flatMap((message) => (message.type === 'toolStep' ? [message.step] : []));
  assert.deepEqual(
    steps.map((step) => [step.id, step.state, step.summary]),
    [
      ['call_1', 'running', 'Reading src/config.ts 1–80'],
      ['call_1', 'done', 'Read src/config.ts 1–80'],
    ],
  );
  assert.equal(steps[1].result, 'src/config.ts lines 1–80 of 80\n1: export function parseConfig() {}');
  assert.deepEqual(
    record.steps?.map((step) => step.state),
    ['done'],
  );
  assert.equal(record.text, 'parseConfig <b>reads</b> it.');
  const done = posted.find((message) => message.type === 'done');
  assert.ok(done?.type === 'done');
  assert.equal(done.stats.promptTokens, 100);
  assert.equal(done.stats.cost, 0.02);
  assert.equal(requests.length, 2);
  assert.equal(requests[1].messages.at(-1)?.role, 'tool');
});

test('only a model whose /models entry lists tools gets them; rounds bounded', () => {
  assert.equal(modelTakesTools(['tools', 'reasoning']), true);
  assert.equal(modelTakesTools(['reasoning', 'temperature']), false);
  assert.equal(modelTakesTools(undefined), false, 'an unknown model gets a plain request');
  assert.deepEqual([parseMaxRounds(undefined), parseMaxRounds(3), parseMaxRounds(0), parseMaxRounds(1e9), parseMaxRounds('5')], [8, 3, 1, 20, 8]);
});
