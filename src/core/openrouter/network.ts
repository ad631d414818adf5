// The one fetch every OpenRouter call goes through: Node's http/https `request` over kept-alive
// connections (keptAliveFetch.ts; inside VS Code, its patch of those modules applies http.proxy,
// http.noProxy, http.proxyStrictSSL, PAC and system proxies, proxy sign-in and system
// certificates), behind the checks it does not make (guardedFetch.ts), and a line in the log per
// request with its status and timing. Never the key; the request body (the user's code) only when
// asked.
import { redactSecrets } from './errors';
import { guardedFetch, type Limits } from './guardedFetch';
import { KeptAliveFetch } from './keptAliveFetch';

export interface NetworkOptions {
  /** The fetch to send with (tests: the platform's); kept-alive connections of our own when not given. */
  baseFetch?: typeof fetch;
  limits?: Limits;
  log?(line: string): void;
  /** The user's code may appear in the log only when this says so (`flashlight.debugLogging`). */
  debugLogging?(): boolean;
}

const maxLoggedBodyChars = 20_000;

export class OpenRouterNetwork {
  readonly fetch: typeof fetch;
  private readonly transport: KeptAliveFetch | undefined;
  private nextId = 1;

  constructor(private readonly options: NetworkOptions = {}) {
    this.transport = options.baseFetch ? undefined : new KeptAliveFetch();
    const inner = guardedFetch(options.baseFetch ?? this.transport!.fetch, options.limits);
    this.fetch = (input, init) => this.loggedFetch(inner, input, init);
  }

  /** A request to `baseUrl` is likely soon: warms its connection, once per idle period (keptAliveFetch.ts). */
  warm(baseUrl: string): void {
    if (this.transport?.warm(`${baseUrl.replace(/\/+$/, '')}/models`)) this.options.log?.(`http: warming the connection to ${safeOrigin(baseUrl)}`);
  }

  /** Closes the kept-alive connections. */
  dispose(): void {
    this.transport?.dispose();
  }

  private async loggedFetch(inner: typeof fetch, input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> {
    const log = this.options.log;
    if (!log) return inner(input, init);
    const id = this.nextId++;
    const url = new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const shown = `${method} ${url.origin}${url.pathname}`;
    const model = typeof init?.body === 'string' ? modelOf(init.body) : undefined;
    log(redactSecrets(`http ${id}: ${shown}${model ? ` model=${model}` : ''}`));
    if (this.options.debugLogging?.() && typeof init?.body === 'string') {
      const body = init.body.length > maxLoggedBodyChars ? `${init.body.slice(0, maxLoggedBodyChars)}… (${init.body.length} chars)` : init.body;
      log(redactSecrets(`http ${id} [debug] request body: ${body}`));
    }
    const started = performance.now();
    try {
      const response = await inner(input, init);
      const generation = response.headers.get('x-generation-id');
      log(`http ${id}: ${response.status} after ${Math.round(performance.now() - started)} ms${generation ? ` (${generation})` : ''}`);
      return response;
    } catch (error) {
      const aborted = init?.signal?.aborted;
      log(redactSecrets(`http ${id}: ${aborted ? 'cancelled' : `failed (${describeFailure(error)})`} after ${Math.round(performance.now() - started)} ms`));
      throw error;
    }
  }
}

/** The model (and fallbacks) from a chat request body, without parsing a body that may hold megabytes of images. */
function modelOf(body: string): string | undefined {
  const model = /"model":"([^"]{1,200})"/.exec(body.slice(0, 400))?.[1];
  if (!model) return undefined;
  const fallbacks = /"models":\[([^\]]{0,2000})\]/.exec(body.slice(-2500))?.[1];
  const count = fallbacks ? fallbacks.split(',').length - 1 : 0;
  return count > 0 ? `${model} (+${count} fallback${count === 1 ? '' : 's'})` : model;
}

/** The platform says "fetch failed" and keeps the reason (ECONNRESET, a certificate, a proxy) in its causes. */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    const part = typeof current.code === 'string' ? current.code : typeof current.message === 'string' ? current.message : 'error';
    if (!parts.includes(part)) parts.push(part);
    current = current.cause as typeof current;
  }
  return parts.join(': ');
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the API';
  }
}
