// Proxy settings and connection reuse, checked on the wire: a real forward/CONNECT proxy on
// loopback (node:http, written here) sees exactly the requests it should, NO_PROXY and
// `http.noProxy` keep requests away from it, and a follow-up request reuses the connection.
// The fake is reached through a relay on 127.0.0.2: loopback still, but not one of the names
// (localhost, 127.0.0.1, ::1) that VS Code, and so Flashlight, never sends through a proxy.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { OpenRouterClient } from '../../src/openrouter/client';
import { OpenRouterNetwork } from '../../src/openrouter/network';
import { bypassesProxy, proxyFor, redactProxyUrl, type ProxySettings } from '../../src/openrouter/proxy';
import type { ClientConfig, StreamEvent } from '../../src/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-proxy-test-key-0123456789';
const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Explain x' }] };

describe('which proxy a request uses', () => {
  const https = new URL('https://openrouter.ai/api/v1/chat/completions');
  const plain = new URL('http://gateway.internal:8080/api/v1');

  test('http.proxy wins over the environment', () => {
    const route = proxyFor(https, { proxy: 'http://setting:3128' }, { HTTPS_PROXY: 'http://env:8080' });
    assert.equal(route?.proxy.host, 'setting:3128');
    assert.equal(route?.source, 'http.proxy');
  });

  test('HTTPS_PROXY for https targets, HTTP_PROXY as its fallback, lower case too', () => {
    assert.equal(proxyFor(https, {}, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' })?.proxy.host, 'a:1');
    assert.equal(proxyFor(https, {}, { HTTP_PROXY: 'http://b:2' })?.proxy.host, 'b:2');
    assert.equal(proxyFor(https, {}, { https_proxy: 'http://c:3' })?.proxy.host, 'c:3');
    assert.equal(proxyFor(plain, {}, { HTTPS_PROXY: 'http://a:1' }), undefined, 'a plain-http target does not use HTTPS_PROXY');
    assert.equal(proxyFor(plain, {}, { http_proxy: 'proxy.corp:3128' })?.proxy.href, 'http://proxy.corp:3128/', 'a scheme-less value reads as http');
    assert.equal(proxyFor(https, {}, {}), undefined);
  });

  test('NO_PROXY and http.noProxy: domains with their subdomains, ports, wildcards, IP ranges', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,.corp.example' };
    assert.equal(proxyFor(new URL('https://api.corp.example/x'), {}, env), undefined);
    assert.equal(proxyFor(new URL('https://openrouter.ai/x'), { noProxy: ['openrouter.ai'] }, env), undefined);
    assert.ok(proxyFor(new URL('https://notopenrouter.ai/x'), { noProxy: ['openrouter.ai'] }, env), 'a suffix match must be on a dot boundary');
    assert.equal(bypassesProxy(new URL('https://api.openrouter.ai/'), ['*.openrouter.ai']), true);
    assert.equal(bypassesProxy(new URL('https://openrouter.ai/'), ['openrouter.ai:443']), true);
    assert.equal(bypassesProxy(new URL('https://openrouter.ai/'), ['openrouter.ai:8443']), false);
    assert.equal(bypassesProxy(new URL('http://10.1.2.3:8080/'), ['10.0.0.0/8']), true);
    assert.equal(bypassesProxy(new URL('http://11.1.2.3:8080/'), ['10.0.0.0/8']), false);
    assert.equal(bypassesProxy(new URL('http://[::1]:8080/'), ['::1']), true);
    assert.equal(bypassesProxy(new URL('https://anything/'), ['*']), true);
  });

  test('localhost is never proxied, as VS Code\'s own resolver decides; other loopback addresses are', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128' };
    for (const target of ['http://localhost:4000/v1', 'http://127.0.0.1:4000/v1', 'http://[::1]:4000/v1', 'https://LOCALHOST/v1']) {
      assert.equal(proxyFor(new URL(target), { proxy: 'http://p:1' }, env), undefined, target);
    }
    assert.ok(proxyFor(new URL('http://127.0.0.2:4000/v1'), {}, env));
  });

  test('http.proxySupport "off" turns it off; strictSSL and credentials are carried', () => {
    assert.equal(proxyFor(https, { proxy: 'http://p:1', support: 'off' }, {}), undefined);
    const route = proxyFor(https, { proxy: 'http://user:p%40ss@p:1', strictSSL: false }, {});
    assert.equal(route?.strictSSL, false);
    assert.equal(route?.authorization, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    assert.equal(proxyFor(https, { proxy: 'http://user:pw@p:1', authorization: 'Negotiate abc' }, {})?.authorization, 'Negotiate abc');
    assert.equal(redactProxyUrl('http://user:secret@p:1'), 'http://user:…@p:1');
  });
});

interface SeenByProxy {
  method: string;
  target: string;
  authorization?: string;
}

interface TestProxy {
  url: string;
  seen: SeenByProxy[];
  connections(): number;
  close(): Promise<void>;
}

/** A forward proxy (absolute-URI requests) that also opens CONNECT tunnels, on loopback. */
async function startProxy(options: { requireAuthorization?: string } = {}): Promise<TestProxy> {
  const seen: SeenByProxy[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const refuse = (authorization: string | undefined) => options.requireAuthorization !== undefined && authorization !== options.requireAuthorization;
  const server = http.createServer((req, res) => {
    const authorization = req.headers['proxy-authorization'];
    seen.push({ method: req.method ?? '', target: req.url ?? '', authorization });
    if (refuse(authorization)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    for (const hop of ['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive']) delete headers[hop];
    const upstream = http.request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authorization = req.headers['proxy-authorization'];
    seen.push({ method: 'CONNECT', target: req.url ?? '', authorization });
    if (refuse(authorization)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = [(req.url ?? '').replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(req.url ?? '')?.[1])];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP relay on 127.0.0.2 in front of the fake that counts the connections it is asked for. */
async function startCountingRelay(targetPort: number, secure?: { key: string; cert: string }) {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => {
    connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  };
  const server = secure ? tls.createServer(secure, onSocket) : net.createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for localhost, made with the openssl CLI for this run only. */
function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=flashlight-test', '-addext', 'subjectAltName=IP:127.0.0.2',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function answer(client: OpenRouterClient, config: ClientConfig) {
  const events: StreamEvent[] = [];
  let error: Error | undefined;
  try {
    for await (const event of client.streamChat(config, request)) events.push(event);
  } catch (caught) {
    error = caught as Error;
  }
  return { text: events.map((event) => (event.type === 'content' ? event.text : '')).join(''), ended: events.some((event) => event.type === 'end'), error };
}

describe('requests on the wire', () => {
  let fake: FakeOpenRouter;
  let proxy: TestProxy;
  let relay: Awaited<ReturnType<typeof startCountingRelay>>;
  let settings: ProxySettings;
  let env: Record<string, string>;
  let network: OpenRouterNetwork;
  let config: ClientConfig;
  const logged: string[] = [];

  before(async () => {
    fake = await startFakeOpenRouter();
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    proxy = await startProxy();
    relay = await startCountingRelay(fake.port);
    settings = {};
    env = {};
    logged.length = 0;
    network = new OpenRouterNetwork({ proxySettings: () => settings, env, log: (line) => logged.push(line) });
    config = { baseUrl: `http://127.0.0.2:${relay.port}/api/v1`, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
  });
  afterEach(async () => {
    network.dispose();
    await proxy.close();
    await relay.close();
  });

  test('with http.proxy set, the request goes through the proxy and the answer arrives whole', async () => {
    settings = { proxy: proxy.url };
    fake.enqueue({ text: 'Through the proxy.' });
    const result = await answer(new OpenRouterClient(network.fetch), config);
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Through the proxy.');
    assert.deepEqual(proxy.seen.map((seen) => `${seen.method} ${seen.target}`), [`POST ${config.baseUrl}/chat/completions`]);
    assert.equal(fake.requests.length, 1);
    assert.ok(logged.some((line) => line.includes(`via proxy ${proxy.url} (http.proxy)`)), logged.join('\n'));
    assert.ok(!logged.join('\n').includes(key), 'the key never reaches the log');
  });

  test('HTTP_PROXY from the environment is used when the setting is empty', async () => {
    env.HTTP_PROXY = proxy.url;
    const result = await answer(new OpenRouterClient(network.fetch), config);
    assert.equal(result.error, undefined);
    assert.equal(proxy.seen.length, 1);
  });

  test('NO_PROXY and http.noProxy send the request directly', async () => {
    env.HTTP_PROXY = proxy.url;
    env.NO_PROXY = 'example.com, 127.0.0.2';
    assert.equal((await answer(new OpenRouterClient(network.fetch), config)).error, undefined);
    settings = { proxy: proxy.url, noProxy: ['127.0.0.2'] };
    delete env.NO_PROXY;
    assert.equal((await answer(new OpenRouterClient(network.fetch), config)).error, undefined);
    assert.equal(proxy.seen.length, 0, 'the proxy saw nothing');
    assert.equal(fake.requests.length, 2);
  });

  test('localhost (the fake at 127.0.0.1) goes direct even with http.proxy set', async () => {
    settings = { proxy: proxy.url };
    assert.equal((await answer(new OpenRouterClient(network.fetch), { ...config, baseUrl: fake.baseUrl })).error, undefined);
    assert.equal(proxy.seen.length, 0);
    assert.equal(fake.requests.length, 1);
  });

  test('the settings are read per request: removing the proxy applies to the next one', async () => {
    settings = { proxy: proxy.url };
    const client = new OpenRouterClient(network.fetch);
    await answer(client, config);
    settings = {};
    await answer(client, config);
    assert.equal(proxy.seen.length, 1);
    assert.equal(fake.requests.length, 2);
  });

  test('proxy credentials are sent to the proxy, never to OpenRouter', async () => {
    await proxy.close();
    proxy = await startProxy({ requireAuthorization: `Basic ${Buffer.from('me:secret').toString('base64')}` });
    settings = { proxy: proxy.url.replace('//', '//me:secret@') };
    const result = await answer(new OpenRouterClient(network.fetch), config);
    assert.equal(result.error, undefined);
    assert.equal(fake.requests[0]?.headers['proxy-authorization'], undefined);
    assert.ok(!logged.join('\n').includes('secret'), 'the proxy password never reaches the log');
  });

  test('a follow-up request reuses the warm connection (direct)', async () => {
    const client = new OpenRouterClient(network.fetch);
    assert.equal((await answer(client, config)).error, undefined);
    assert.equal((await answer(client, config)).error, undefined);
    assert.equal(fake.requests.length, 2);
    assert.equal(relay.connections(), 1, 'one TCP connection for both requests');
  });

  describe('https targets: CONNECT tunnels', () => {
    const certificate = selfSignedCertificate();
    const skip = certificate ? false : 'the openssl CLI is needed to make a test certificate';

    test('through the proxy with CONNECT, strictSSL off accepts the self-signed test server, and the tunnel is reused', { skip }, async () => {
      const tlsFront = await startCountingRelay(fake.port, certificate);
      try {
        settings = { proxy: proxy.url, strictSSL: false };
        const client = new OpenRouterClient(network.fetch);
        const secure = { ...config, baseUrl: `https://127.0.0.2:${tlsFront.port}/api/v1` };
        fake.enqueue({ text: 'one' }, { text: 'two' });
        const first = await answer(client, secure);
        const second = await answer(client, secure);
        assert.equal(first.error, undefined, first.error?.message);
        assert.deepEqual([first.text, second.text], ['one', 'two']);
        assert.deepEqual(proxy.seen.map((seen) => `${seen.method} ${seen.target}`), [`CONNECT 127.0.0.2:${tlsFront.port}`], 'one tunnel for both');
        assert.equal(tlsFront.connections(), 1);
      } finally {
        await tlsFront.close();
      }
    });

    test('strictSSL on refuses the self-signed certificate with a network error', { skip }, async () => {
      const tlsFront = await startCountingRelay(fake.port, certificate);
      try {
        settings = { proxy: proxy.url, strictSSL: true };
        const result = await answer(new OpenRouterClient(network.fetch), { ...config, baseUrl: `https://127.0.0.2:${tlsFront.port}/api/v1` });
        assert.equal((result.error as { kind?: string }).kind, 'network');
        assert.match(result.error!.message, /SELF_SIGNED|self.signed/i);
        assert.equal(fake.requests.length, 0);
      } finally {
        await tlsFront.close();
      }
    });

    test('a proxy that wants credentials gets a clear message', async () => {
      await proxy.close();
      proxy = await startProxy({ requireAuthorization: 'Basic never' });
      settings = { proxy: proxy.url };
      const result = await answer(new OpenRouterClient(network.fetch), { ...config, baseUrl: 'https://openrouter.invalid/api/v1' });
      assert.equal((result.error as { kind?: string }).kind, 'network');
      assert.match(result.error!.message, /407/);
      assert.match(result.error!.message, /http\.proxyAuthorization/);
      assert.deepEqual(proxy.seen.map((seen) => seen.target), ['openrouter.invalid:443'], 'the CONNECT named the target; nothing was resolved locally');
    });
  });
});
