// Runs one request and streams it to a view: deltas batched per frame, the answer recorded so a
// recreated view can repaint it, and every ending (done, stopped, error) posted exactly once.
import type { OpenRouterClient } from '../openrouter/client';
import { FlashlightError } from '../openrouter/errors';
import { toErrorView } from '../answers/errorView';
import { mapThrown } from '../openrouter/errorMapping';
import { streamWithRetry } from '../openrouter/retry';
import type { ChatRequest, ClientConfig, StreamStats } from '../openrouter/types';
import type { AnswerStats, ExtensionToWebview, QuestionSummary, RestoredAnswer } from '../../protocol';
import { DeltaBatcher } from './deltaBatcher';
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
    ...(stats.redactions?.length ? { redactions: stats.redactions.map(({ kind, message, line }) => ({ kind, message, line })) } : {}),
  };
}

export function newAnswerRecord(requestId: number, question: QuestionSummary): RestoredAnswer {
  return { requestId, question, reasoning: '', text: '', state: 'streaming' };
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
  post({ type: 'start', requestId, question: record.question });
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
      } else if (event.type === 'toolCalls') {
        // Only the tool loop acts on calls; without tools nothing was asked for.
      } else if (event.type === 'reasoning') {
        batcher.add('reasoning', event.text);
      } else if (event.type === 'content') {
        batcher.add('content', event.text);
      } else if (event.type === 'end') {
        batcher.flush();
        record.stats = toAnswerStats(event.stats);
        record.state = 'done';
        post({ type: 'done', requestId, stats: record.stats, stopped: false });
        options.log?.(
          `request ${requestId} done: model=${event.stats.model ?? '?'} ttft=${Math.round(event.stats.timeToFirstTokenMs ?? 0)}ms total=${Math.round(event.stats.totalMs)}ms tokens=${event.stats.usage?.completionTokens ?? '?'}`,
        );
        return record;
      }
    }
    // The client returns without an `end` event only when it was cancelled.
    batcher.flush();
    record.state = 'stopped';
    post({ type: 'done', requestId, stats: {}, stopped: true });
    options.log?.(`request ${requestId} stopped after ${Math.round(performance.now() - started)}ms`);
  } catch (error) {
    batcher.flush();
    const failure = error instanceof FlashlightError ? error : mapThrown(error);
    record.state = 'error';
    record.error = toErrorView(failure);
    post({ type: 'error', requestId, error: record.error });
    options.log?.(`request ${requestId} failed: ${failure.kind}${failure.details.status ? ` status=${failure.details.status}` : ''}`);
  } finally {
    batcher.dispose();
  }
  return record;
}
