// A fake OpenRouter (`/api/v1`) on loopback, scriptable per request, for the client's unit tests,
// the integration tests in VS Code (scripted from another process through /__fake/*) and by hand
// (cli.ts). Node built-ins only.
//
// What the real service does, as checked against OpenRouter's docs and captured responses, and
// mirrored here (shared/docs/openrouter-wire.md has the rest):
// - Errors before a stream starts: HTTP status = error.code, body {"error":{"code","message",
//   "metadata"?}} plus a top-level "user_id" once the key is known. No metadata on a 401.
// - 401 texts: "No auth credentials found" (no Bearer key) and "User not found." (unknown key).
// - 429 comes in two shapes. OpenRouter's own per-key limit (`:free` models: per minute, per
//   day) says "Rate limit exceeded: …" with metadata.headers {X-RateLimit-Limit, -Remaining,
//   -Reset (epoch ms, as a string)} and provider_name null. A provider's limit says "Provider
//   returned error" with metadata {raw, provider_name, is_byok} and, when known,
//   retry_after_seconds. On 429 and 503 OpenRouter may send a standard `Retry-After` header
//   (seconds); the OpenAI SDK honours it when it retries.
// - 402 ("requires more credits, or fewer max_tokens …", metadata {provider_name: null}); 403
//   moderation metadata {reasons, flagged_input, provider_name, model_slug}.
// - Once streaming began the status stays 200: a failure is a chunk with a top-level
//   "error":{code,message} (code may be a string such as "server_error") and a choice with
//   finish_reason "error"; the stream then ends.
// - `: OPENROUTER PROCESSING` SSE comments keep the connection alive while the provider has not
//   answered; every generation has an id `gen-<unix>-<20 alnum>`, also sent as `X-Generation-Id`.
// - Gemini's native_finish_reason is upper case ("STOP", "MAX_TOKENS").
// - Usage: the final chunk carries prompt/completion/total tokens, cost, prompt_tokens_details.
//   cached_tokens and completion_tokens_details.reasoning_tokens. It is always sent: the request
//   flags `usage.include` and `stream_options.include_usage` are deprecated no-ops, and so here.
// - Implicit prompt caching: a request whose serialized messages share a prefix of at least
//   `cacheMinTokens` (default 2,048, Gemini 2.5's) with an earlier one to the same model reports it
//   as cached_tokens (promptCache.ts).
// - A `~` alias is answered by its concrete target: the chunks' `model` is the alias_target's slug
//   (aliases.ts), as OpenRouter resolves an alias per request.
// - `/key` labels the key masked (`sk-or-v1-abc...xyz`); `/models` needs no key.
//
// Choices of the fake (not OpenRouter facts): a request that fails auth, and the control
// endpoints, take no scenario from the queue; the full Authorization header is kept in memory
// (`requests`) for in-process assertions but masked in GET /__fake/requests, and nothing logs.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answeringModel } from './aliases';
import { modelsResponse } from './models';
import { PromptCache } from './promptCache';
import { dataPolicyRefusal } from './providers';
import { FALLBACK_MODEL, resolveScenario, type Scenario } from './scenario';
import { retiredModelRefusal } from './retired';
import { hang, now, playCompletion, playStream } from './stream';
import { tryoutScenario } from './tryout';
import { GenerationVisibility } from './generation';
import { toolFollowUpProblem } from './toolScript';
import { checkAuthorization, errorBody, keyInfo, maskAuthorization, newGenerationId, scriptedError, type GenerationRecord } from './wire';

export type { Scenario, FaultKind } from './scenario';

export interface RecordedRequest {
  method: string;
  path: string; // as requested, with the query: "/api/v1/chat/completions", "/api/v1/generation?id=gen-…"
  headers: Record<string, string | string[] | undefined>;
  body: any; // parsed JSON body, or undefined
  receivedAt: number; // performance.timeOrigin + performance.now() when the request arrived (ms, fractional)
  finishedAt?: number; // same clock: when the response's last byte was handed to the socket (a tool turn's end, for the grounding bench)
}

/** Each content delta written, with its epoch ms (fractional, timeOrigin + now). */
export interface ChunkRecord {
  requestIndex: number; // index into `requests`
  sentAt: number;
  content: string;
}

export interface FakeOpenRouter {
  readonly baseUrl: string; // "http://127.0.0.1:PORT/api/v1"
  readonly port: number;
  readonly requests: RecordedRequest[]; // every request to /api/v1/* in order (not the control endpoints)
  readonly chunks: ChunkRecord[];
  enqueue(...scenarios: Scenario[]): void; // each chat completion takes the next; when empty the default is used
  setDefault(scenario: Scenario): void;
  reset(): void; // clears queue, default, requests, chunks
  openStreams(): number; // /api/v1 responses currently open (to check aborts free the request)
  close(): Promise<void>; // destroys open sockets too
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface FakeOpenRouterOptions {
  port?: number;
  host?: string;
  cacheMinTokens?: number;
  /** The offline try-out (tryout.ts): a request with nothing queued and no default set gets an answer shaped from what it asks. */
  tryout?: boolean;
}

export async function startFakeOpenRouter(options: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`fake OpenRouter listens on loopback only, not ${host}`);

  let queue: Scenario[] = [];
  let fallback: Scenario = {};
  let fallbackSet = false; // setDefault was called: the try-out then steps aside
  const requests: RecordedRequest[] = [];
  const chunks: ChunkRecord[] = [];
  const generations = new Map<string, GenerationRecord>();
  const visibility = new GenerationVisibility();
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const promptCache = new PromptCache(options.cacheMinTokens);

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // A handler error must not take the test run down; the client sees a dead socket.
      if (!res.headersSent) res.socket?.destroy();
      else res.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true); // each SSE event leaves at once, not when Nagle decides
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url);
    if (!url.pathname.startsWith('/api/v1/')) {
      await readBody(req);
      return json(res, 404, errorBody(404, 'Not Found', undefined, false));
    }

    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? url.pathname,
      headers: { ...req.headers },
      body: undefined,
      receivedAt: now(),
    };
    const requestIndex = requests.push(record) - 1;
    res.on('finish', () => (record.finishedAt = now()));
    const aborter = new AbortController();
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      aborter.abort();
    });

    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    if (route === 'GET /api/v1/models') {
      await readBody(req);
      return json(res, 200, modelsResponse());
    }
    if (route !== 'POST /api/v1/chat/completions' && route !== 'GET /api/v1/key' && route !== 'GET /api/v1/generation') {
      await readBody(req);
      return json(res, 404, errorBody(404, 'Not Found', undefined, false));
    }

    const auth = checkAuthorization(header(req, 'authorization'));
    if (!auth.ok) {
      record.body = parseJson(await readBody(req));
      return json(res, 401, errorBody(401, auth.message, undefined, false));
    }
    if (route === 'GET /api/v1/key') {
      await readBody(req);
      return json(res, 200, keyInfo(auth.key));
    }
    if (route === 'GET /api/v1/generation') {
      await readBody(req);
      const id = url.searchParams.get('id');
      if (!id) return json(res, 400, errorBody(400, 'Missing id parameter'));
      const found = visibility.visible(id) ? generations.get(id) : undefined;
      return found ? json(res, 200, { data: found }) : json(res, 404, errorBody(404, `Generation ${id} not found`));
    }

    // POST /chat/completions: the scenario is taken now, in arrival order.
    const scripted = queue.shift() ?? (fallbackSet || !options.tryout ? fallback : undefined);
    let s = resolveScenario(scripted ?? fallback);
    if (s.fault === 'refuse') return void req.socket.destroy();
    const raw = await readBody(req);
    if (raw === undefined) return; // the client went away mid-body
    const body = parseJson(raw);
    record.body = body;
    if (s.fault === 'reset-before-headers') return void req.socket.resetAndDestroy();
    if (s.fault === 'stall-before-headers') return hang(aborter.signal);
    if (s.fault === 'html-200') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1><p>The upstream server returned an invalid response.</p></body></html>\n',
      );
    }
    if (body === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) {
      return json(res, 400, errorBody(400, 'Invalid JSON body'));
    }
    const model =
      s.model ??
      (typeof body.model === 'string' ? body.model : undefined) ??
      (Array.isArray(body.models) && typeof body.models[0] === 'string' ? body.models[0] : undefined) ??
      FALLBACK_MODEL;
    if (s.status !== undefined && (s.status < 200 || s.status > 299)) {
      const e = scriptedError(s, model, typeof body.max_tokens === 'number' ? body.max_tokens : undefined);
      return json(res, e.status, e.body, e.headers);
    }
    const refusal = dataPolicyRefusal(s, body);
    if (refusal) return json(res, refusal.status, refusal.body, refusal.headers);
    const retired = s.refuseRetired ? retiredModelRefusal(body) : undefined;
    if (retired) return json(res, retired.status, retired.body, retired.headers);
    if (!Array.isArray(body.messages) && typeof body.prompt !== 'string') {
      return json(res, 400, errorBody(400, 'Input required: specify "prompt" or "messages"'));
    }
    if (scripted === undefined) s = resolveScenario(tryoutScenario(body, model));
    const toolProblem = s.expectToolResults ? toolFollowUpProblem(body.messages, s.expectToolResults, model) : undefined;
    if (toolProblem) return json(res, 400, errorBody(400, toolProblem));

    const play = {
      req,
      res,
      scenario: s,
      body,
      signal: aborter.signal,
      generation: { id: newGenerationId(), model: s.model ?? answeringModel(model), provider: s.provider, created: Math.floor(Date.now() / 1000) },
      cachedPrefixTokens: promptCache.match(model, body.messages),
      recordChunk: (content: string, sentAt: number) => void chunks.push({ requestIndex, sentAt, content }),
      recordGeneration: (g: GenerationRecord) => {
        generations.set(g.id, g);
        visibility.recorded(g.id, s.generationDelayMs);
      },
    };
    return body.stream === true ? playStream(play) : playCompletion(play);
  }

  /** Lets another process (an extension host, a CLI user) script and inspect the fake. */
  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await readBody(req);
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    const input = parseJson(raw);
    const scenarioBody = (): Scenario[] | undefined => {
      if (Array.isArray(input) && input.every(isObject)) return input;
      return isObject(input) ? [input] : undefined;
    };
    switch (route) {
      case 'POST /__fake/enqueue': {
        const list = scenarioBody();
        if (!list) return json(res, 400, { error: 'expected a Scenario object or an array of them' });
        fake.enqueue(...list);
        return json(res, 200, { ok: true, queued: queue.length });
      }
      case 'POST /__fake/default': {
        if (!isObject(input)) return json(res, 400, { error: 'expected a Scenario object' });
        fake.setDefault(input);
        return json(res, 200, { ok: true });
      }
      case 'POST /__fake/reset':
        fake.reset();
        return json(res, 200, { ok: true });
      case 'GET /__fake/requests':
        return json(
          res,
          200,
          requests.map((r) => ({ ...r, headers: { ...r.headers, authorization: maskAuthorization(r.headers.authorization) } })),
        );
      case 'GET /__fake/chunks':
        return json(res, 200, chunks);
      case 'GET /__fake/open-streams':
        return json(res, 200, { open: open.size });
      default:
        return json(res, 404, { error: `no control endpoint ${route}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake OpenRouter: no TCP address');
  const port = address.port;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const fake: FakeOpenRouter = {
    baseUrl: `http://${hostInUrl}:${port}/api/v1`,
    port,
    get requests() {
      return requests;
    },
    get chunks() {
      return chunks;
    },
    enqueue: (...scenarios) => void queue.push(...scenarios.map((s) => ({ ...s }))),
    setDefault: (scenario) => {
      fallback = { ...scenario };
      fallbackSet = true;
    },
    reset: () => {
      queue = [];
      fallback = {};
      fallbackSet = false;
      requests.length = 0; // in place, so arrays already handed out stay the live ones
      chunks.length = 0;
      generations.clear();
      visibility.clear();
      promptCache.clear();
    },
    openStreams: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return fake;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The whole body as text, or undefined when the connection closed before it ended. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const parts: Buffer[] = [];
  try {
    for await (const part of req) parts.push(part as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(raw: string | undefined): any {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
