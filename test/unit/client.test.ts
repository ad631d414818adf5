// The OpenRouter client against the fake server over loopback: what crosses the wire and what
// the caller gets back, for answers and for every failure.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import type { ClientConfig, StreamEvent, StreamStats } from '../../src/core/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-unit-test-key-0123456789';
let server: FakeOpenRouter;
let config: ClientConfig;

before(async () => {
  server = await startFakeOpenRouter();
  config = { baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 2_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
});
after(() => server.close());
beforeEach(() => server.reset());

const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Explain x' }] };

async function collect(client: OpenRouterClient, overrides: Partial<ClientConfig> = {}, signal?: AbortSignal) {
  const events: StreamEvent[] = [];
  let error: unknown;
  try {
    for await (const event of client.streamChat({ ...config, ...overrides }, request, signal)) events.push(event);
  } catch (caught) {
    error = caught;
  }
  const text = events.flatMap((event) => (event.type === 'content' ? [event.text] : [])).join('');
  const reasoning = events.flatMap((event) => (event.type === 'reasoning' ? [event.text] : [])).join('');
  const end = events.find((event): event is { type: 'end'; stats: StreamStats } => event.type === 'end');
  return { events, text, reasoning, end, error: error as FlashlightError | undefined };
}

async function waitFor(condition: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('streaming', () => {
  test('deltas arrive in order, comments ignored, usage and model read', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    server.enqueue({
      text,
      chunkSize: 7,
      firstTokenDelayMs: 250,
      model: 'google/gemini-2.5-flash-preview',
      usage: { prompt_tokens: 11, completion_tokens: 222, cost: 0.00042 },
    });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.error, undefined);
    assert.equal(result.text, text);
    assert.ok(result.events.filter((event) => event.type === 'content').length >= text.length / 7 - 1, 'one event per delta, not one lump');
    assert.equal(result.end?.stats.model, 'google/gemini-2.5-flash-preview');
    assert.deepEqual(
      { prompt: result.end?.stats.usage?.promptTokens, completion: result.end?.stats.usage?.completionTokens, cost: result.end?.stats.usage?.cost },
      { prompt: 11, completion: 222, cost: 0.00042 },
    );
    assert.ok(result.end.stats.timeToFirstTokenMs! >= 200, `ttft ${result.end.stats.timeToFirstTokenMs}`);
    assert.equal(result.end?.stats.finishReason, 'stop');
  });

  test('the request carries streaming, attribution headers, the key and fallbacks', async () => {
    const client = new OpenRouterClient();
    const events: StreamEvent[] = [];
    for await (const event of client.streamChat(config, { ...request, fallbackModels: ['google/gemini-2.0-flash-001'], temperature: 0.3, maxTokens: 500 }))
      events.push(event);
    const sent = server.requests.find((recorded) => recorded.path.endsWith('/chat/completions'))!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.body.stream, true);
    assert.deepEqual(sent.body.models, ['google/gemini-2.5-flash', 'google/gemini-2.0-flash-001']);
    assert.equal(sent.body.temperature, 0.3);
    assert.equal(sent.body.max_tokens, 500);
    assert.equal(sent.headers['authorization'], `Bearer ${key}`);
    assert.equal(sent.headers['http-referer'], 'https://example.test/app');
    assert.equal(sent.headers['x-title'], 'Flashlight');
    assert.equal(sent.headers['x-flashlight-watch'], undefined, 'the internal watcher header never leaves');
  });

  test('no deprecated usage flags are sent, and the usage chunk is still read', async () => {
    server.enqueue({ text: 'Counted.', usage: { prompt_tokens: 31, completion_tokens: 4, cost: 0.00007, cached_tokens: 12, reasoning_tokens: 2 } });
    const result = await collect(new OpenRouterClient());
    const sent = server.requests.find((recorded) => recorded.path.endsWith('/chat/completions'))!;
    assert.equal('usage' in sent.body, false, 'usage: {include} is deprecated');
    assert.equal('stream_options' in sent.body, false, 'stream_options.include_usage is deprecated');
    assert.deepEqual(result.end?.stats.usage, { promptTokens: 31, completionTokens: 4, reasoningTokens: 2, cachedTokens: 12, cost: 0.00007 });
  });

  test('reasoning deltas come first and are never mixed into the answer', async () => {
    server.enqueue({ reasoning: 'Let me think about x. It is a variable.', text: 'x is a variable.', chunkSize: 5 });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.reasoning, 'Let me think about x. It is a variable.');
    assert.equal(result.text, 'x is a variable.');
    const firstContent = result.events.findIndex((event) => event.type === 'content');
    const lastReasoning = result.events.map((event) => event.type).lastIndexOf('reasoning');
    assert.ok(lastReasoning < firstContent);
  });

  test('abort frees the request at once and ends quietly', async () => {
    server.enqueue({ text: 'a'.repeat(5_000), chunkSize: 10, chunkDelayMs: 20 });
    const controller = new AbortController();
    const client = new OpenRouterClient();
    const events: StreamEvent[] = [];
    const run = (async () => {
      for await (const event of client.streamChat(config, request, controller.signal)) {
        events.push(event);
        if (events.length === 3) controller.abort();
      }
    })();
    await run;
    assert.equal(events.length, 3);
    assert.ok(!events.some((event) => event.type === 'end'));
    await waitFor(() => server.openStreams() === 0);
  });

  test('breaking out of the loop early also frees the request', async () => {
    server.enqueue({ text: 'b'.repeat(5_000), chunkSize: 10, chunkDelayMs: 20 });
    for await (const event of new OpenRouterClient().streamChat(config, request)) {
      if (event.type === 'content') break;
    }
    await waitFor(() => server.openStreams() === 0);
  });
});

describe('errors', () => {
  const cases: Array<[number, string]> = [
    [400, 'badRequest'],
    [401, 'badKey'],
    [402, 'noCredits'],
    [403, 'moderation'],
    [408, 'timeout'],
    [429, 'rateLimited'],
    [502, 'providerDown'],
    [503, 'providerDown'],
  ];
  for (const [status, kind] of cases) {
    test(`HTTP ${status} becomes ${kind}, with a message a person can act on`, async () => {
      server.enqueue({ status, errorMessage: `upstream said ${status}`, retryAfterSeconds: status === 429 ? 7 : undefined });
      const result = await collect(new OpenRouterClient());
      assert.ok(result.error instanceof FlashlightError, String(result.error));
      assert.equal(result.error.kind, kind);
      assert.equal(result.error.details.status, status);
      assert.match(result.error.message, new RegExp(`upstream said ${status}`));
      if (status === 429) {
        assert.equal(result.error.details.retryAfterSeconds, 7);
        assert.match(result.error.message, /Try again in 7 s/);
      }
    });
  }

  test('a wrong key is refused by the server and the key is not in the message', async () => {
    const result = await collect(new OpenRouterClient(), { apiKey: 'sk-or-v1-bad-key-123456' });
    assert.equal(result.error?.kind, 'badKey');
    assert.ok(!result.error.message.includes('sk-or-v1-bad-key-123456'));
  });

  test('no key fails before any request is sent', async () => {
    const result = await collect(new OpenRouterClient(), { apiKey: '' });
    assert.equal(result.error?.kind, 'noKey');
    assert.equal(server.requests.length, 0);
  });

  test('an error in the middle of the stream keeps what arrived and says so', async () => {
    server.enqueue({
      text: 'First part of the answer, then trouble.',
      chunkSize: 8,
      midStreamErrorAfterChunks: 2,
      midStreamError: { code: 502, message: 'Provider returned error' },
    });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.text, 'First part of the answer, then trouble.'.slice(0, 16));
    assert.equal(result.error?.kind, 'midStream');
    assert.match(result.error.message, /Provider returned error/);
  });

  test('a dropped connection mid-stream is a network error after the text so far', async () => {
    server.enqueue({ text: 'x'.repeat(200), chunkSize: 10, dropAfterChunks: 3 });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.text, 'x'.repeat(30));
    assert.equal(result.error?.kind, 'network');
  });

  test('a stream that stalls is timed out by the watchdog, and frees the request', async () => {
    server.enqueue({ text: 'y'.repeat(100), chunkSize: 10, stallAfterChunks: 2, processingComments: false });
    const started = Date.now();
    const result = await collect(new OpenRouterClient(), { stallTimeoutMs: 400 });
    assert.equal(result.text, 'y'.repeat(20));
    assert.equal(result.error?.kind, 'stalled');
    assert.ok(Date.now() - started < 3_000);
    await waitFor(() => server.openStreams() === 0);
  });

  test('keep-alive comments during a long wait are not a stall', async () => {
    server.enqueue({ text: 'worth the wait', firstTokenDelayMs: 900 });
    const result = await collect(new OpenRouterClient(), { stallTimeoutMs: 500 });
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'worth the wait');
  });

  test('a server that never answers is timed out', async () => {
    server.enqueue({ fault: 'stall-before-headers' });
    const result = await collect(new OpenRouterClient(), { stallTimeoutMs: 300 });
    assert.equal(result.error?.kind, 'stalled');
  });

  test('a stream without [DONE] or finish reason is reported as ended early', async () => {
    server.enqueue({ text: 'partial', noDone: true, finishReason: '' });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.text, 'partial');
    assert.equal(result.error?.kind, 'truncated');
  });

  test('a 200 with an HTML page is refused with a clear message', async () => {
    server.enqueue({ fault: 'html-200' });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.error?.kind, 'badResponse');
    assert.match(result.error.message, /text\/html/);
  });

  test('an invalid JSON chunk keeps the text before it', async () => {
    server.enqueue({ text: 'good text before the bad chunk', chunkSize: 5, fault: 'invalid-json-chunk' });
    const result = await collect(new OpenRouterClient());
    assert.equal(result.error?.kind, 'badResponse');
    assert.ok(result.text.length > 0);
  });

  test('connection refused is a network error naming the cause', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const result = await collect(new OpenRouterClient(), { baseUrl: `http://127.0.0.1:${closedPort}/api/v1` });
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error.message, /ECONNREFUSED/);
  });

  test('after every failure the next request works', async () => {
    const client = new OpenRouterClient();
    server.enqueue({ fault: 'reset-before-headers' }, { text: 'recovered' });
    const failed = await collect(client);
    assert.equal(failed.error?.kind, 'network');
    const next = await collect(client);
    assert.equal(next.error, undefined);
    assert.equal(next.text, 'recovered');
  });
});

describe('key check', () => {
  test('a good key returns its info, never the key', async () => {
    const info = await new OpenRouterClient().checkKey(config);
    assert.equal(typeof info.usage, 'number');
    assert.ok(!JSON.stringify(info).includes(key));
    const sent = server.requests.at(-1)!;
    assert.equal(sent.method, 'GET');
    assert.ok(sent.path.endsWith('/key'));
  });

  test('a wrong key is badKey', async () => {
    await assert.rejects(new OpenRouterClient().checkKey({ ...config, apiKey: 'sk-or-v1-bad-000000' }), (error: FlashlightError) => error.kind === 'badKey');
  });
});
