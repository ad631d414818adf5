// Connection pools that stay warm between requests. A direct https.Agent with keep-alive lets a
// follow-up reuse the TLS connection of the previous answer; the tunnelling agent does the same
// through a proxy: each pooled socket is a TLS session inside an HTTP CONNECT tunnel.
//
// The modules are required by their bare names ('http', 'https', 'net', 'tls'), not 'node:…':
// inside VS Code that is what lets VS Code's own network layer (PAC files, system certificates,
// proxy sign-in) see these requests too, when `http.proxySupport` asks it to.
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import type { Duplex } from 'stream';
import * as tls from 'tls';
import { redactProxyUrl } from './proxy';

/** Idle sockets are kept this long; OpenRouter's edge keeps them longer, so reuse is the norm. */
const freeSocketTimeoutMs = 120_000;

export function keepAliveAgent(secure: boolean, options: https.AgentOptions = {}): http.Agent {
  const settings = { keepAlive: true, scheduling: 'lifo' as const, timeout: freeSocketTimeoutMs, ...options };
  return secure ? new https.Agent(settings) : new http.Agent(settings);
}

export interface TunnelOptions {
  proxy: URL;
  authorization?: string;
  /** Verify the proxy's certificate (an https:// proxy) and the target's through the tunnel. */
  strictSSL: boolean;
  connectTimeoutMs?: number;
}

/** An https.Agent whose connections are opened with CONNECT through an HTTP(S) proxy. */
export class TunnellingAgent extends https.Agent {
  constructor(private readonly tunnel: TunnelOptions) {
    super({ keepAlive: true, scheduling: 'lifo', timeout: freeSocketTimeoutMs, rejectUnauthorized: tunnel.strictSSL });
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port) || 443;
    openTunnel(this.tunnel, host, port).then(
      (socket) => {
        const secure = tls.connect({
          socket,
          servername: net.isIP(host) ? undefined : host,
          rejectUnauthorized: this.tunnel.strictSSL && options.rejectUnauthorized !== false,
          ca: options.ca,
          ALPNProtocols: ['http/1.1'],
        });
        callback?.(null, secure);
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined; // the socket arrives through the callback once the tunnel is open
  }
}

export class ProxyError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ProxyError';
  }
}

/** Opens a raw connection to `host:port` through the proxy with `CONNECT`. */
export function openTunnel(tunnel: TunnelOptions, host: string, port: number): Promise<Duplex> {
  const { proxy } = tunnel;
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
  const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const shownProxy = redactProxyUrl(proxy.origin);
  return new Promise((resolve, reject) => {
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost, rejectUnauthorized: tunnel.strictSSL })
        : net.connect({ host: proxyHost, port: proxyPort });
    let received = Buffer.alloc(0);
    const timer = setTimeout(
      () => fail(new ProxyError(`The proxy ${shownProxy} did not open a tunnel to ${authority} in time.`)),
      tunnel.connectTimeoutMs ?? 30_000,
    );
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onClose);
    };
    function fail(error: Error) {
      cleanup();
      socket.destroy();
      reject(error);
    }
    function onClose() {
      fail(new ProxyError(`The proxy ${shownProxy} closed the connection before opening a tunnel to ${authority}.`));
    }
    function onData(data: Buffer) {
      received = Buffer.concat([received, data]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (received.length > 16_384) fail(new ProxyError(`The proxy ${shownProxy} sent an oversized answer to CONNECT.`));
        return;
      }
      const statusLine = received.subarray(0, headEnd).toString('latin1').split('\r\n')[0] ?? '';
      const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
      const status = match ? Number(match[1]) : undefined;
      if (status !== 200) {
        const hint = status === 407 ? ' It wants credentials: set “http.proxyAuthorization” or put user:password in the proxy URL.' : '';
        fail(new ProxyError(`The proxy ${shownProxy} refused the tunnel to ${authority} (${status ?? 'no status'}${match?.[2] ? ` ${match[2]}` : ''}).${hint}`, status));
        return;
      }
      cleanup();
      const rest = received.subarray(headEnd + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    }
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('close', onClose);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const authorization = tunnel.authorization ? `Proxy-Authorization: ${tunnel.authorization}\r\n` : '';
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${authorization}\r\n`);
    });
  });
}
