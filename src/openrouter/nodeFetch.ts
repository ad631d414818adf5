// A `fetch` over Node's http/https modules, so that each request uses an agent we choose: a
// keep-alive pool (a follow-up skips the TCP and TLS handshakes) or a proxy. Node's global fetch
// ignores proxy settings, and npm's undici, which would honour them, weighs ~530 KB minified:
// more than the whole extension. This is the part of fetch the `openai` SDK and our own calls
// use: any body, streamed responses, abort, gzip/deflate/br, redirects.
import * as http from 'http';
import * as https from 'https';
import { pipeline, Readable, type Transform } from 'stream';
import * as zlib from 'zlib';

export interface Route {
  agent: http.Agent;
  /** Plain-http targets through a proxy: the request goes to the proxy with the absolute URL as its path. */
  forwardVia?: { proxy: URL; authorization?: string };
}

export type Router = (url: URL) => Route;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;

interface Outgoing {
  url: URL;
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  signal: AbortSignal | undefined;
  redirect: RequestRedirect;
}

export function nodeFetch(router: Router): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const outgoing = await normalize(input, init);
    return send(router, outgoing, maxRedirects);
  };
}

async function normalize(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Outgoing> {
  const request = typeof input === 'object' && 'url' in input && !(input instanceof URL) ? (input as Request) : undefined;
  const url = new URL(request ? request.url : String(input));
  const headers = new Headers(request?.headers);
  new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
  const rawBody = init?.body !== undefined ? init.body : request?.body ? await request.arrayBuffer() : undefined;
  return {
    url,
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    headers,
    body: await toBuffer(rawBody, headers),
    signal: init?.signal ?? request?.signal ?? undefined,
    redirect: init?.redirect ?? request?.redirect ?? 'follow',
  };
}

async function toBuffer(body: BodyInit | ArrayBuffer | null | undefined, headers: Headers): Promise<Buffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, FormData, URLSearchParams, streams: let the platform's Response serialise them.
  const serialised = new Response(body as BodyInit);
  const type = serialised.headers.get('content-type');
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  return Buffer.from(await serialised.arrayBuffer());
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function send(router: Router, outgoing: Outgoing, redirectsLeft: number, isRetry = false): Promise<Response> {
  const { url, method, body, signal } = outgoing;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const route = router(url);
  const headers: Record<string, string> = {};
  outgoing.headers.forEach((value, name) => (headers[name] = value));
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  // Said outright: inside VS Code, its proxy support hands each request to an agent of its own that
  // is not keep-alive (it passes the connection on to ours, or to Node's global agent), so Node
  // would send `Connection: close` and every request would open a new connection (a new TLS
  // handshake with OpenRouter). With the header, the socket goes back to the pool after the answer.
  headers['connection'] ??= 'keep-alive';
  if (body) headers['content-length'] = String(body.length);
  const via = route.forwardVia;
  const secure = (via ? via.proxy.protocol : url.protocol) === 'https:';
  // Stated, not left to be guessed: inside VS Code every request goes through the agent of its proxy
  // support (agent-base), which without `protocol` tells http from https by capturing a stack trace,
  // twice per request, each formatted by the extension host's Error.prepareStackTrace: about 2.3 ms
  // of each keystroke-to-request on the bench machine (test/bench/vscodeBench.js), more when busy.
  const protocol = secure ? 'https:' : 'http:';
  const options: https.RequestOptions = via
    ? {
        hostname: via.proxy.hostname.replace(/^\[|\]$/g, ''),
        port: via.proxy.port || (via.proxy.protocol === 'https:' ? 443 : 80),
        path: url.href,
        method,
        headers: { ...headers, host: url.host, ...(via.authorization ? { 'proxy-authorization': via.authorization } : {}) },
        agent: route.agent,
        protocol,
      }
    : {
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        agent: route.agent,
        protocol,
      };

  return new Promise<Response>((resolve, reject) => {
    const request = (secure ? https : http).request(options);
    let answered = false;
    const onAbort = () => request.destroy(abortError(signal!) as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    const stopWatchingAbort = () => signal?.removeEventListener('abort', onAbort);

    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return; // after the response, errors reach the body stream instead
      answered = true;
      stopWatchingAbort();
      if (signal?.aborted) return reject(abortError(signal));
      // A pooled socket the server closed while idle: the request never reached it, so send it again once.
      if (request.reusedSocket && !isRetry && ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(error.code ?? '')) {
        return resolve(send(router, outgoing, redirectsLeft, true));
      }
      reject(new TypeError(`fetch failed: ${error.message}`, { cause: error }));
    });

    request.on('response', (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (redirectStatuses.has(status) && location && outgoing.redirect !== 'manual') {
        response.resume();
        stopWatchingAbort();
        if (outgoing.redirect === 'error' || redirectsLeft <= 0) {
          return reject(new TypeError(`fetch failed: too many redirects (last to ${location})`));
        }
        return resolve(send(router, redirected(outgoing, new URL(location, url), status), redirectsLeft - 1));
      }
      response.once('close', stopWatchingAbort);
      try {
        resolve(toResponse(response, url, method));
      } catch (error) {
        response.destroy();
        reject(error);
      }
    });

    request.end(body);
  });
}

/** Follows the fetch standard: 303 (and 301/302 after POST) become GET; credentials stay on their origin. */
function redirected(outgoing: Outgoing, next: URL, status: number): Outgoing {
  const headers = new Headers(outgoing.headers);
  const toGet = status === 303 || ((status === 301 || status === 302) && outgoing.method === 'POST');
  if (toGet) {
    headers.delete('content-type');
    headers.delete('content-length');
  }
  if (next.origin !== outgoing.url.origin) {
    headers.delete('authorization');
    headers.delete('cookie');
  }
  return { ...outgoing, url: next, headers, method: toGet && outgoing.method !== 'HEAD' ? 'GET' : outgoing.method, body: toGet ? undefined : outgoing.body };
}

function toResponse(response: http.IncomingMessage, url: URL, method: string): Response {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 599) throw new TypeError(`fetch failed: unexpected status ${status}`);
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // a header value fetch cannot hold: dropped, as undici would refuse it too
    }
  }
  const withoutBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
  let body: ReadableStream<Uint8Array> | null = null;
  if (withoutBody) response.resume();
  else {
    const decoder = decoderFor(headers.get('content-encoding'));
    const source: Readable = decoder ? pipeline(response, decoder, () => undefined) : response;
    // A connection cut before the response ended must fail the body at once: otherwise (as with
    // the agents VS Code patches in) the reader may simply wait until the stall watchdog fires.
    const failIfCut = () => {
      if (!response.complete && !source.destroyed) source.destroy(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
    };
    response.once('aborted', failIfCut);
    response.once('close', failIfCut);
    // The socket outlives the response when it is kept alive for the next request: its listener
    // goes once the response has ended, or each answer would leave one (and its response) behind.
    const socket = response.socket;
    const onSocketClose = () => setImmediate(failIfCut);
    socket?.once('close', onSocketClose);
    response.once('end', () => socket?.off('close', onSocketClose));
    body = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
  }
  const result = new Response(body, { status, statusText: response.statusMessage ?? '', headers });
  Object.defineProperty(result, 'url', { value: url.href });
  return result;
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
