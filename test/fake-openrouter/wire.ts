// The bodies OpenRouter sends, built as plain objects: stream chunks, the final usage, the
// non-streamed completion, error bodies with their default messages, `/key` and `/generation`.
// No I/O here; server.ts and stream.ts decide when each is written.

import { randomBytes, randomUUID } from 'node:crypto';
import { COMPLETION_PRICE, PROMPT_PRICE, type ResolvedScenario } from './scenario';

/** A user id for error bodies: OpenRouter adds `user_id` beside `error` once the key is known. */
export const FAKE_USER_ID = 'user_2fAkEoPeNrOuTeR000000000000';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Real ids look like `gen-1766560958-qN7Gt3oXln7EEUox2h5N`: unix seconds, then 20 letters/digits. */
export function newGenerationId(): string {
  const bytes = randomBytes(20);
  let tail = '';
  for (const b of bytes) tail += ALNUM[b % ALNUM.length];
  return `gen-${Math.floor(Date.now() / 1000)}-${tail}`;
}

export type KeyCheck = { ok: true; key: string } | { ok: false; message: string };

/** The fake's rule for keys: valid when it starts with `sk-or-` and does not contain `bad`. */
export function checkAuthorization(header: string | undefined): KeyCheck {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  // The two 401 messages OpenRouter really sends: no key at all, and a key it does not know.
  if (!match) return { ok: false, message: 'No auth credentials found' };
  const key = match[1];
  if (!key.startsWith('sk-or-') || key.includes('bad')) return { ok: false, message: 'User not found.' };
  return { ok: true, key };
}

/** `sk-or-v1-abc...xyz`, as OpenRouter labels keys; short keys show no characters at all. */
export function maskKey(key: string): string {
  const prefix = key.startsWith('sk-or-v1-') ? 'sk-or-v1-' : key.startsWith('sk-or-') ? 'sk-or-' : '';
  const rest = key.slice(prefix.length);
  return rest.length >= 12 ? `${prefix}${rest.slice(0, 3)}...${rest.slice(-3)}` : `${prefix}...`;
}

/** Masks the Bearer token in recorded headers before they leave the process. */
export function maskAuthorization(value: string | string[] | undefined): string | string[] | undefined {
  const one = (v: string) => v.replace(/^(Bearer\s+)(\S+)/i, (_m, bearer: string, key: string) => bearer + maskKey(key));
  return Array.isArray(value) ? value.map(one) : value === undefined ? undefined : one(value);
}

export interface ErrorBody {
  error: { code: number | string; message: string; metadata?: Record<string, unknown> };
  user_id?: string;
}

export function errorBody(code: number, message: string, metadata?: Record<string, unknown>, authenticated = true): ErrorBody {
  const body: ErrorBody = { error: { code, message } };
  if (metadata !== undefined) body.error.metadata = metadata;
  if (authenticated) body.user_id = FAKE_USER_ID;
  return body;
}

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

/**
 * The error a scripted non-2xx status turns into. Messages and metadata follow what OpenRouter
 * sends for each status (see the notes atop server.ts); a scenario's own message/metadata win.
 */
export function scriptedError(s: ResolvedScenario, model: string, maxTokens: number | undefined): ErrorReply {
  const status = s.status as number;
  const headers: Record<string, string> = {};
  const wait = s.retryAfterSeconds;
  if (wait !== undefined && (status === 429 || status === 503)) headers['retry-after'] = String(Math.max(0, Math.ceil(wait)));
  const d = defaultError(status, model, maxTokens, s.provider, wait);
  return { status, headers, body: errorBody(status, s.errorMessage ?? d.message, s.errorMetadata ?? d.metadata) };
}

function defaultError(
  status: number,
  model: string,
  maxTokens: number | undefined,
  provider: string,
  wait: number | undefined,
): { message: string; metadata?: Record<string, unknown> } {
  switch (status) {
    case 400:
      return { message: `${model} is not a valid model ID` };
    case 401:
      return { message: 'User not found.' };
    case 402:
      return {
        message: `This request requires more credits, or fewer max_tokens. You requested up to ${maxTokens ?? 65535} tokens, but can only afford 2666. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account`,
        metadata: { provider_name: null },
      };
    case 403:
      return {
        message: `${model} requires moderation on ${provider}. Your input was flagged for "harassment". No credits were charged.`,
        metadata: { reasons: ['harassment'], flagged_input: '...', provider_name: provider, model_slug: model },
      };
    case 404:
      return { message: `No endpoints found for ${model}.` };
    case 408:
      return { message: 'Request timed out' };
    case 429:
      return rateLimited(model, provider, wait);
    case 502:
      return {
        message: 'Provider returned error',
        metadata: { raw: 'upstream connect error or disconnect/reset before headers', provider_name: provider, is_byok: false },
      };
    case 503:
      return { message: 'No allowed providers are available for the selected model.', metadata: { provider_name: null } };
    default:
      return { message: status >= 500 ? 'Internal Server Error' : 'Request failed' };
  }
}

/**
 * Two 429s exist: OpenRouter's own per-key limit (free models: per minute and per day) carries the
 * limit as `metadata.headers` with X-RateLimit-Reset in epoch milliseconds; a provider's limit is
 * "Provider returned error" with the upstream text in `metadata.raw` and, when known,
 * `retry_after_seconds`.
 */
function rateLimited(model: string, provider: string, wait: number | undefined): { message: string; metadata: Record<string, unknown> } {
  if (model.endsWith(':free')) {
    const resetMs = Date.now() + Math.ceil((wait ?? 60) * 1000);
    return {
      message: `Rate limit exceeded: limit_rpm/${model.replace(/:free$/, '')}/${randomUUID()}. High demand for ${model} on OpenRouter - limited to 20 requests per minute. Please retry shortly.`,
      metadata: { headers: { 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetMs) }, provider_name: null },
    };
  }
  const metadata: Record<string, unknown> = {
    raw: `${model} is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations`,
    provider_name: provider,
    is_byok: false,
  };
  if (wait !== undefined) {
    metadata.retry_after_seconds = Math.ceil(wait);
    metadata.headers = { 'Retry-After': String(Math.ceil(wait)) };
  }
  return { message: 'Provider returned error', metadata };
}

/** What every chunk of one generation shares. */
export interface GenerationContext {
  id: string;
  model: string;
  provider: string;
  created: number; // unix seconds
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: number;
  is_byok: boolean;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  cost_details: { upstream_inference_cost: number | null };
  completion_tokens_details: { reasoning_tokens: number; image_tokens: number };
}

/** Scripted numbers win; otherwise about four characters a token, priced as Gemini 2.5 Flash. */
/** `cachedPrefixTokens`: what the fake's prompt cache matched (promptCache.ts); the scenario's cached_tokens wins. */
export function computeUsage(s: ResolvedScenario, messages: unknown, content: string, reasoning: string, cachedPrefixTokens = 0): Usage {
  const u = s.usage ?? {};
  const prompt = u.prompt_tokens ?? Math.ceil((JSON.stringify(messages ?? []) ?? '').length / 4);
  const reasoningTokens = u.reasoning_tokens ?? Math.ceil(reasoning.length / 4);
  const completion = u.completion_tokens ?? Math.ceil(content.length / 4) + reasoningTokens;
  const cost = u.cost ?? Number((prompt * PROMPT_PRICE + completion * COMPLETION_PRICE).toFixed(12));
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    cost,
    is_byok: false,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? cachedPrefixTokens, audio_tokens: 0 },
    cost_details: { upstream_inference_cost: null },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, image_tokens: 0 },
  };
}

/** Gemini reports its own finish reasons in upper case; OpenRouter passes them on as native_finish_reason. */
export function nativeFinishReason(provider: string, finish: string): string {
  if (!/google/i.test(provider)) return finish;
  return (
    ({ stop: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY', tool_calls: 'STOP', error: 'error' } as Record<string, string>)[finish] ??
    finish.toUpperCase()
  );
}

export interface Delta {
  role: 'assistant';
  content: string;
  reasoning?: string;
  reasoning_details?: Array<{ type: 'reasoning.text'; text: string; format: string; index: number }>;
}

export function contentDelta(content: string): Delta {
  return { role: 'assistant', content };
}

export function reasoningDelta(text: string): Delta {
  return { role: 'assistant', content: '', reasoning: text, reasoning_details: [{ type: 'reasoning.text', text, format: 'unknown', index: 0 }] };
}

/** One `chat.completion.chunk`, keys in the order OpenRouter writes them. */
export function chunk(g: GenerationContext, delta: Delta, finish: string | null = null, usage?: Usage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: g.id,
    provider: g.provider,
    model: g.model,
    object: 'chat.completion.chunk',
    created: g.created,
    choices: [
      { index: 0, delta, finish_reason: finish, native_finish_reason: finish === null ? null : nativeFinishReason(g.provider, finish), logprobs: null },
    ],
  };
  if (usage) out.usage = usage;
  return out;
}

/** The stream is already 200, so a late failure is a chunk with a top-level `error` and finish_reason "error". */
export function errorChunk(g: GenerationContext, error: { code: number | string; message: string }): Record<string, unknown> {
  return {
    id: g.id,
    provider: g.provider,
    model: g.model,
    object: 'chat.completion.chunk',
    created: g.created,
    error: { code: error.code, message: error.message },
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'error', native_finish_reason: 'error', logprobs: null }],
  };
}

/** The non-streamed answer (`stream: false`): usage is always there. */
export function completion(
  g: GenerationContext,
  content: string,
  reasoning: string | null,
  finish: string,
  usage: Usage,
  error?: { code: number | string; message: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: g.id,
    provider: g.provider,
    model: g.model,
    object: 'chat.completion',
    created: g.created,
    choices: [
      {
        logprobs: null,
        finish_reason: finish,
        native_finish_reason: nativeFinishReason(g.provider, finish),
        index: 0,
        message: {
          role: 'assistant',
          content,
          refusal: null,
          reasoning,
          ...(reasoning ? { reasoning_details: [{ type: 'reasoning.text', text: reasoning, format: 'unknown', index: 0 }] } : {}),
        },
      },
    ],
    usage,
  };
  if (error) out.error = error;
  return out;
}

/** `GET /api/v1/key`: the label is the masked key, never the key. */
export function keyInfo(key: string): Record<string, unknown> {
  return {
    data: {
      label: maskKey(key),
      limit: null,
      usage: 0.25,
      usage_daily: 0.05,
      usage_weekly: 0.1,
      usage_monthly: 0.25,
      byok_usage: 0,
      is_free_tier: false,
      is_provisioning_key: false,
      limit_remaining: null,
      limit_reset: null,
      include_byok_in_limit: false,
      rate_limit: { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
      // The free-model (:free) daily quota (OpenRouter SDK's FreeModelDailyRequests); credits were
      // bought (is_free_tier false), so the ceiling is the higher one.
      free_model_daily_requests: { limit: 1000, remaining: 988, used: 12 },
    },
  };
}

export interface GenerationRecord {
  id: string;
  model: string;
  provider_name: string;
  created_at: string;
  streamed: boolean;
  cancelled: boolean;
  finish_reason: string | null;
  native_finish_reason: string | null;
  latency: number; // ms to the first token
  generation_time: number; // ms from the first token to the end
  tokens_prompt: number;
  tokens_completion: number;
  native_tokens_prompt: number;
  native_tokens_completion: number;
  native_tokens_reasoning: number;
  native_tokens_cached: number;
  total_cost: number;
  usage: number;
  is_byok: boolean;
  origin: string;
  app_id: null;
  upstream_id: string;
  cache_discount: null;
  num_media_prompt: number;
  num_media_completion: number;
  num_search_results: number;
}

/** Counts image parts, which `/generation` reports as num_media_prompt. */
export function countImages(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let n = 0;
  for (const m of messages) {
    const content = (m as { content?: unknown })?.content;
    if (Array.isArray(content)) n += content.filter((p) => (p as { type?: unknown })?.type === 'image_url').length;
  }
  return n;
}
