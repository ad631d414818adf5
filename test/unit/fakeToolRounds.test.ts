// The whole tool round over the wire: the real client and the tool loop against the fake
// OpenRouter, which streams a Gemini 3 tool turn (two parallel calls, arguments in pieces,
// reasoning_details) and then checks the follow-up before it answers. Also: the fake fails a
// follow-up that drops the reasoning_details or a tool message loudly, with a 400.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { runToolLoop, type Tool } from '../../src/core/tools/toolLoop';
import type { ChatRequest } from '../../src/core/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let server: FakeOpenRouter;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());
beforeEach(() => server.reset());

const calls = [
  { id: 'call_read_1', name: 'read_file', arguments: JSON.stringify({ path: 'src/pricing.ts', startLine: 1, endLine: 40 }) },
  { id: 'call_search_2', name: 'search_text', arguments: JSON.stringify({ query: 'applyDiscount', glob: 'src/**/*.ts' }) },
];
const model = 'google/gemini-3-flash-preview';
const tool = (name: string, content: string): Tool => ({
  definition: { type: 'function', function: { name, description: name, parameters: { type: 'object' } } },
  describe: () => name,
  run: async () => ({ summary: name, content }),
});
const config = () => ({
  baseUrl: server.baseUrl,
  apiKey: 'sk-or-v1-unit-test-key',
  stallTimeoutMs: 5_000,
  appUrl: 'https://example.test',
  appTitle: 'Flashlight',
});

test('a Gemini 3 tool round: the follow-up passes the fake’s check and the answer arrives', async () => {
  server.enqueue({ toolCalls: calls, chunkSize: 7 }, { expectToolResults: ['call_read_1', 'call_search_2'], text: 'applyDiscount lowers the price.' });
  const client = new OpenRouterClient();
  let text = '';
  for await (const event of runToolLoop({
    stream: (request, signal) => client.streamChat(config(), request, signal),
    request: { model, messages: [{ role: 'user', content: 'Explain applyDiscount' }] },
    tools: [tool('read_file', '1: export function applyDiscount() {}'), tool('search_text', 'src/pricing.ts:1: applyDiscount')],
    maxRounds: 8,
    signal: new AbortController().signal,
  })) {
    if (event.type === 'content') text += event.text;
  }
  assert.equal(text, 'applyDiscount lowers the price.');
  assert.equal(server.requests.length, 2);
  assert.deepEqual(
    server.requests[0].body.tools.map((t: any) => t.function.name),
    ['read_file', 'search_text'],
  );
  const followUp = server.requests[1].body.messages;
  assert.deepEqual(followUp.slice(-2), [
    { role: 'tool', tool_call_id: 'call_read_1', content: '1: export function applyDiscount() {}' },
    { role: 'tool', tool_call_id: 'call_search_2', content: 'src/pricing.ts:1: applyDiscount' },
  ]);
  assert.equal(followUp.at(-3).reasoning_details.length, 2, 'reasoning_details sent back');
});

test('the fake refuses a follow-up that drops reasoning_details or a tool message, with a clear 400', async () => {
  const client = new OpenRouterClient();
  const base: ChatRequest['messages'] = [{ role: 'user', content: 'x' }];
  const assistant = {
    role: 'assistant' as const,
    content: null,
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
  };
  for (const [messages, pattern] of [
    [
      [...base, assistant, { role: 'tool', tool_call_id: 'call_read_1', content: 'a' }, { role: 'tool', tool_call_id: 'call_search_2', content: 'b' }],
      /reasoning_details unchanged/,
    ],
    [
      [
        ...base,
        { ...assistant, reasoning_details: [{ type: 'reasoning.encrypted', data: 'wrong' }] },
        { role: 'tool', tool_call_id: 'call_read_1', content: 'a' },
      ],
      /reasoning_details/,
    ],
    [[...base, { role: 'user', content: 'no assistant turn' }], /no assistant message with tool_calls/],
  ] as const) {
    server.enqueue({ expectToolResults: ['call_read_1', 'call_search_2'] });
    let error: unknown;
    try {
      for await (const _ of client.streamChat(config(), { model, messages: messages as never }));
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof FlashlightError && error.details.status === 400, 'a 400');
    assert.match(error.message, pattern);
  }
});
