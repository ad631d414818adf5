// KeptAliveFetch.warm() as a loopback server sees it: one HEAD that carries no key and no body,
// on the connection the next request then reuses (no new handshake), and nothing more however
// often it is hinted within the idle period; after the pooled connection timed out, one again.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { KeptAliveFetch } from '../../src/core/openrouter/keptAliveFetch';

let server: http.Server;
let base: string;
let connections: net.Socket[];
let seen: Array<{ method: string; url: string; authorization?: string; socket: number }>;

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, socket: connections.indexOf(req.socket) });
    // A HEAD answer says its length, as real servers do (without it Node's server closes the connection).
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
    res.end(req.method === 'HEAD' ? undefined : '{"ok":true}');
  });
  server.on('connection', (socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/v1`;
});

beforeEach(() => {
  connections = [];
  seen = [];
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

test('a warm-up is one HEAD without the key, and the request after it uses its connection', async () => {
  const transport = new KeptAliveFetch();
  try {
    assert.equal(transport.warm(`${base}/models`), true);
    await until('the warm-up', () => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20)); // its socket back in the pool
    const response = await transport.fetch(`${base}/chat/completions`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer sk-or-v1-test' },
      redirect: 'manual',
    });
    await response.text();
    assert.deepEqual(
      seen.map(({ method, url, authorization }) => ({ method, url, authorization })),
      [
        { method: 'HEAD', url: '/api/v1/models', authorization: undefined },
        { method: 'POST', url: '/api/v1/chat/completions', authorization: 'Bearer sk-or-v1-test' },
      ],
    );
    assert.equal(connections.length, 1, 'the request reused the warmed connection');
  } finally {
    transport.dispose();
  }
});

test('hints in the same idle period, or soon after a request, send nothing', async () => {
  const transport = new KeptAliveFetch();
  try {
    const response = await transport.fetch(`${base}/models`, { redirect: 'manual' });
    await response.text();
    const sent = [transport.warm(`${base}/models`), transport.warm(`${base}/models`), transport.warm(`${base}/models`)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(sent, [false, false, false]);
    assert.equal(seen.length, 1, 'only the request itself reached the server');
  } finally {
    transport.dispose();
  }
});

test('after the pooled connection timed out, the next hint warms once again', async () => {
  const transport = new KeptAliveFetch({ freeSocketTimeoutMs: 200 });
  try {
    assert.equal(transport.warm(`${base}/models`), true);
    await until('the first warm-up', () => seen.length === 1);
    assert.equal(transport.warm(`${base}/models`), false);
    await until('the idle socket to close', () => connections.every((socket) => socket.destroyed));
    assert.equal(transport.warm(`${base}/models`), true);
    assert.equal(transport.warm(`${base}/models`), false);
    await until('the second warm-up', () => seen.length === 2);
    assert.equal(connections.length, 2);
  } finally {
    transport.dispose();
  }
});

test('a URL that is not http(s), or not a URL, warms nothing and does not throw', () => {
  const transport = new KeptAliveFetch();
  try {
    assert.equal(transport.warm('file:///etc/passwd'), false);
    assert.equal(transport.warm('not a url'), false);
    assert.equal(seen.length, 0);
  } finally {
    transport.dispose();
  }
});
