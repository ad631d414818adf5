// Plays one scripted generation onto an HTTP response: the SSE stream for `stream: true`, the
// single JSON completion otherwise. Timing, comments, faults and the early endings (stall, drop,
// mid-stream error) live here; what each body looks like lives in wire.ts.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { reasoningText } from './reasoning';
import { chunkUsage } from './generation';
import { toolTurnDeltas } from './toolScript';
import { COMMENT_INTERVAL_MS, splitText, type ResolvedScenario } from './scenario';
import {
  chunk,
  completion,
  computeUsage,
  contentDelta,
  countImages,
  errorChunk,
  nativeFinishReason,
  reasoningDelta,
  type GenerationContext,
  type GenerationRecord,
} from './wire';

export interface Play {
  req: IncomingMessage;
  res: ServerResponse;
  scenario: ResolvedScenario;
  body: Record<string, unknown>;
  generation: GenerationContext;
  /** The prompt prefix the fake's cache matched for this request (promptCache.ts). */
  cachedPrefixTokens: number;
  signal: AbortSignal; // aborted when the response closes (client gone, or server closing)
  recordChunk(content: string, sentAt: number): void;
  recordGeneration(g: GenerationRecord): void;
}

const PROCESSING = ': OPENROUTER PROCESSING\n\n';
const DEFAULT_MID_STREAM_ERROR = { code: 'server_error', message: 'Provider disconnected unexpectedly' };

export const now = (): number => performance.timeOrigin + performance.now();

/** Resolves false instead of throwing when the response closed meanwhile. */
async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Writes and, if the socket buffer is full, waits for it to drain (a 1 MB delta must not pile up). */
async function write(p: Play, text: string): Promise<boolean> {
  if (p.signal.aborted || p.res.destroyed) return false;
  if (p.res.write(text)) return true;
  await Promise.race([once(p.res, 'drain').catch(() => undefined), hang(p.signal)]);
  return !p.signal.aborted;
}

const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

/** Holds the response open, sending nothing, until the client or the server closes it. */
export async function hang(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Destroys the socket once what was written has reached the kernel, so the client sees exactly N chunks. */
async function drop(p: Play): Promise<void> {
  const socket = p.res.socket;
  if (!socket) return;
  // An empty write's callback runs once everything queued before it has gone out. ('drain' would
  // never come when the buffer was not full, e.g. the last chunk still corked on a kept-alive
  // connection: the client then waited, with no bytes, until its stall watchdog.)
  if (socket.writableLength > 0) await Promise.race([new Promise((resolve) => socket.write(Buffer.alloc(0), resolve)), delay(1000)]).catch(() => undefined);
  socket.destroy();
}

/** A chunk as some providers' streams arrive through OpenRouter: no `id`, the header alone names the generation. */
function withoutId(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const { id: _id, ...rest } = data as Record<string, unknown>;
  return rest;
}

function hugeText(n: number): string {
  const unit = 'The quick brown fox jumps over the lazy dog. ';
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** When the stream ends early, and how: the lowest count wins; at equal counts drop, then stall, then error, then a clean end. */
function earlyEnd(s: ResolvedScenario, total: number): { at: number; kind: 'drop' | 'stall' | 'error' | 'end' } | undefined {
  const errorAt = s.midStreamErrorAfterChunks ?? (s.midStreamError ? total : undefined);
  const candidates: Array<{ at: number | undefined; kind: 'drop' | 'stall' | 'error' | 'end' }> = [
    { at: s.dropAfterChunks, kind: 'drop' },
    { at: s.stallAfterChunks, kind: 'stall' },
    { at: errorAt, kind: 'error' },
    { at: s.endAfterChunks, kind: 'end' },
  ];
  let best: { at: number; kind: 'drop' | 'stall' | 'error' | 'end' } | undefined;
  for (const c of candidates) {
    if (c.at === undefined) continue;
    const at = Math.min(Math.max(0, Math.floor(c.at)), total);
    if (!best || at < best.at) best = { at, kind: c.kind };
  }
  return best;
}

/** `stream: true`: headers at once, comments while "waiting for the provider", then the chunks. */
export async function playStream(p: Play): Promise<void> {
  const s = p.scenario;
  const g = p.generation;
  const start = now();
  let firstTokenAt: number | undefined;
  let finish: string | null = null;
  const content = s.fault === 'huge-chunk' ? hugeText(s.hugeChunkBytes) : s.text;
  const reasoning = reasoningText(s, p.body, g.model);
  try {
    p.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-generation-id': g.id });
    p.res.flushHeaders();

    // The comment goes out before anything else and then every ~100 ms until the first token.
    if (s.processingComments && !(await write(p, PROCESSING))) return;
    const firstAt = start + s.firstTokenDelayMs;
    while (now() < firstAt) {
      if (!(await sleep(Math.min(COMMENT_INTERVAL_MS, firstAt - now()), p.signal))) return;
      if (s.processingComments && now() < firstAt && !(await write(p, PROCESSING))) return;
    }

    let dataSent = 0;
    const send = async (data: unknown): Promise<boolean> => {
      if (dataSent++ > 0 && !(await sleep(s.chunkDelayMs, p.signal))) return false;
      firstTokenAt ??= now();
      return write(p, sse(s.chunksWithoutId ? withoutId(data) : data));
    };

    for (const piece of splitText(reasoning, s.chunkSize)) if (!(await send(chunk(g, reasoningDelta(piece))))) return;

    if (s.toolCalls?.length) {
      for (const delta of toolTurnDeltas(s.toolCalls, g.model, s.chunkSize)) if (!(await send(chunk(g, delta as never)))) return;
      const toolUsage = computeUsage(s, p.body.messages, s.toolCalls.map((call) => call.arguments).join(''), reasoning, p.cachedPrefixTokens);
      if (!(await send(chunk(g, contentDelta(''), 'tool_calls', toolUsage)))) return;
      finish = 'tool_calls';
      if (!(await write(p, 'data: [DONE]\n\n'))) return;
      return void p.res.end();
    }

    const pieces = s.fault === 'huge-chunk' ? [content] : splitText(content, s.chunkSize);
    const end = earlyEnd(s, pieces.length);
    let junkPending = s.fault === 'malformed-sse' || s.fault === 'invalid-json-chunk';
    const sendJunk = async (): Promise<boolean> => {
      junkPending = false;
      if (s.fault === 'malformed-sse') return write(p, 'data: {not json\n\n');
      const whole = JSON.stringify(chunk(g, contentDelta('this chunk was cut off')));
      return write(p, `data: ${whole.slice(0, Math.floor(whole.length / 2))}\n\n`);
    };

    for (let sent = 0; ; sent++) {
      if (end && end.at === sent) {
        if (end.kind === 'drop') return void (await drop(p));
        if (end.kind === 'stall') return void (await hang(p.signal));
        if (end.kind === 'end') return void p.res.end(); // closed cleanly: no finish chunk, no usage, no [DONE]
        finish = 'error';
        if (dataSent > 0 && !(await sleep(s.chunkDelayMs, p.signal))) return;
        if (await write(p, sse(errorChunk(g, s.midStreamError ?? DEFAULT_MID_STREAM_ERROR)))) p.res.end();
        return;
      }
      if (sent === pieces.length) break;
      if (!(await send(chunk(g, contentDelta(pieces[sent]))))) return;
      p.recordChunk(pieces[sent], now());
      if (junkPending && !(await sendJunk())) return;
    }
    if (junkPending && !(await sendJunk())) return;

    // Usage always comes in the last chunk, asked for or not (OpenRouter's request flags for it are deprecated no-ops).
    const usage = computeUsage(s, p.body.messages, content, reasoning, p.cachedPrefixTokens);
    if (!(await send(chunk(g, contentDelta(''), s.finishReason, chunkUsage(usage, s.usageWithoutCost) as typeof usage)))) return;
    finish = s.finishReason;
    if (!s.noDone && !(await write(p, 'data: [DONE]\n\n'))) return;
    p.res.end();
  } finally {
    p.recordGeneration(generationRecord(p, content, reasoning, finish, start, firstTokenAt, true));
  }
}

/** `stream: false`: one JSON body once the whole answer is "generated". */
export async function playCompletion(p: Play): Promise<void> {
  const s = p.scenario;
  const g = p.generation;
  const start = now();
  let finish: string | null = null;
  const content = s.fault === 'huge-chunk' ? hugeText(s.hugeChunkBytes) : s.text;
  const reasoning = reasoningText(s, p.body, g.model);
  const pieces = s.fault === 'huge-chunk' ? [content] : splitText(content, s.chunkSize);
  const end = earlyEnd(s, pieces.length);
  const produced = end ? pieces.slice(0, end.at) : pieces;
  const steps = splitText(reasoning, s.chunkSize).length + produced.length;
  try {
    if (!(await sleep(s.firstTokenDelayMs + s.chunkDelayMs * Math.max(0, steps - 1), p.signal))) return;
    // Without a stream there is nothing to cut after N chunks: a drop is a closed socket, a stall no answer.
    if (end?.kind === 'drop') return void (await drop(p));
    if (end?.kind === 'stall') return void (await hang(p.signal));
    const text = produced.join('');
    finish = end?.kind === 'error' ? 'error' : s.finishReason;
    const usage = computeUsage(s, p.body.messages, text, reasoning, p.cachedPrefixTokens);
    const error = end?.kind === 'error' ? (s.midStreamError ?? DEFAULT_MID_STREAM_ERROR) : undefined;
    let json = JSON.stringify(completion(g, text, reasoning || null, finish, usage, error));
    if (s.fault === 'malformed-sse' || s.fault === 'invalid-json-chunk') json = json.slice(0, Math.floor(json.length / 2));
    p.res.writeHead(200, { 'content-type': 'application/json', 'x-generation-id': g.id });
    p.res.end(json);
    for (const piece of produced) p.recordChunk(piece, now());
  } finally {
    p.recordGeneration(generationRecord(p, content, reasoning, finish, start, finish ? now() : undefined, false));
  }
}

function generationRecord(
  p: Play,
  content: string,
  reasoning: string,
  finish: string | null,
  start: number,
  firstTokenAt: number | undefined,
  streamed: boolean,
): GenerationRecord {
  const g = p.generation;
  const usage = computeUsage(p.scenario, p.body.messages, content, reasoning, p.cachedPrefixTokens);
  const end = now();
  return {
    id: g.id,
    model: g.model,
    provider_name: g.provider,
    created_at: new Date(g.created * 1000).toISOString(),
    streamed,
    cancelled: finish === null,
    finish_reason: finish,
    native_finish_reason: finish === null ? null : nativeFinishReason(g.provider, finish),
    latency: Math.round((firstTokenAt ?? end) - start),
    generation_time: Math.round(end - (firstTokenAt ?? end)),
    tokens_prompt: usage.prompt_tokens,
    tokens_completion: usage.completion_tokens,
    native_tokens_prompt: usage.prompt_tokens,
    native_tokens_completion: usage.completion_tokens,
    native_tokens_reasoning: usage.completion_tokens_details.reasoning_tokens,
    native_tokens_cached: usage.prompt_tokens_details.cached_tokens,
    total_cost: usage.cost,
    usage: usage.cost,
    is_byok: false,
    origin: String(p.req.headers['http-referer'] ?? ''),
    app_id: null,
    upstream_id: `chatcmpl-${g.id.slice(-12)}`,
    cache_discount: null,
    num_media_prompt: countImages(p.body.messages),
    num_media_completion: 0,
    num_search_results: 0,
  };
}
