// Runs one request and streams it to a view: deltas batched per frame, the answer recorded so a
// recreated view can repaint it, and every ending (done, stopped, error) posted exactly once.
import type { OpenRouterClient } from '../openrouter/client';
import { FlashlightError, plainServerText } from '../openrouter/errors';
import { toErrorView } from '../answers/errorView';
import { mapThrown } from '../openrouter/errorMapping';
import { streamWithRetry } from '../openrouter/retry';
import type { ChatRequest, ClientConfig, StreamStats } from '../openrouter/types';
import type { AnswerStats, ExtensionToWebview, QuestionSummary, RestoredAnswer } from '../../protocol';
import { DeltaBatcher } from './deltaBatcher';
import { canContinue, OverlapTrimmer } from '../answers/continuation';
import type { RequestFacts } from '../requestView/renderRequest';
import { runToolLoop, type ToolSet } from '../tools/toolLoop';

export interface StreamAnswerOptions {
  client: OpenRouterClient;
  config: ClientConfig;
  request: ChatRequest;
  /** The caller's live record of the answer: updated as deltas arrive, for views that repaint from it. */
  record: RestoredAnswer;
  signal: AbortSignal;
  /**
   * Fire-and-forget: the view may be gone, and the loop must not wait for it. A returned promise
   * settles when the view has the message; the batcher uses it to hold text while the relay is slow.
   */
  post(message: ExtensionToWebview): unknown;
  log?(line: string): void;
  frameMs?: number;
  /**
   * This request asks for the rest of `record`'s cut-off text (Continue): no `start` is posted (the
   * caller repaints the record as streaming), and what the model repeats of its end is dropped.
   */
  continuing?: boolean;
  /**
   * Asks OpenRouter what generation `id` was billed (core/openrouter/generation.ts), for an answer
   * whose usage chunk carried no cost; the footer is filled in by a `cost` message when it answers.
   */
  billedCost?(config: ClientConfig, id: string): Promise<number | undefined>;
  /** The billed cost reached the record (the chat saves it). */
  onBilledCost?(): void;
  /** Keeps the finished answer's request for "View request" (core/requestView). */
  keepRequest?(body: Record<string, unknown>, facts: RequestFacts): void;
  /** Read-only tools the model may call, and at most how many rounds; absent: one plain request. */
  tools?: ToolSet;
}

export function toAnswerStats(stats: StreamStats): AnswerStats {
  return {
    model: stats.model,
    timeToFirstTokenMs: stats.timeToFirstTokenMs,
    tokensPerSecond: stats.tokensPerSecond,
    promptTokens: stats.usage?.promptTokens,
    completionTokens: stats.usage?.completionTokens,
    reasoningTokens: stats.usage?.reasoningTokens,
    cachedTokens: stats.usage?.cachedTokens,
    cost: stats.usage?.cost,
    fallbackFrom: stats.fallbackFrom,
    // The server's words: one plain line, cut short (flashlight.privacy users check who served it).
    ...(stats.provider ? { provider: plainServerText(stats.provider).slice(0, 60) } : {}),
    ...(stats.redactions?.length
      ? {
          redactions: stats.redactions.map(({ kind, message, line, file, fileLine }) => ({
            kind,
            message,
            line,
            ...(file && fileLine !== undefined ? { file, fileLine } : {}),
          })),
        }
      : {}),
  };
}

export function newAnswerRecord(requestId: number, question: QuestionSummary): RestoredAnswer {
  return { requestId, question, reasoning: '', text: '', state: 'streaming' };
}

/**
 * Turns a cut-off answer back into a streaming one for Continue, under a new request id (views
 * repaint it from the record, so its text is drawn once and the continuation appends to it).
 */
export function resumeRecord(record: RestoredAnswer, requestId: number): void {
  record.requestId = requestId;
  record.state = 'streaming';
  delete record.error;
  delete record.stats;
}

/** Later, once: the billed cost into the record and the footer, unless the answer was continued meanwhile. */
function fillInCost(options: StreamAnswerOptions, record: RestoredAnswer, id: string): void {
  const { requestId } = record;
  void options.billedCost!(options.config, id).then((cost) => {
    if (cost === undefined || record.requestId !== requestId || !record.stats) return;
    record.stats.cost = cost;
    options.post({ type: 'cost', requestId, cost });
    options.onBilledCost?.();
  });
}

export async function streamAnswer(options: StreamAnswerOptions): Promise<RestoredAnswer> {
  const { record, post } = options;
  const { requestId } = record;
  // The record grows only when a batch is posted: a view that repaints from the record (on its
  // `ready`) and then receives the next batch sees every character exactly once.
  const batcher = new DeltaBatcher((batch) => {
    record.reasoning += batch.reasoning;
    record.text += batch.content;
    const reasoning = batch.reasoning ? post({ type: 'reasoning', requestId, text: batch.reasoning }) : undefined;
    return batch.content ? post({ type: 'delta', requestId, text: batch.content }) : reasoning;
  }, options.frameMs);
  const trimmer = options.continuing ? new OverlapTrimmer(record.text) : undefined;
  const addContent = (text: string) => {
    if (text) batcher.add('content', text);
  };
  if (!options.continuing) post({ type: 'start', requestId, question: record.question });
  const started = performance.now();
  try {
    const onStatus = (text: string) => post({ type: 'status', requestId, text });
    const retry = { onStatus, log: options.log, label: `request ${requestId}` };
    const stream = (request: ChatRequest, signal: AbortSignal) => streamWithRetry(options.client, options.config, request, signal, retry);
    const events = options.tools?.list.length
      ? runToolLoop({ stream, request: options.request, tools: options.tools.list, maxRounds: options.tools.maxRounds, signal: options.signal })
      : stream(options.request, options.signal);
    for await (const event of events) {
      if (event.type === 'step') {
        // Text before a step is shown before it: flush, then record and post the step (same id replaces).
        batcher.flush();
        const steps = (record.steps ??= []);
        const at = steps.findIndex((step) => step.id === event.step.id);
        if (at >= 0) steps[at] = event.step;
        else steps.push(event.step);
        post({ type: 'toolStep', requestId, step: event.step });
        if (event.step.state !== 'running') options.log?.(`request ${requestId} tool ${event.step.name}: ${event.step.state}`);
      } else if (event.type === 'toolRound') {
        // Kept for the chat's follow-ups (core/chat/toolHistory.ts); nothing to show.
        (record.toolRounds ??= []).push(event.round);
      } else if (event.type === 'toolCalls') {
        // Only the tool loop acts on calls; without tools nothing was asked for.
      } else if (event.type === 'reasoning') {
        batcher.add('reasoning', event.text);
      } else if (event.type === 'content') {
        addContent(trimmer ? trimmer.push(event.text) : event.text);
      } else if (event.type === 'end') {
        if (trimmer) addContent(trimmer.flush());
        batcher.flush();
        record.stats = toAnswerStats(event.stats);
        record.state = 'done';
        if (event.stats.sent) {
          const { promptTokens, cost, provider, redactions } = record.stats;
          options.keepRequest?.(event.stats.sent, { requestId, promptTokens, cost, provider, redactions });
        }
        post({ type: 'done', requestId, stats: record.stats, stopped: false });
        if (record.stats.cost === undefined && event.stats.generationId && options.billedCost) fillInCost(options, record, event.stats.generationId);
        options.log?.(
          `request ${requestId} done: model=${event.stats.model ?? '?'} ttft=${Math.round(event.stats.timeToFirstTokenMs ?? 0)}ms total=${Math.round(event.stats.totalMs)}ms tokens=${event.stats.usage?.completionTokens ?? '?'}`,
        );
        return record;
      }
    }
    // The client returns without an `end` event only when it was cancelled.
    if (trimmer) addContent(trimmer.flush());
    batcher.flush();
    record.state = 'stopped';
    post({ type: 'done', requestId, stats: {}, stopped: true });
    options.log?.(`request ${requestId} stopped after ${Math.round(performance.now() - started)}ms`);
  } catch (error) {
    if (trimmer) addContent(trimmer.flush());
    batcher.flush();
    const failure = error instanceof FlashlightError ? error : mapThrown(error);
    record.state = 'error';
    record.error = toErrorView(failure);
    // Text was shown and the provider went away: Continue asks for the rest (continuation.ts),
    // with the model that was answering kept so the next one of the chain is asked.
    if (canContinue(failure.kind, record.text)) {
      record.error.actions = ['continue', ...record.error.actions];
      if (failure.details.model) record.stats = { model: failure.details.model };
    }
    post({ type: 'error', requestId, error: record.error });
    options.log?.(`request ${requestId} failed: ${failure.kind}${failure.details.status ? ` status=${failure.details.status}` : ''}`);
  } finally {
    batcher.dispose();
  }
  return record;
}
