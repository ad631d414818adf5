// The fetch over Node's http modules must behave like the platform fetch wherever the client relies
// on it: streamed answers, abort freeing the request, drops, stalls, refused connections; and like
// a browser for compressed bodies and redirects (credentials never follow to another origin).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { createServer } from 'node:net';
import zlib from 'node:zlib';
import { OpenRouterClient } from '../../src/openrouter/client';
import { FlashlightError } from '../../src/openrouter/errors';
import { OpenRouterNetwork } from '../../src/openrouter/network';
import type { ClientConfig, StreamEvent } from '../../src/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-node-fetch-test-0123456789';
const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Explain x' }] };
let fake: FakeOpenRouter;
let network: OpenRouterNetwork;
let config: ClientConfig;

before(async () => {
  fake = await startFakeOpenRouter();
  network = new OpenRouterNetwork({ proxySettings: () => ({}), env: {} });
  config = { baseUrl: fake.baseUrl, apiKey: key, stallTimeoutMs: 1_500, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
});
after(async () => {
  network.dispose();
  await fake.close();
});
beforeEach(() => fake.reset());

async function collect(overrides: Partial<ClientConfig> = {}, signal?: AbortSignal) {
  const events: StreamEvent[] = [];
  let error: FlashlightError | undefined;
  try {
    for await (const event of new OpenRouterClient(network.fetch).streamChat({ ...config, ...overrides }, request, signal)) events.push(event);
  } catch (caught) {
    error = caught as FlashlightError;
  }
  return { text: events.map((event) => (event.type === 'content' ? event.text : '')).join(''), end: events.find((event) => event.type === 'end'), error };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition not reached');
}

describe('the client over the Node fetch', () => {
  test('streams deltas, usage and model', async () => {
    const text = 'Many small pieces of an answer. '.repeat(10);
    fake.enqueue({ text, chunkSize: 5, usage: { prompt_tokens: 7, completion_tokens: 70, cost: 0.0002 } });
    const result = await collect();
    assert.equal(result.error, undefined);
    assert.equal(result.text, text);
    assert.equal(result.end?.type === 'end' && result.end.stats.usage?.cost, 0.0002);
  });

  test('a connection reset mid-stream is a network error at once, never a stall', async () => {
    for (let run = 0; run < 5; run++) {
      fake.enqueue({ text: 'y'.repeat(300), chunkSize: 10, chunkDelayMs: 5, dropAfterChunks: 3 });
      const started = Date.now();
      const result = await collect({ stallTimeoutMs: 5_000 });
      assert.equal(result.error?.kind, 'network', `run ${run}: ${result.error?.kind}`);
      assert.equal(result.text, 'y'.repeat(30));
      assert.ok(Date.now() - started < 2_000, 'reported when the connection closed, not by the stall watchdog');
    }
  });

  test('a kept-alive connection closed before any answer is tried once more on a new one, and only once', async () => {
    const sent = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    fake.enqueue({ text: 'first' });
    assert.equal((await collect()).text, 'first'); // its connection goes back to the pool
    fake.enqueue({ fault: 'refuse' }, { text: 'second' });
    const again = await collect();
    assert.equal(again.error, undefined);
    assert.equal(again.text, 'second');
    assert.equal(sent(), 3);
    fake.enqueue({ fault: 'refuse' }, { fault: 'refuse' }, { text: 'not reached' });
    assert.equal((await collect()).error?.kind, 'network');
    assert.equal(sent(), 5, 'the new connection failing is reported, not retried');
  });

  test('abort frees the request on the server at once', async () => {
    fake.enqueue({ text: 'x'.repeat(400), chunkSize: 1, chunkDelayMs: 20 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of new OpenRouterClient(network.fetch).streamChat(config, request, controller.signal)) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    assert.equal(events.length, 3);
    await waitFor(() => fake.openStreams() === 0);
  });

  test('a dropped connection after some text is a network error', async () => {
    fake.enqueue({ text: 'abcdefghij', chunkSize: 2, dropAfterChunks: 2 });
    const result = await collect();
    assert.equal(result.text, 'abcd');
    assert.equal(result.error?.kind, 'network');
  });

  test('a stalled stream is ended by the watchdog', async () => {
    fake.enqueue({ text: 'abcdefghij', chunkSize: 2, stallAfterChunks: 1, processingComments: false });
    const result = await collect();
    assert.equal(result.text, 'ab');
    assert.equal(result.error?.kind, 'stalled');
    await waitFor(() => fake.openStreams() === 0);
  });

  test('an HTML 200 from a gateway is refused', async () => {
    fake.enqueue({ fault: 'html-200' });
    assert.equal((await collect()).error?.kind, 'badResponse');
  });

  test('HTTP errors keep their status and Retry-After', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 7 });
    const result = await collect();
    assert.equal(result.error?.kind, 'rateLimited');
    assert.equal(result.error?.details.retryAfterSeconds, 7);
  });

  test('a refused connection names the cause', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const result = await collect({ baseUrl: `http://127.0.0.1:${port}/api/v1` });
    assert.equal(result.error?.kind, 'network');
    assert.match(result.error!.message, /ECONNREFUSED/);
  });
});

describe('fetch semantics', () => {
  let server: http.Server;
  let base: string;
  let seen: Array<{ url: string; authorization?: string; connection?: string; port?: number }>;
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, connection: req.headers.connection, port: req.socket.remotePort });
      const accepts = String(req.headers['accept-encoding'] ?? '');
      if (req.url === '/gzip' && accepts.includes('gzip')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(JSON.stringify({ data: [{ id: 'compressed' }] })));
      } else if (req.url === '/br' && accepts.includes('br')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
        res.end(zlib.brotliCompressSync(JSON.stringify({ ok: 'brotli' })));
      } else if (req.url === '/elsewhere') {
        res.writeHead(307, { location: base.replace('127.0.0.1', 'localhost') + '/landed' }).end();
      } else if (req.url === '/same-origin') {
        res.writeHead(302, { location: '/landed' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('landed');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (seen = []));

  test('gzip and brotli bodies are decoded', async () => {
    assert.deepEqual(await (await network.fetch(`${base}/gzip`)).json(), { data: [{ id: 'compressed' }] });
    assert.deepEqual(await (await network.fetch(`${base}/br`)).json(), { ok: 'brotli' });
  });

  test('a redirect keeps the key on its origin and drops it for another', async () => {
    const sameOrigin = await network.fetch(`${base}/same-origin`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(await sameOrigin.text(), 'landed');
    const elsewhere = await network.fetch(`${base}/elsewhere`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(await elsewhere.text(), 'landed');
    assert.deepEqual(seen.map((hit) => [hit.url, hit.authorization]), [
      ['/same-origin', `Bearer ${key}`],
      ['/landed', `Bearer ${key}`],
      ['/elsewhere', `Bearer ${key}`],
      ['/landed', undefined],
    ]);
  });

  test("inside VS Code's proxy support (its own agent per request, around ours) the protocol is stated and the connection kept", async () => {
    // What VS Code does to an extension's http.request (@vscode/proxy-agent with http.proxySupport
    // "override"): the request's agent becomes a new non-keep-alive agent that passes the request on
    // to the one we gave; without a protocol it guesses http or https from a stack trace.
    const original = http.request;
    const protocols: unknown[] = [];
    class ProxySupportAgent extends http.Agent {
      constructor(private readonly inner: http.Agent) {
        super({ keepAlive: false });
      }
      addRequest(req: http.ClientRequest, options: unknown): void {
        (this.inner as unknown as { addRequest(req: http.ClientRequest, options: unknown): void }).addRequest(req, options);
      }
    }
    (http as { request: unknown }).request = (options: http.RequestOptions, callback?: () => void) => {
      protocols.push(options.protocol);
      return original({ ...options, agent: new ProxySupportAgent(options.agent as http.Agent) }, callback);
    };
    try {
      for (let i = 0; i < 3; i++) assert.equal(await (await network.fetch(`${base}/x`)).text(), 'landed');
    } finally {
      (http as { request: unknown }).request = original;
    }
    assert.deepEqual(protocols, ['http:', 'http:', 'http:']);
    assert.deepEqual(seen.map((hit) => hit.connection), ['keep-alive', 'keep-alive', 'keep-alive']);
    assert.equal(new Set(seen.map((hit) => hit.port)).size, 1, 'all three on one connection');
  });

  test('answers on one kept-alive connection leave no listeners behind on its socket', async () => {
    const original = http.request;
    const sockets: net.Socket[] = [];
    (http as { request: unknown }).request = (options: http.RequestOptions, callback?: () => void) => {
      const request = original(options, callback);
      request.once('socket', (socket: net.Socket) => sockets.push(socket));
      return request;
    };
    const closeListeners: number[] = [];
    try {
      for (let i = 0; i < 15; i++) {
        assert.equal(await (await network.fetch(`${base}/x`)).text(), 'landed');
        closeListeners.push(sockets.at(-1)!.listenerCount('close'));
      }
    } finally {
      (http as { request: unknown }).request = original;
    }
    assert.equal(new Set(sockets).size, 1, 'one connection');
    assert.equal(closeListeners.at(-1), closeListeners[0], `close listeners on the socket: ${closeListeners.join(' ')}`);
  });

  test('an aborted signal rejects before anything is sent', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(network.fetch(`${base}/x`, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal(seen.length, 0);
  });
});

describe('the request log', () => {
  const secretCode = 'function hushHush() { return 42; }';
  const chat = { model: 'google/gemini-2.5-flash', fallbackModels: ['google/gemini-2.0-flash-001'], messages: [{ role: 'user' as const, content: secretCode }] };

  async function logFor(debugLogging: boolean): Promise<string> {
    const lines: string[] = [];
    const logged = new OpenRouterNetwork({ proxySettings: () => ({}), env: {}, log: (line) => lines.push(line), debugLogging: () => debugLogging });
    try {
      for await (const event of new OpenRouterClient(logged.fetch).streamChat(config, chat)) void event;
    } finally {
      logged.dispose();
    }
    return lines.join('\n');
  }

  test('each request: method, URL, model with fallbacks, status, time and generation id; never the key or the code', async () => {
    const log = await logFor(false);
    assert.match(log, /^http 1: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/chat\/completions model=google\/gemini-2\.5-flash \(\+1 fallback\)$/m);
    assert.match(log, /^http 1: 200 after \d+ ms \(gen-\d+-\w{20}\)$/m);
    assert.ok(!log.includes(key), 'no key');
    assert.ok(!log.includes('hushHush'), 'no code without debug logging');
  });

  test('with flashlight.debugLogging on, the request body is logged too, still without the key', async () => {
    const log = await logFor(true);
    assert.ok(log.includes('hushHush'), 'the code is logged when asked');
    assert.ok(!log.includes(key), 'no key');
  });
});
