// One streaming call over the `openai` SDK, pointed at OpenRouter. It yields reasoning and content
// deltas in order, then one `end` event with usage and timings; every failure is thrown as a
// FlashlightError. Cancelling (the signal, or leaving the loop) aborts the HTTP request at once.
import type OpenAI from 'openai';
import { FlashlightError } from './errors';
import { mapMidStream, mapThrown } from './errorMapping';
import { openaiSdk } from './openaiSdk';
import { providerPreferences } from './privacy';
import { watchedFetch, watcherHeader, type ByteWatcher } from './watchedFetch';
import { ReasoningDetailsCollector, ToolCallAssembler } from './toolCallAssembler';
import type { ChatRequest, ClientConfig, KeyInfo, RedactStep, StreamEvent, StreamStats, Usage } from './types';

interface OpenRouterDelta {
  content?: string | null;
  reasoning?: string | null;
  /** Assembled by index across chunks (core/tools/toolCallAssembler.ts). */
  tool_calls?: unknown;
  reasoning_details?: unknown;
}

interface OpenRouterChunk {
  id?: string;
  model?: string;
  provider?: string;
  choices?: Array<{ delta?: OpenRouterDelta; finish_reason?: string | null }>;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    cost?: number;
    prompt_tokens_details?: { cached_tokens?: number };
    completion_tokens_details?: { reasoning_tokens?: number };
  };
  error?: { code?: number | string; message?: string };
}

/** The spend budget's two points in every request, each round of an answer included (features/budget). */
export interface SpendHooks {
  /** Asked before each request; an error returned is thrown and nothing is sent. */
  beforeSend?(): FlashlightError | undefined;
  /** Asked before each request leaves (a large one is confirmed by the user); an error returned is thrown and nothing is sent. */
  confirmSend?(request: ChatRequest): Promise<FlashlightError | undefined>;
  /** Each finished round's `usage.cost`. */
  onCost?(cost: number): void;
  /** A failure said in what the model list knows (a retired model's 404); undefined keeps it as it is. */
  explainFailure?(failure: FlashlightError, request: ChatRequest): FlashlightError | undefined;
}

export class OpenRouterClient {
  private sdk: OpenAI | undefined;
  private sdkKey = '';
  private readonly watchers = new Map<string, ByteWatcher>();
  private nextWatchId = 1;
  private running = 0;

  /**
   * `redact`: the step every request's messages pass through just before they leave (the one
   * outgoing boundary, whatever built the request); skipped only when `config.redactSecrets` is false.
   */
  constructor(
    private readonly baseFetch: typeof fetch = fetch,
    private readonly redact?: RedactStep,
    private readonly hooks: SpendHooks = {},
  ) {}

  /** The SDK instance is kept while the key and base URL stay the same, so its connections stay warm. */
  private sdkFor(config: ClientConfig): OpenAI {
    const identity = `${config.baseUrl}\n${config.apiKey}`;
    if (!this.sdk || this.sdkKey !== identity) {
      this.sdk = new (openaiSdk().OpenAI)({
        baseURL: config.baseUrl,
        apiKey: config.apiKey,
        maxRetries: 0, // retries are a product decision (never after text was shown), not the SDK's
        timeout: 10 * 60_000, // the stall watchdog, not a total timeout, ends silent requests
        logLevel: 'off', // the SDK would otherwise log raw chunks, which hold the user's code
        dangerouslyAllowBrowser: true, // harmless in Node; lets the same client run in unit tests
        defaultHeaders: { 'HTTP-Referer': config.appUrl, 'X-Title': config.appTitle },
        fetch: watchedFetch((id) => this.watchers.get(id), this.baseFetch),
      });
      this.sdkKey = identity;
    }
    return this.sdk;
  }

  /** Streams started and not yet finished (each owns an HTTP request and a stall timer): for tests. */
  get activeStreams(): number {
    return this.running;
  }

  /** Checks a key with `GET /key` before it is stored; a wrong key throws `badKey`. */
  async checkKey(config: ClientConfig): Promise<KeyInfo> {
    try {
      const response = await this.sdkFor(config).get<{ data?: KeyInfo }>('/key', { timeout: 15_000 });
      return response.data ?? {};
    } catch (error) {
      throw mapThrown(error);
    }
  }

  async *streamChat(config: ClientConfig, request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    if (!config.apiKey) throw new FlashlightError('noKey', 'Set your OpenRouter API key to start.');
    // A refusal before anything is sent (today's budget spent): the same error path as any other.
    const refusal = this.hooks.beforeSend?.() ?? (await this.hooks.confirmSend?.(request));
    if (refusal) throw refusal;
    const startedAt = performance.now();
    const abort = new AbortController();
    let stalled = false;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stalled = true;
        abort.abort();
      }, config.stallTimeoutMs);
    };
    const onCallerAbort = () => abort.abort();
    if (signal?.aborted) return;
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const watchId = String(this.nextWatchId++);
    this.watchers.set(watchId, { onHeaders: armStallTimer, onBytes: armStallTimer });
    armStallTimer();

    // The one boundary every request crosses, whatever built it: secrets out, placeholders in.
    const { messages, redactions } =
      config.redactSecrets === false || !this.redact ? { messages: request.messages, redactions: [] } : this.redact(request.messages);
    const stats: StreamStats = { totalMs: 0, ...(redactions.length ? { redactions } : {}) };
    let firstTokenAt: number | undefined;
    const body = {
      model: request.model,
      messages: [...messages],
      stream: true as const,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      ...(request.reasoning ? { reasoning: request.reasoning } : {}),
      ...(request.tools?.length ? { tools: request.tools, ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}) } : {}),
      // No `usage: {include}` nor `stream_options.include_usage`: OpenRouter deprecated both and
      // now always sends tokens and cost in the last chunk, which the loop below reads.
      ...(request.fallbackModels?.length ? { models: [request.model, ...request.fallbackModels] } : {}),
      // flashlight.privacy: which providers may serve it (`provider.data_collection` / `provider.zdr`).
      ...providerPreferences(config.privacy),
    };
    const toolCalls = new ToolCallAssembler();
    const reasoningDetails = new ReasoningDetailsCollector();
    this.running++;
    try {
      const { data: stream, response } = await this.sdkFor(config)
        .chat.completions.create(body, {
          signal: abort.signal,
          headers: { [watcherHeader]: watchId },
        })
        .withResponse();
      // The generation's id also comes as a header: the billed-cost lookup has it when no chunk names one.
      stats.generationId = response.headers.get('x-generation-id')?.trim() || undefined;
      for await (const raw of stream as AsyncIterable<unknown>) {
        const chunk = raw as OpenRouterChunk;
        if (chunk.error) throw mapMidStream(chunk.error);
        stats.model = chunk.model ?? stats.model;
        stats.provider = chunk.provider ?? stats.provider;
        stats.generationId = chunk.id ?? stats.generationId;
        if (chunk.usage) stats.usage = readUsage(chunk.usage);
        for (const choice of chunk.choices ?? []) {
          const { reasoning, content, tool_calls, reasoning_details } = choice.delta ?? {};
          if (reasoning || content || tool_calls) firstTokenAt ??= performance.now();
          toolCalls.add(tool_calls);
          reasoningDetails.add(reasoning_details);
          if (reasoning) yield { type: 'reasoning', text: reasoning };
          if (content) yield { type: 'content', text: content };
          if (choice.finish_reason) stats.finishReason = choice.finish_reason;
        }
      }
      if (stalled) throw stallError(config);
      if (signal?.aborted) return;
      if (!stats.finishReason) {
        throw new FlashlightError('truncated', 'The stream closed before the model finished. What arrived so far is kept; try again.');
      }
      if (stats.finishReason === 'error') throw mapMidStream({ message: 'the provider reported an error' });
      const endedAt = performance.now();
      stats.totalMs = endedAt - startedAt;
      if (firstTokenAt !== undefined) {
        stats.timeToFirstTokenMs = firstTokenAt - startedAt;
        const generating = (endedAt - firstTokenAt) / 1000;
        // An answer that arrived in one or two chunks has no measurable speed (2 tokens in 0.2 ms
        // would read "9203 tokens/s"): below a quarter second of streaming, none is reported.
        if (stats.usage && generating >= 0.25) stats.tokensPerSecond = stats.usage.completionTokens / generating;
      }
      if (stats.usage?.cost !== undefined) this.hooks.onCost?.(stats.usage.cost);
      stats.sent = body; // what left, placeholders and all: "View request" shows it
      // Calls are acted on only when the turn says so: a turn cut off by `length` mid-call is not run.
      if (stats.finishReason === 'tool_calls' && toolCalls.size > 0) {
        yield { type: 'toolCalls', calls: toolCalls.calls(), reasoningDetails: reasoningDetails.details() };
      }
      yield { type: 'end', stats };
    } catch (error) {
      if (stalled) throw stallError(config);
      if (signal?.aborted) return;
      const mapped = mapThrown(error);
      const failure = this.hooks.explainFailure?.(mapped, request) ?? mapped;
      // A stream that broke off after its chunks named a model: Continue asks the next one.
      throw stats.model && !failure.details.model ? new FlashlightError(failure.kind, failure.message, { ...failure.details, model: stats.model }) : failure;
    } finally {
      this.running--;
      clearTimeout(stallTimer);
      this.watchers.delete(watchId);
      signal?.removeEventListener('abort', onCallerAbort);
      abort.abort(); // frees the socket when the caller stops iterating early
    }
  }
}

function stallError(config: ClientConfig): FlashlightError {
  const seconds = Math.round(config.stallTimeoutMs / 100) / 10;
  return new FlashlightError('stalled', `Nothing arrived for ${seconds} s, so the request was stopped. What arrived so far is kept; try again.`);
}

function readUsage(usage: NonNullable<OpenRouterChunk['usage']>): Usage {
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens,
    cost: usage.cost,
  };
}
