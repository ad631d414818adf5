// The network layer over its base fetch (kept-alive connections of its own, and the platform's
// fetch for comparison), checked on loopback: streamed answers, abort freeing the request, drops,
// stalls, refused connections, compressed bodies; and what it adds because the base fetch does
// not: redirects only to http(s), never down to http, never to another host with the key; bodies
// and event-stream lines capped; and no request ever sent twice (a POST that reached OpenRouter is
// billed).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { createServer } from 'node:net';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { OpenRouterNetwork, type NetworkOptions } from '../../src/core/openrouter/network';
import type { ClientConfig, StreamEvent } from '../../src/core/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-node-fetch-test-0123456789';
const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Explain x' }] };
let fake: FakeOpenRouter;
let network: OpenRouterNetwork;
let config: ClientConfig;

before(async () => {
  fake = await startFakeOpenRouter();
  config = { baseUrl: fake.baseUrl, apiKey: key, stallTimeoutMs: 1_500, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
});
after(async () => {
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

// The same cases over both base fetches: the extension's kept-alive connections (what it sends
// with) and the platform's fetch (Node's here; VS Code's in the extension host, which the
// integration tests cover), so the guards on top are shown to hold over either.
const transports: Array<{ name: string; make(options?: NetworkOptions): OpenRouterNetwork }> = [
  { name: 'kept-alive connections', make: (options) => new OpenRouterNetwork(options) },
  { name: "the platform's fetch", make: (options) => new OpenRouterNetwork({ ...options, baseFetch: (input, init) => globalThis.fetch(input, init) }) },
];

for (const transport of transports)
  describe(`over ${transport.name}`, () => {
    before(() => {
      network = transport.make();
    });
    after(() => network.dispose());

    describe('the client over the network', () => {
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
        assert.match(result.error.message, /ECONNREFUSED/);
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
        // The platform asks for brotli only over https; asked for, it is decoded over http too.
        assert.deepEqual(await (await network.fetch(`${base}/br`, { headers: { 'accept-encoding': 'br' } })).json(), { ok: 'brotli' });
      });

      test('a redirect keeps the key on its origin; to another origin it is followed only without a key', async () => {
        const sameOrigin = await network.fetch(`${base}/same-origin`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(await sameOrigin.text(), 'landed');
        await assert.rejects(network.fetch(`${base}/elsewhere`, { headers: { authorization: `Bearer ${key}` } }), (error: FlashlightError) => {
          assert.equal(error.kind, 'badResponse');
          assert.match(error.message, /redirected to another host \(http:\/\/localhost:\d+\); Flashlight does not send your key there/);
          return true;
        });
        const keyless = await network.fetch(`${base}/elsewhere`);
        assert.equal(await keyless.text(), 'landed');
        assert.deepEqual(
          seen.map((hit) => [hit.url, hit.authorization]),
          [
            ['/same-origin', `Bearer ${key}`],
            ['/landed', `Bearer ${key}`],
            ['/elsewhere', `Bearer ${key}`],
            ['/elsewhere', undefined],
            ['/landed', undefined],
          ],
        );
      });

      test('an aborted signal rejects before anything is sent', async () => {
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(network.fetch(`${base}/x`, { signal: controller.signal }), { name: 'AbortError' });
        assert.equal(seen.length, 0);
      });
    });

    describe('a hostile or broken server (issue 13, item 10): redirects, body and line caps', () => {
      let server: http.Server;
      let base: string;
      let seen: string[];
      const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024, ' ')); // about 200 KB that unpack to 200 MB
      before(async () => {
        server = http.createServer((req, res) => {
          seen.push(`${req.method} ${req.url}`);
          if (req.url === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
          else if (req.url === '/to-ftp') res.writeHead(307, { location: 'ftp://127.0.0.1/x' }).end();
          else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
          else if (req.url === '/gzip-bomb') {
            res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
            res.end(bomb);
          } else if (req.url === '/api/v1/chat/completions' && req.headers['x-title'] === 'error-bomb') {
            res.writeHead(500, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
            res.end(bomb);
          } else if (req.url === '/api/v1/chat/completions') {
            // One 5 MB line of valid JSON, then a proper end: the line alone must stop the stream.
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.end(sseAnswer('x'.repeat(5 * 1024 * 1024)));
          } else res.writeHead(200, { 'content-type': 'text/plain' }).end('landed');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      });
      after(() => new Promise<void>((resolve) => server.close(() => resolve())));
      beforeEach(() => (seen = []));

      const refusedWith = (pattern: RegExp) => (error: FlashlightError) => {
        assert.ok(error instanceof FlashlightError, `a FlashlightError, not ${String(error)}`);
        assert.equal(error.kind, 'badResponse');
        assert.match(error.message, pattern);
        return true;
      };

      test('a redirect to file: or ftp: is refused with a clear message, and nothing else is requested', async () => {
        await assert.rejects(network.fetch(`${base}/to-file`), refusedWith(/redirected to a “file:” address; only http\(s\) redirects are followed/));
        await assert.rejects(network.fetch(`${base}/to-ftp`, { method: 'POST', body: '{}' }), refusedWith(/“ftp:” address/));
        assert.deepEqual(seen, ['GET /to-file', 'POST /to-ftp']);
      });

      test('a redirect loop stops after five', async () => {
        await assert.rejects(network.fetch(`${base}/loop`), refusedWith(/redirected more than 5 times/));
        assert.equal(seen.length, 6);
      });

      test('a gzip body that unpacks to 200 MB is cut at 8 MB with a clear error', async () => {
        const memory = watchMemory();
        const response = await network.fetch(`${base}/gzip-bomb`);
        await assert.rejects(response.text(), refusedWith(/answer \(status 200\) is larger than 8 MB, so Flashlight stopped reading it/));
        const grew = memory.stop();
        assert.ok(grew < 64 * 1024 * 1024, `the 200 MB never reached memory (it grew by ${Math.round(grew / 1048576)} MB)`);
      });

      test('an error body that unpacks to 200 MB does not reach the extension host: the user sees the status', async () => {
        const client = new OpenRouterClient(network.fetch);
        const events: StreamEvent[] = [];
        const memory = watchMemory();
        await assert.rejects(
          (async () => {
            const cfg = { ...config, baseUrl: `${base}/api/v1`, appTitle: 'error-bomb' };
            // The test server tells the bomb from the long line by X-Title, which the SDK sends as given.
            for await (const event of client.streamChat(cfg, request)) events.push(event);
          })(),
          (error: FlashlightError) => {
            assert.equal(error.details.status, 500);
            return true;
          },
        );
        const grew = memory.stop();
        assert.equal(events.length, 0);
        assert.ok(grew < 64 * 1024 * 1024, `the 200 MB never reached memory (it grew by ${Math.round(grew / 1048576)} MB)`);
      });

      test('an event-stream line over 4 MB stops the answer with a clear error', async () => {
        const events: StreamEvent[] = [];
        await assert.rejects(
          (async () => {
            for await (const event of new OpenRouterClient(network.fetch).streamChat({ ...config, baseUrl: `${base}/api/v1` }, request)) events.push(event);
          })(),
          refusedWith(/A line of the server's event stream is longer than 4 MB/),
        );
        assert.equal(events.length, 0, 'nothing of the 5 MB line was shown');
      });

      describe('https', () => {
        const certificate = selfSignedCertificate();
        const skip = certificate ? false : 'the openssl CLI is needed to make a test certificate';
        let secure: https.Server;
        let secureBase: string;
        const previousTlsSetting = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        before(async () => {
          if (!certificate) return;
          // This test process only: the self-signed loopback certificate is accepted, by any transport.
          process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
          secure = https.createServer(certificate, (req, res) => {
            seen.push(`https ${req.method} ${req.url}`);
            res.writeHead(307, { location: `${base}/landed` }).end();
          });
          await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
          secureBase = `https://127.0.0.1:${(secure.address() as net.AddressInfo).port}`;
        });
        after(async () => {
          if (previousTlsSetting === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
          else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousTlsSetting;
          if (certificate) await new Promise<void>((resolve) => secure.close(() => resolve()));
        });

        test('a redirect from https down to plain http is refused, even without a key, and the http server sees nothing', { skip }, async () => {
          await assert.rejects(network.fetch(`${secureBase}/models`), refusedWith(/redirected from https to plain http \(http:\/\/127\.0\.0\.1:\d+\)/));
          assert.deepEqual(seen, ['https GET /models']);
        });
      });
    });

    describe('no request is sent twice (issue 13, item 11)', () => {
      // A server that reads a POST in full on a kept-alive connection, then resets it: OpenRouter may
      // have started (and billed) the generation, so the client must not send it again.
      let server: http.Server;
      let base: string;
      let posts: Array<{ socket: number; body: string }>;
      before(async () => {
        const sockets = new Map<net.Socket, number>();
        const served = new Map<net.Socket, number>();
        server = http.createServer((req, res) => {
          const socket = req.socket;
          if (!sockets.has(socket)) sockets.set(socket, sockets.size + 1);
          let body = '';
          req.setEncoding('utf8');
          req.on('data', (piece: string) => (body += piece));
          req.on('end', () => {
            posts.push({ socket: sockets.get(socket)!, body });
            const count = (served.get(socket) ?? 0) + 1;
            served.set(socket, count);
            if (count >= 2) return void socket.resetAndDestroy(); // the reused connection, after the whole body
            res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
            res.end(sseAnswer(`answer on connection ${sockets.get(socket)}`));
          });
        });
        server.keepAliveTimeout = 60_000;
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/v1`;
      });
      after(() => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      });
      beforeEach(() => (posts = []));

      test('a POST reset on a reused connection after the server read it reaches the server once, and the user gets a network error', async () => {
        const client = new OpenRouterClient(network.fetch);
        // The pool may open a second connection before it reuses the first: ask until one is reused.
        const results: Array<Awaited<ReturnType<typeof collectFrom>>> = [];
        while (results.length < 4 && !results.some((result) => result.error)) results.push(await collectFrom(client, { ...config, baseUrl: base }));
        const reset = results.at(-1)!;
        assert.equal(reset.error?.kind, 'network', `${reset.error?.message} ${reset.text} ${JSON.stringify(posts)}`);
        assert.match(reset.error.message, /ECONNRESET|other side closed|socket/i);
        assert.equal(reset.text, '', 'no answer from a second generation');
        assert.ok(results.slice(0, -1).every((result) => result.error === undefined && result.text.startsWith('answer on connection')));
        assert.equal(posts.length, results.length, `each request reached the server exactly once: ${JSON.stringify(posts.map((post) => post.socket))}`);
        const resetSocket = posts.at(-1)!.socket;
        assert.ok(
          posts.slice(0, -1).some((post) => post.socket === resetSocket),
          'the reset came on a reused connection',
        );
      });
    });

    describe('the request log', () => {
      const secretCode = 'function hushHush() { return 42; }';
      const chat = {
        model: 'google/gemini-2.5-flash',
        fallbackModels: ['google/gemini-2.0-flash-001'],
        messages: [{ role: 'user' as const, content: secretCode }],
      };

      async function logFor(debugLogging: boolean): Promise<string> {
        const lines: string[] = [];
        const logged = transport.make({ log: (line) => lines.push(line), debugLogging: () => debugLogging });
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
  });

/** One SSE answer as OpenRouter sends it, whole. */
function sseAnswer(text: string): string {
  const chunk = { id: 'gen-test', model: 'google/gemini-2.5-flash', choices: [{ delta: { content: text }, finish_reason: 'stop' }] };
  return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
}

async function collectFrom(client: OpenRouterClient, cfg: ClientConfig) {
  const events: StreamEvent[] = [];
  let error: FlashlightError | undefined;
  try {
    for await (const event of client.streamChat(cfg, request)) events.push(event);
  } catch (caught) {
    error = caught as FlashlightError;
  }
  return { text: events.map((event) => (event.type === 'content' ? event.text : '')).join(''), error };
}

/** The most the heap and buffers grow above where they were, sampled every few milliseconds until stop(). */
function watchMemory(): { stop(): number } {
  const used = () => {
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const start = used();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 2);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, used()) - start;
    },
  };
}

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI for this run only. */
function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=flashlight-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
