// The one fetch every OpenRouter call goes through: proxy settings read fresh for each request,
// connection pools kept across requests (one per route), and a line in the log per request with
// its status and timing. Never the key; the request body (the user's code) only when asked.
import type * as http from 'http';
import { keepAliveAgent, TunnellingAgent } from './agents';
import { redactSecrets } from './errors';
import { nodeFetch, type Route } from './nodeFetch';
import { proxyFor, redactProxyUrl, type Environment, type ProxySettings } from './proxy';

export interface NetworkOptions {
  proxySettings(): ProxySettings;
  env?: Environment;
  log?(line: string): void;
  /** The user's code may appear in the log only when this says so (`flashlight.debugLogging`). */
  debugLogging?(): boolean;
}

const maxLoggedBodyChars = 20_000;

export class OpenRouterNetwork {
  readonly fetch: typeof fetch;
  private readonly agents = new Map<string, http.Agent>();
  private readonly warned = new Set<string>();
  private nextId = 1;

  constructor(private readonly options: NetworkOptions) {
    const inner = nodeFetch((url) => this.route(url));
    this.fetch = (input, init) => this.loggedFetch(inner, input, init);
  }

  /** How a request to `url` leaves the machine: directly or through which proxy, over a pooled agent. */
  route(url: URL): Route {
    const secure = url.protocol === 'https:';
    let proxyRoute;
    try {
      proxyRoute = proxyFor(url, this.options.proxySettings(), this.options.env ?? process.env);
    } catch (error) {
      throw new TypeError(`fetch failed: ${(error as Error).message}`, { cause: error });
    }
    if (proxyRoute && !/^https?:$/.test(proxyRoute.proxy.protocol)) {
      // socks:// and friends: VS Code's own network layer handles them when it is active.
      this.warnOnce(`proxy ${redactProxyUrl(proxyRoute.proxy)} from ${proxyRoute.source} is not an http(s) proxy; Flashlight connects without it and leaves it to VS Code's proxy support`);
      proxyRoute = undefined;
    }
    if (!proxyRoute) return { agent: this.agent(secure ? 'direct https' : 'direct http', () => keepAliveAgent(secure)) };
    const { proxy, strictSSL, authorization } = proxyRoute;
    const key = `${secure ? 'tunnel' : 'forward'} ${proxy.href} ${strictSSL} ${authorization ?? ''}`;
    if (secure) return { agent: this.agent(key, () => new TunnellingAgent({ proxy, authorization, strictSSL })) };
    const agent = this.agent(key, () => keepAliveAgent(proxy.protocol === 'https:', { rejectUnauthorized: strictSSL }));
    return { agent, forwardVia: { proxy, authorization } };
  }

  /** Describes the route for the log, without credentials. */
  describeRoute(url: URL): string {
    try {
      const proxyRoute = proxyFor(url, this.options.proxySettings(), this.options.env ?? process.env);
      return proxyRoute ? ` via proxy ${redactProxyUrl(proxyRoute.proxy.origin)} (${proxyRoute.source})` : '';
    } catch {
      return ' via an invalid proxy setting';
    }
  }

  dispose(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private agent(key: string, create: () => http.Agent): http.Agent {
    let agent = this.agents.get(key);
    if (!agent) {
      agent = create();
      this.agents.set(key, agent);
    }
    return agent;
  }

  private warnOnce(line: string): void {
    if (this.warned.has(line)) return;
    this.warned.add(line);
    this.options.log?.(`warning: ${line}`);
  }

  private async loggedFetch(inner: typeof fetch, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const log = this.options.log;
    if (!log) return inner(input, init);
    const id = this.nextId++;
    const url = new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const shown = `${method} ${url.origin}${url.pathname}`;
    const model = typeof init?.body === 'string' ? modelOf(init.body) : undefined;
    log(redactSecrets(`http ${id}: ${shown}${model ? ` model=${model}` : ''}${this.describeRoute(url)}`));
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
      log(redactSecrets(`http ${id}: ${aborted ? 'cancelled' : `failed (${(error as Error).message})`} after ${Math.round(performance.now() - started)} ms`));
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
