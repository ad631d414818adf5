// The base fetch of every OpenRouter call: Node's http/https `request` with one keep-alive agent
// per protocol, so a follow-up request reuses the connection (and TLS session) of the last answer.
//
// Why not the extension host's global fetch: VS Code's patched fetch (@vscode/proxy-agent) makes a
// new undici Agent for each call when system certificates are on (the default), so every request
// paid a new TCP+TLS handshake and sockets piled up until garbage collection. VS Code patches
// `http.request`/`https.request` too, and there a direct route keeps a keep-alive agent's sockets
// pooled (ours for localhost or an `http.proxySupport` other than the default "override"; else
// Node's global agent, keep-alive since Node 19), while http.proxy, PAC, system proxies, proxy sign-in and certificates stay VS Code's
// business. So there is no proxy logic here; in plain Node (the unit tests) requests go direct.
//
// Only what guardedFetch.ts and the `openai` SDK use: a URL, string or byte bodies, streamed
// responses, abort, gzip/deflate/br. Redirects are returned as they are (`redirect: 'manual'`):
// guardedFetch follows them under its own rules. A request whose connection fails is reported,
// never sent again: a POST that reached OpenRouter is a generation that is billed (issue 13).
//
// The modules are required by their bare names ('http', 'https'), not 'node:…', and looked up at
// each call: that is what VS Code patches.
import * as http from 'http';
import * as https from 'https';
import { pipeline, Readable, type Transform } from 'stream';
import * as zlib from 'zlib';
import { ConnectionWarming } from './connectionWarming';

/** Idle sockets are kept this long; OpenRouter's edge keeps them longer, so reuse is the norm. */
const freeSocketTimeoutMs = 120_000;

export interface KeptAliveOptions {
  /** How long an idle socket stays pooled (the benchmark shortens it so "idle" takes a second, not minutes). */
  freeSocketTimeoutMs?: number;
  /** Extra trusted certificates (the benchmark's self-signed loopback server); the system's are used otherwise. */
  ca?: string;
}

export class KeptAliveFetch {
  private readonly agents: { http: http.Agent; https: https.Agent };
  /** Warm-ups (warm()) only when the pooled connection has likely gone: half the idle timeout. */
  private readonly warming: ConnectionWarming;

  constructor(options: KeptAliveOptions = {}) {
    const timeout = options.freeSocketTimeoutMs ?? freeSocketTimeoutMs;
    this.agents = {
      http: new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout }),
      https: new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout, ...(options.ca ? { ca: options.ca } : {}) }),
    };
    this.warming = new ConnectionWarming({ staleAfterMs: timeout / 2 });
  }

  readonly fetch: typeof fetch = (input, init) => this.send(input, init);

  /**
   * A request to `url`'s origin is likely soon: opens (or refreshes) a pooled connection to it
   * with a HEAD request, which OpenRouter never bills and which carries no key and no code, so the
   * request that follows pays no DNS, TCP or TLS handshake. At most once per idle period
   * (connectionWarming.ts); returns whether it went. Never throws: a failed warm-up costs nothing.
   */
  warm(url: string): boolean {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
    if (!this.warming.claimWarmUp()) return false;
    const secure = target.protocol === 'https:';
    const request = (secure ? https : http).request({
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || undefined,
      path: target.pathname,
      method: 'HEAD',
      headers: { connection: 'keep-alive' },
      agent: secure ? this.agents.https : this.agents.http,
      protocol: target.protocol,
    });
    request.setTimeout(15_000, () => request.destroy());
    request.on('response', (response) => response.resume());
    request.on('error', () => undefined);
    request.end();
    return true;
  }

  /** Closes the pooled connections (and any request still on them). */
  dispose(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async send(input: Parameters<typeof fetch>[0], init: RequestInit = {}): Promise<Response> {
    if (typeof input === 'object' && !(input instanceof URL)) throw new TypeError('keptAliveFetch takes a URL, not a Request');
    if (init.redirect !== 'manual') throw new TypeError("keptAliveFetch does not follow redirects: pass redirect: 'manual' (guardedFetch follows them)");
    const url = new URL(String(input));
    this.warming.noteUse();
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
    const method = (init.method ?? 'GET').toUpperCase();
    const body = toBuffer(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    // Said outright: inside VS Code the request goes through its proxy agent, which is not
    // keep-alive itself (it hands the connection to ours, or to Node's global agent), so Node would
    // send `Connection: close` and the next request would open a new connection.
    headers['connection'] ??= 'keep-alive';
    if (body) headers['content-length'] = String(body.byteLength);
    const secure = url.protocol === 'https:';
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);

    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? https : http).request({
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        agent: secure ? this.agents.https : this.agents.http,
        // Stated, not left to be guessed: without it VS Code's proxy agent (agent-base) tells http
        // from https by capturing and formatting a stack trace, twice per request (~2 ms each time).
        protocol: url.protocol,
      });
      let answer: Readable | undefined;
      let settled = false;
      const onAbort = () => {
        const reason = abortError(signal!);
        answer?.destroy(reason);
        request.destroy(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const stopWatchingAbort = () => signal?.removeEventListener('abort', onAbort);

      request.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return; // after the response, errors reach the body stream instead
        settled = true;
        stopWatchingAbort();
        // Never sent again, not even on a reused socket: the server may have read it already.
        reject(signal?.aborted ? abortError(signal) : new TypeError(`fetch failed: ${error.message}`, { cause: error }));
      });

      request.on('response', (response) => {
        settled = true;
        response.once('close', stopWatchingAbort);
        try {
          const result = toResponse(response, url, method);
          answer = result.source;
          resolve(result.response);
        } catch (error) {
          response.destroy();
          stopWatchingAbort();
          reject(new TypeError(`fetch failed: ${(error as Error).message}`, { cause: error }));
        }
      });

      request.end(body);
    });
  }
}

function toBuffer(body: RequestInit['body']): Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('keptAliveFetch sends string or byte bodies only');
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

function toResponse(response: http.IncomingMessage, url: URL, method: string): { response: Response; source?: Readable } {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // a header value fetch cannot hold: dropped, as undici would refuse it too
    }
  }
  let source: Readable | undefined;
  if (method === 'HEAD' || status === 204 || status === 205 || status === 304) response.resume();
  else {
    const decoder = decoderFor(headers.get('content-encoding'));
    source = decoder ? pipeline(response, decoder, () => undefined) : response;
    // A connection cut before the response ended must fail the body at once: otherwise (as with
    // the agents VS Code patches in) the reader may simply wait until the stall watchdog fires.
    const failIfCut = () => {
      if (!response.complete && !source!.destroyed)
        source!.destroy(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
    };
    response.once('aborted', failIfCut);
    response.once('close', failIfCut);
    // The socket outlives the response when it is kept alive for the next request: its listener
    // goes once the response has ended, or each answer would leave one (and its response) behind.
    const socket = response.socket;
    const onSocketClose = () => setImmediate(failIfCut);
    socket?.once('close', onSocketClose);
    response.once('end', () => socket?.off('close', onSocketClose));
  }
  const body = source ? (Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>) : null;
  const result = new Response(body, { status, statusText: response.statusMessage ?? '', headers });
  Object.defineProperty(result, 'url', { value: url.href });
  return { response: result, source };
}

function decoderFor(encoding: string | null): Transform | undefined {
  // Lenient flushing, as browsers do: a stream cut short yields what arrived instead of an error.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return zlib.createInflate(lenient);
    case 'br':
      return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}
