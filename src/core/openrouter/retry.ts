// When to send a failed request again, and how it looks meanwhile. A 429 is retried once, after
// the wait OpenRouter asked for (at most 30 s, counted down in the view, Stop still works); a
// provider's 502/503 once, after a short backoff; 401/402/403 and everything else never. Nothing
// is retried once any text (answer or reasoning) was yielded: the user would see it twice.
import type { OpenRouterClient } from './client';
import { FlashlightError } from './errors';
import { mapThrown } from './errorMapping';
import type { ChatRequest, ClientConfig, StreamEvent, StreamStats } from './types';

export interface RetryPolicy {
  /** A 429 asking for a longer wait is reported at once, with the wait, instead of counted down. */
  maxRateLimitWaitSeconds: number;
  /** A 429 that names no wait is retried after this. */
  defaultRateLimitWaitSeconds: number;
  /** Before the one retry of a 502/503. */
  providerRetryDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRateLimitWaitSeconds: 30, defaultRateLimitWaitSeconds: 5, providerRetryDelayMs: 1_500 };

export interface RetryState {
  rateLimitRetries: number;
  providerRetries: number;
}

export type RetryDecision = { retry: true; waitMs: number; status: (secondsLeft: number) => string } | { retry: false; why: string };

/** Pure: whether `error` (after `state`'s retries, with or without text shown) is worth one more try. */
export function planRetry(error: FlashlightError, state: RetryState, textShown: boolean, policy: RetryPolicy = defaultRetryPolicy): RetryDecision {
  if (textShown) return { retry: false, why: 'text was already shown' };
  if (error.kind === 'rateLimited') {
    if (state.rateLimitRetries >= 1) return { retry: false, why: 'already retried once after a 429' };
    const wait = error.details.retryAfterSeconds ?? policy.defaultRateLimitWaitSeconds;
    if (wait > policy.maxRateLimitWaitSeconds) return { retry: false, why: `OpenRouter asks for ${wait} s, longer than ${policy.maxRateLimitWaitSeconds} s` };
    return { retry: true, waitMs: Math.max(0, wait) * 1000, status: (left) => `Rate limited by OpenRouter: retrying in ${left} s…` };
  }
  const status = error.details.status;
  if (error.kind === 'providerDown' && (status === 502 || status === 503)) {
    if (state.providerRetries >= 1) return { retry: false, why: `already retried once after a ${status}` };
    const asked = error.details.retryAfterSeconds;
    const waitMs = asked !== undefined && asked <= policy.maxRateLimitWaitSeconds ? asked * 1000 : policy.providerRetryDelayMs;
    return { retry: true, waitMs, status: (left) => `The model’s provider is unavailable (${status}): retrying in ${left} s…` };
  }
  return { retry: false, why: `${error.kind}${status ? ` (${status})` : ''} is not retried` };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<boolean>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface RetryOptions {
  /** A line for the view while waiting (the countdown), then "Retrying…". */
  onStatus?(text: string): void;
  log?(line: string): void;
  /** Names the request in the log, e.g. "request 12". */
  label?: string;
  policy?: RetryPolicy;
  sleep?: Sleep;
}

/** `client.streamChat` with the retry policy around it; yields the same events, ends the same ways. */
export async function* streamWithRetry(
  client: Pick<OpenRouterClient, 'streamChat'>,
  config: ClientConfig,
  request: ChatRequest,
  signal: AbortSignal | undefined,
  options: RetryOptions = {},
): AsyncGenerator<StreamEvent> {
  const state: RetryState = { rateLimitRetries: 0, providerRetries: 0 };
  const label = options.label ?? 'request';
  const log = options.log ?? (() => undefined);
  const wait = options.sleep ?? sleep;
  const models = request.fallbackModels?.length ? `${request.model} (fallbacks: ${request.fallbackModels.join(', ')})` : request.model;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let textShown = false;
    try {
      for await (const event of client.streamChat(config, request, signal)) {
        if (event.type === 'end') {
          const stats = markFallback(event.stats, request);
          log(`${label}: ${describeSuccess(stats, attempt)}`);
          yield { type: 'end', stats };
        } else {
          textShown = true;
          yield event;
        }
      }
      if (signal?.aborted) log(`${label}: stopped by the user after ${elapsed(started)}`);
      return;
    } catch (thrown) {
      const error = thrown instanceof FlashlightError ? thrown : mapThrown(thrown);
      const decision = planRetry(error, state, textShown, options.policy);
      const status = error.details.status ? ` ${error.details.status}` : '';
      log(
        `${label} attempt ${attempt}: model=${models} →${status} ${error.kind} after ${elapsed(started)}; ${decision.retry ? `retrying in ${Math.round(decision.waitMs / 100) / 10} s` : `not retried: ${decision.why}`}`,
      );
      if (!decision.retry) throw attempt > 1 ? stillFailing(error) : error;
      if (error.kind === 'rateLimited') state.rateLimitRetries++;
      else state.providerRetries++;
      if (!(await countDown(decision, signal, wait, options.onStatus))) {
        log(`${label}: stopped by the user while waiting to retry`);
        return; // stopped during the wait: ends like any stopped request
      }
      options.onStatus?.('Retrying…');
    }
  }
}

async function countDown(
  decision: Extract<RetryDecision, { retry: true }>,
  signal: AbortSignal | undefined,
  wait: Sleep,
  onStatus: RetryOptions['onStatus'],
): Promise<boolean> {
  let remaining = decision.waitMs;
  if (remaining <= 0) return !signal?.aborted;
  while (remaining > 0) {
    onStatus?.(decision.status(Math.ceil(remaining / 1000)));
    const step = remaining % 1000 || 1000; // whole seconds left after the first step, so the countdown ticks on the second
    if (!(await wait(step, signal))) return false;
    remaining -= step;
  }
  return !signal?.aborted;
}

function stillFailing(error: FlashlightError): FlashlightError {
  return new FlashlightError(error.kind, `Tried again once; it failed again. ${error.message}`, error.details);
}

/** OpenRouter's `models` fallback answered: the chunk's model is one of the fallbacks, not the one asked for. */
function markFallback(stats: StreamStats, request: ChatRequest): StreamStats {
  const answered = stats.model;
  if (!answered || answered === request.model || !request.fallbackModels?.includes(answered)) return stats;
  return { ...stats, fallbackFrom: request.model };
}

function describeSuccess(stats: StreamStats, attempt: number): string {
  const parts = [
    `200 answered by ${stats.model ?? '?'}${stats.fallbackFrom ? ` (fallback from ${stats.fallbackFrom})` : ''}${stats.provider ? ` via ${stats.provider}` : ''}`,
  ];
  if (stats.generationId) parts.push(stats.generationId);
  if (attempt > 1) parts.push(`attempt ${attempt}`);
  if (stats.timeToFirstTokenMs !== undefined) parts.push(`first token ${Math.round(stats.timeToFirstTokenMs)} ms`);
  parts.push(`total ${Math.round(stats.totalMs)} ms`);
  if (stats.tokensPerSecond !== undefined) parts.push(`${Math.round(stats.tokensPerSecond)} tokens/s`);
  if (stats.usage) parts.push(`${stats.usage.promptTokens} in / ${stats.usage.completionTokens} out`);
  if (stats.usage?.cost !== undefined) parts.push(`$${stats.usage.cost}`);
  return parts.join(', ');
}

function elapsed(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
