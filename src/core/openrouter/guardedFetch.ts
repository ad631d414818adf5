// The checks the platform fetch does not make, around it. The fetch itself (VS Code's inside the
// extension host: its proxy settings, PAC, proxy sign-in, system certificates; Node's outside) is
// trusted with the connection; what comes back is not. A base URL is a setting, and what answers
// there may be a gateway, a proxy or a hostile host:
// - redirects are followed here, not by the platform: only to http(s), never from https down to
//   http, and never to another origin while the request carries the key (it would travel with a
//   307, and a stripped key would come back as a confusing "bad key");
// - a JSON or error body is cut at `maxBodyBytes` of decoded bytes (a 200 KB gzip body can unpack
//   to 200 MB in the extension host every other extension shares);
// - an event stream may run long, but no line of it beyond `maxLineBytes`.
// Nothing here retries: a request whose connection fails is reported, never sent again, because
// a POST that reached OpenRouter is a generation that is billed.
import { FlashlightError } from './errors';

export interface Limits {
  maxBodyBytes: number;
  maxLineBytes: number;
  maxRedirects: number;
}

export const defaultLimits: Limits = { maxBodyBytes: 8 * 1024 * 1024, maxLineBytes: 4 * 1024 * 1024, maxRedirects: 5 };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function guardedFetch(baseFetch: typeof fetch, limits: Limits = defaultLimits): typeof fetch {
  return async (input, init) => {
    if (typeof input === 'object' && !(input instanceof URL)) throw new TypeError('guardedFetch takes a URL, not a Request');
    let url = new URL(String(input));
    let method = (init?.method ?? 'GET').toUpperCase();
    let headers = new Headers(init?.headers);
    let body = init?.body;
    for (let redirects = 0; ; redirects++) {
      const response = await baseFetch(url, { ...init, method, headers, body, redirect: 'manual' });
      const location = response.headers.get('location');
      if (!redirectStatuses.has(response.status) || location === null || init?.redirect === 'manual') return capped(response, limits);
      await response.body?.cancel().catch(() => undefined);
      const next = checkedRedirect(url, location, headers, redirects, limits);
      // As the fetch standard says: 303, and 301/302 after a POST, become a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers = new Headers(headers);
        headers.delete('content-type');
        headers.delete('content-length');
      } else if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body)) {
        throw refused(`The server at ${url.origin} redirected a request whose body cannot be sent twice.`);
      }
      if (next.origin !== url.origin) {
        headers = new Headers(headers);
        headers.delete('cookie');
      }
      url = next;
    }
  };
}

function checkedRedirect(from: URL, location: string, headers: Headers, redirects: number, limits: Limits): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw refused(`The server at ${from.origin} redirected to an address that is not a URL.`);
  }
  if (redirects >= limits.maxRedirects) throw refused(`The server at ${from.origin} redirected more than ${limits.maxRedirects} times.`);
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw refused(`The server at ${from.origin} redirected to a “${next.protocol}” address; only http(s) redirects are followed.`);
  }
  if (from.protocol === 'https:' && next.protocol === 'http:') {
    throw refused(`The server at ${from.origin} redirected from https to plain http (${next.origin}); Flashlight does not follow that.`);
  }
  if (next.origin !== from.origin && headers.has('authorization')) {
    throw refused(`The server at ${from.origin} redirected to another host (${next.origin}); Flashlight does not send your key there.`);
  }
  return next;
}

function refused(message: string): FlashlightError {
  return new FlashlightError('badResponse', `${message} Check “flashlight.baseUrl”.`);
}

/** The response with its body counted as it is read: whole bodies by size, event streams by line. */
function capped(response: Response, limits: Limits): Response {
  if (!response.body) return response;
  const stream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const declared = Number(response.headers.get('content-length'));
  if (!stream && declared > limits.maxBodyBytes) {
    void response.body.cancel().catch(() => undefined);
    throw tooBig(response, limits);
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let total = 0;
  let openLine = 0; // bytes of the line not yet ended by a break
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(error);
        return;
      }
      if (chunk.done) return controller.close();
      const bytes = chunk.value;
      let over: FlashlightError | undefined;
      if (stream) {
        const lines = measureLines(bytes, openLine);
        openLine = lines.open;
        if (lines.longest > limits.maxLineBytes) over = lineTooLong(response, limits);
      } else {
        total += bytes.byteLength;
        if (total > limits.maxBodyBytes) over = tooBig(response, limits);
      }
      if (over) {
        controller.error(over);
        await reader.cancel(over).catch(() => undefined);
        return;
      }
      controller.enqueue(bytes);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const result = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(result, 'url', { value: response.url });
  return result;
}

/** The longest line in `bytes`, counting `carried` bytes of a line begun in earlier chunks, and the length of the line left open. */
function measureLines(bytes: Uint8Array, carried: number): { longest: number; open: number } {
  let longest = 0;
  let start = 0;
  let run = carried;
  for (;;) {
    const lf = bytes.indexOf(10, start);
    const cr = bytes.indexOf(13, start);
    const at = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (at < 0) break;
    longest = Math.max(longest, run + at - start);
    run = 0;
    start = at + 1;
  }
  run += bytes.byteLength - start;
  return { longest: Math.max(longest, run), open: run };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function tooBig(response: Response, limits: Limits): FlashlightError {
  return new FlashlightError(
    'badResponse',
    `The server's answer (status ${response.status}) is larger than ${megabytes(limits.maxBodyBytes)}, so Flashlight stopped reading it. Check “flashlight.baseUrl”.`,
  );
}

function lineTooLong(response: Response, limits: Limits): FlashlightError {
  return new FlashlightError(
    'badResponse',
    `A line of the server's event stream is longer than ${megabytes(limits.maxLineBytes)}, so Flashlight stopped reading it. What arrived so far is kept.`,
  );
}
