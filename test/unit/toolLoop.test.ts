// The tool loop against a scripted client: what each follow-up request carries, parallel calls,
// the round cap, Stop in the middle of a round, failing tools, and usage summed over rounds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest, StreamEvent, ToolCall } from '../../src/core/openrouter/types';
import { finalRoundNote, runToolLoop, type Tool, type ToolLoopEvent, type ToolOutcome } from '../../src/core/tools/toolLoop';
import { maxResultBytes } from '../../src/core/tools/resultBounds';

type Turn = { text?: string; calls?: ToolCall[]; reasoningDetails?: unknown[]; cost?: number };

/** A client that plays one scripted turn per request and keeps a copy of every request. */
function scripted(turns: Turn[]) {
  const requests: ChatRequest[] = [];
  async function* stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    requests.push(structuredClone(request));
    const turn = turns[Math.min(requests.length - 1, turns.length - 1)];
    if (signal.aborted) return;
    if (turn.text) yield { type: 'content', text: turn.text };
    if (turn.calls) yield { type: 'toolCalls', calls: turn.calls, reasoningDetails: turn.reasoningDetails };
    yield {
      type: 'end',
      stats: {
        model: 'google/gemini-3-flash-preview',
        finishReason: turn.calls ? 'tool_calls' : 'stop',
        totalMs: 1,
        usage: { promptTokens: 100, completionTokens: 10, cost: turn.cost ?? 0.001 },
      },
    };
  }
  return { stream, requests };
}

function tool(name: string, run: (args: Record<string, unknown>, signal: AbortSignal) => Promise<ToolOutcome>): Tool {
  return {
    definition: { type: 'function', function: { name, description: name, parameters: { type: 'object', properties: {} } } },
    describe: (args) => `${name} ${JSON.stringify(args)}`,
    run,
  };
}

async function collect(events: AsyncIterable<ToolLoopEvent>): Promise<ToolLoopEvent[]> {
  const out: ToolLoopEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const base: ChatRequest = { model: 'google/gemini-3-flash-preview', messages: [{ role: 'user', content: 'Explain parseConfig' }] };
const details = [{ type: 'reasoning.encrypted', data: 'opaque', format: 'google-gemini-v1', index: 0 }];

describe('tool loop', () => {
  test('two parallel calls run at the same time; the follow-up repeats the assistant turn and sends one tool message per id', async () => {
    const calls: ToolCall[] = [
      { id: 'call_1', name: 'read_file', arguments: '{"path":"src/config.ts"}' },
      { id: 'call_2', name: 'search_text', arguments: '{"query":"parseConfig"}' },
    ];
    const client = scripted([
      { text: 'Let me look.', calls, reasoningDetails: details, cost: 0.002 },
      { text: 'parseConfig reads the file.', cost: 0.003 },
    ]);
    let running = 0;
    let overlapped = false;
    const slow = (summary: string, content: string) => async () => {
      running++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      overlapped ||= running === 2;
      running--;
      return { summary, content };
    };
    const events = await collect(
      runToolLoop({
        stream: client.stream,
        request: base,
        tools: [
          tool('read_file', slow('Read src/config.ts', 'export function parseConfig() {}')),
          tool('search_text', slow('Searched', 'src/a.ts:1: parseConfig')),
        ],
        maxRounds: 8,
        signal: new AbortController().signal,
      }),
    );
    assert.ok(overlapped, 'the two calls of one round run concurrently');
    assert.equal(client.requests.length, 2);
    assert.deepEqual(
      client.requests[0].tools?.map((t) => t.function.name),
      ['read_file', 'search_text'],
    );
    assert.equal(client.requests[0].toolChoice, 'auto');
    assert.deepEqual(client.requests[1].messages.slice(1), [
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/config.ts"}' } },
          { id: 'call_2', type: 'function', function: { name: 'search_text', arguments: '{"query":"parseConfig"}' } },
        ],
        reasoning_details: details,
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'export function parseConfig() {}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'src/a.ts:1: parseConfig' },
    ]);
    const text = events.flatMap((e) => (e.type === 'content' ? [e.text] : [])).join('');
    assert.equal(text, 'Let me look.parseConfig reads the file.');
    const done = events.filter((e) => e.type === 'step' && e.step.state === 'done').map((e) => (e.type === 'step' ? e.step : undefined));
    assert.deepEqual(done.map((s) => [s?.id, s?.summary, s?.result]).sort(), [
      ['call_1', 'Read src/config.ts', 'export function parseConfig() {}'],
      ['call_2', 'Searched', 'src/a.ts:1: parseConfig'],
    ]);
    const end = events.at(-1);
    assert.ok(end?.type === 'end');
    assert.deepEqual(end.stats.usage, { promptTokens: 200, completionTokens: 20, reasoningTokens: undefined, cachedTokens: undefined, cost: 0.005 });
  });

  test('rounds are capped: after maxRounds the request asks for an answer with no tools, and its calls are not run', async () => {
    const call = (n: number): ToolCall[] => [{ id: `call_${n}`, name: 'list_files', arguments: '{"glob":"**/*"}' }];
    const client = scripted([{ calls: call(1) }, { calls: call(2) }, { calls: call(3) }, { text: 'never' }]);
    let runs = 0;
    const events = await collect(
      runToolLoop({
        stream: client.stream,
        request: base,
        tools: [tool('list_files', async () => ({ summary: `Listed ${++runs}`, content: 'a.ts' }))],
        maxRounds: 2,
        signal: new AbortController().signal,
      }),
    );
    assert.equal(client.requests.length, 3, 'two tool rounds, then one last request');
    assert.equal(runs, 2);
    assert.deepEqual(
      client.requests.map((r) => r.toolChoice),
      ['auto', 'auto', 'none'],
    );
    assert.deepEqual(client.requests[2].messages.at(-1), { role: 'user', content: finalRoundNote });
    const end = events.at(-1);
    assert.ok(end?.type === 'end' && end.stats.usage?.promptTokens === 300, 'usage counts all three requests');
  });

  test('Stop in the middle of a round ends the loop at once: the running step is marked stopped, no further request, no end', async () => {
    const client = scripted([{ calls: [{ id: 'call_hang', name: 'search_text', arguments: '{"query":"x"}' }] }, { text: 'never' }]);
    const stop = new AbortController();
    const seen: ToolLoopEvent[] = [];
    const started = performance.now();
    for await (const event of runToolLoop({
      stream: client.stream,
      request: base,
      tools: [tool('search_text', () => new Promise<ToolOutcome>(() => undefined))], // a search that never returns
      maxRounds: 8,
      signal: stop.signal,
    })) {
      seen.push(event);
      if (event.type === 'step' && event.step.state === 'running') setTimeout(() => stop.abort(), 10);
    }
    assert.ok(performance.now() - started < 1_000);
    assert.equal(client.requests.length, 1);
    assert.deepEqual(
      seen.map((e) => (e.type === 'step' ? e.step.state : e.type)),
      ['running', 'stopped'],
    );
  });

  test('a tool that throws, an unknown tool and broken arguments become error results for the model; a huge result is cut and says so', async () => {
    const client = scripted([
      {
        calls: [
          { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' },
          { id: 'c2', name: 'delete_everything', arguments: '{}' },
          { id: 'c3', name: 'read_file', arguments: '{"path": "a.ts"' },
          { id: 'c4', name: 'list_files', arguments: '{}' },
        ],
      },
      { text: 'done' },
    ]);
    const events = await collect(
      runToolLoop({
        stream: client.stream,
        request: base,
        tools: [
          tool('read_file', async () => {
            throw new Error('EACCES: permission denied');
          }),
          tool('list_files', async () => ({ summary: 'Listed', content: 'x'.repeat(maxResultBytes * 3) })),
        ],
        maxRounds: 8,
        signal: new AbortController().signal,
      }),
    );
    const tools = client.requests[1].messages.filter((m) => m.role === 'tool') as Array<{ tool_call_id: string; content: string }>;
    assert.deepEqual(
      tools.map((m) => m.tool_call_id),
      ['c1', 'c2', 'c3', 'c4'],
    );
    assert.match(tools[0].content, /^Error: read_file failed: EACCES: permission denied/);
    assert.match(tools[1].content, /no tool named "delete_everything"/);
    assert.match(tools[2].content, /not a JSON object/);
    assert.ok(Buffer.byteLength(tools[3].content) <= maxResultBytes);
    assert.match(tools[3].content, /\[truncated: the result was 98304 bytes/);
    assert.equal(events.filter((e) => e.type === 'step' && e.step.state === 'error').length, 3);
    assert.equal(events.at(-1)?.type, 'end');
  });
});
