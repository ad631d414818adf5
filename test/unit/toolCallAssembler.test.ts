// Streamed tool calls put back together: by index across chunks, with the arguments cut at every
// place (the pure assembler), and a real-shaped SSE stream cut at every byte (through the client
// and the SDK's parser), so a call never depends on where the network happened to split it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ClientConfig, StreamEvent } from '../../src/core/openrouter/types';
import { ReasoningDetailsCollector, ToolCallAssembler } from '../../src/core/openrouter/toolCallAssembler';

const readArgs = JSON.stringify({ path: 'src/caf\u00e9 "quoted"\\dir.ts', startLine: 1, endLine: 80 });
const searchArgs = JSON.stringify({ query: 'parseConfig\\(', isRegex: true, glob: '**/*.ts' });

describe('ToolCallAssembler', () => {
  test('id and name first, arguments in two pieces cut at every offset, two calls interleaved', () => {
    for (let cut = 0; cut <= readArgs.length; cut++) {
      const assembler = new ToolCallAssembler();
      assembler.add([{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '' } }]);
      assembler.add([{ index: 1, id: 'call_b', type: 'function', function: { name: 'search_text', arguments: searchArgs.slice(0, 5) } }]);
      assembler.add([{ index: 0, function: { arguments: readArgs.slice(0, cut) } }]);
      assembler.add([{ index: 1, function: { arguments: searchArgs.slice(5) } }]);
      assembler.add([{ index: 0, function: { arguments: readArgs.slice(cut) } }]);
      assert.deepEqual(assembler.calls(), [
        { id: 'call_a', name: 'read_file', arguments: readArgs },
        { id: 'call_b', name: 'search_text', arguments: searchArgs },
      ]);
      assert.deepEqual(JSON.parse(assembler.calls()[0].arguments), JSON.parse(readArgs));
    }
  });

  test('hostile pieces are skipped, a call with no id still gets one', () => {
    const assembler = new ToolCallAssembler();
    assembler.add('not an array');
    assembler.add([null, 3, 'x', { index: 0, function: { name: 'list_files', arguments: '{"glob":"*"}' } }]);
    assert.deepEqual(assembler.calls(), [{ id: 'call_missing_0', name: 'list_files', arguments: '{"glob":"*"}' }]);
  });

  test('reasoning_details: pieces of one index joined, others kept as they came', () => {
    const collector = new ReasoningDetailsCollector();
    assert.equal(collector.details(), undefined);
    collector.add([{ type: 'reasoning.text', text: 'Look at ', format: 'google-gemini-v1', index: 0 }]);
    collector.add([{ type: 'reasoning.text', text: 'the config.', index: 0 }]);
    collector.add([{ type: 'reasoning.encrypted', data: 'abc', format: 'google-gemini-v1', index: 1 }]);
    collector.add([{ type: 'reasoning.encrypted', data: 'def', index: 1 }]);
    assert.deepEqual(collector.details(), [
      { type: 'reasoning.text', text: 'Look at the config.', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'abcdef', format: 'google-gemini-v1', index: 1 },
    ]);
  });
});

/** A Gemini 3 turn as OpenRouter streams it: reasoning, then two parallel calls in pieces, then finish_reason tool_calls. */
function realShapedStream(): string {
  const base = {
    id: 'gen-1764630000-abcdefghij0123456789',
    provider: 'Google',
    model: 'google/gemini-3-flash-preview',
    object: 'chat.completion.chunk',
    created: 1764630000,
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', ...delta }, finish_reason: finish, native_finish_reason: finish ? 'STOP' : null, logprobs: null }], ...(usage ? { usage } : {}) })}\n\n`;
  return [
    ': OPENROUTER PROCESSING\n\n',
    chunk({
      content: '',
      reasoning: 'Need the file.',
      reasoning_details: [{ type: 'reasoning.text', text: 'Need the file.', format: 'google-gemini-v1', index: 0 }],
    }),
    chunk({ content: '', reasoning_details: [{ type: 'reasoning.encrypted', data: 'c2lnbmF0dXJl', format: 'google-gemini-v1', index: 1 }] }),
    chunk({ content: null, tool_calls: [{ index: 0, id: 'call_read_1', type: 'function', function: { name: 'read_file', arguments: '' } }] }),
    chunk({ content: null, tool_calls: [{ index: 0, function: { arguments: readArgs.slice(0, 17) } }] }),
    chunk({
      content: null,
      tool_calls: [{ index: 1, id: 'call_search_2', type: 'function', function: { name: 'search_text', arguments: searchArgs.slice(0, 9) } }],
    }),
    chunk({ content: null, tool_calls: [{ index: 0, function: { arguments: readArgs.slice(17) } }] }),
    chunk({ content: null, tool_calls: [{ index: 1, function: { arguments: searchArgs.slice(9) } }] }),
    chunk({ content: '' }, 'tool_calls', { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160, cost: 0.0001 }),
    'data: [DONE]\n\n',
  ].join('');
}

const config: ClientConfig = {
  baseUrl: 'http://127.0.0.1:9/api/v1',
  apiKey: 'sk-or-v1-unit',
  stallTimeoutMs: 5_000,
  appUrl: 'https://example.test',
  appTitle: 'Flashlight',
};

function fetchServing(pieces: Uint8Array[]): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
}

describe('client: a tool-call stream cut at every byte offset', () => {
  test('the same calls and reasoning_details come out wherever the bytes were split', async () => {
    const bytes = new TextEncoder().encode(realShapedStream());
    const request = { model: 'google/gemini-3-flash-preview', messages: [{ role: 'user' as const, content: 'Explain' }] };
    for (let cut = 1; cut < bytes.length; cut++) {
      const client = new OpenRouterClient(fetchServing([bytes.slice(0, cut), bytes.slice(cut)]));
      const events: StreamEvent[] = [];
      for await (const event of client.streamChat(config, request)) events.push(event);
      const calls = events.find((event) => event.type === 'toolCalls');
      assert.ok(calls && calls.type === 'toolCalls', `cut at ${cut}: no toolCalls event`);
      assert.deepEqual(
        calls.calls,
        [
          { id: 'call_read_1', name: 'read_file', arguments: readArgs },
          { id: 'call_search_2', name: 'search_text', arguments: searchArgs },
        ],
        `cut at ${cut}`,
      );
      assert.deepEqual(calls.reasoningDetails, [
        { type: 'reasoning.text', text: 'Need the file.', format: 'google-gemini-v1', index: 0 },
        { type: 'reasoning.encrypted', data: 'c2lnbmF0dXJl', format: 'google-gemini-v1', index: 1 },
      ]);
      const end = events.at(-1);
      assert.ok(end?.type === 'end' && end.stats.finishReason === 'tool_calls' && end.stats.usage?.cost === 0.0001, `cut at ${cut}: end`);
    }
  });

  test('a turn that ends with `stop` yields no calls, and `tools` go on the wire only when given', async () => {
    let sent: any;
    const capture = (async (_url: unknown, init?: RequestInit) => {
      sent = JSON.parse(String(init?.body));
      return fetchServing([new TextEncoder().encode(realShapedStream().replace('"finish_reason":"tool_calls"', '"finish_reason":"stop"'))])(String(_url));
    }) as typeof fetch;
    const tools = [{ type: 'function' as const, function: { name: 'read_file', description: 'Read', parameters: { type: 'object' } } }];
    const events: StreamEvent[] = [];
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], tools, toolChoice: 'auto' as const };
    for await (const event of new OpenRouterClient(capture).streamChat(config, request)) events.push(event);
    assert.deepEqual(sent.tools, tools);
    assert.equal(sent.tool_choice, 'auto');
    assert.equal(events.filter((event) => event.type === 'toolCalls').length, 0);
    for await (const _ of new OpenRouterClient(capture).streamChat(config, { model: 'm', messages: request.messages }));
    assert.equal('tools' in sent, false);
    assert.equal('tool_choice' in sent, false);
  });
});
