// The extension's own base fetch, as a loopback server sees it: one connection for requests in a
// row (no new TCP or TLS handshake per keystroke), an aborted or cancelled stream gives its
// connection back to nobody (closed, not left open), dispose() closes the idle ones, and a
// redirect comes back as it is for guardedFetch to judge.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { KeptAliveFetch } from '../../src/core/openrouter/keptAliveFetch';

let server: http.Server;
let base: string;
let connections: net.Socket[];
const open = () => connections.filter((socket) => !socket.destroyed).length;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/slow-stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      const timer = setInterval(() => res.write('data: more\n\n'), 20);
      res.on('close', () => clearInterval(timer));
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/landed' }).end();
    } else {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method} ${req.url}`));
    }
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: net.Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  server.closeAllConnections();
  connections = [];
});

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), what);
}

describe('kept-alive connections', () => {
  test('requests in a row, GET and POST, share one connection', async () => {
    const transport = new KeptAliveFetch();
    try {
      const answers: string[] = [];
      for (const method of ['GET', 'POST', 'POST']) {
        const response = await transport.fetch(`${base}/x`, { method, body: method === 'POST' ? '{"model":"m"}' : undefined, redirect: 'manual' });
        answers.push(await response.text());
      }
      assert.deepEqual(answers, ['GET /x', 'POST /x', 'POST /x']);
      assert.equal(connections.length, 1, 'one TCP connection for three requests');
    } finally {
      transport.dispose();
    }
  });

  test('an aborted stream closes its connection at once, and the next request opens a new one', async () => {
    const transport = new KeptAliveFetch();
    try {
      const controller = new AbortController();
      const response = await transport.fetch(`${base}/slow-stream`, { signal: controller.signal, redirect: 'manual' });
      const reader = response.body!.getReader();
      assert.equal(new TextDecoder().decode((await reader.read()).value), 'data: first\n\n');
      controller.abort();
      await assert.rejects(reader.read(), { name: 'AbortError' });
      await waitFor("the aborted stream's connection is closed on the server", () => open() === 0);
      assert.equal(await (await transport.fetch(`${base}/next`, { redirect: 'manual' })).text(), 'GET /next');
      assert.equal(connections.length, 2);
    } finally {
      transport.dispose();
    }
  });

  test('a stream cancelled by its reader closes its connection too', async () => {
    const transport = new KeptAliveFetch();
    try {
      const response = await transport.fetch(`${base}/slow-stream`, { redirect: 'manual' });
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
      await waitFor("the cancelled stream's connection is closed on the server", () => connections.length === 1 && open() === 0);
    } finally {
      transport.dispose();
    }
  });

  test('dispose() closes the idle connections', async () => {
    const transport = new KeptAliveFetch();
    await (await transport.fetch(`${base}/x`, { redirect: 'manual' })).text();
    assert.equal(open(), 1, 'kept alive after the answer');
    transport.dispose();
    await waitFor('the idle connection is closed on the server', () => open() === 0);
  });

  test('a redirect is returned as it is, not followed; a fetch asked to follow is refused', async () => {
    const transport = new KeptAliveFetch();
    try {
      const response = await transport.fetch(`${base}/moved`, { redirect: 'manual' });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), '/landed');
      await assert.rejects(transport.fetch(`${base}/moved`), /does not follow redirects/);
    } finally {
      transport.dispose();
    }
  });
});
