// The tool loop: a request, the tools the model asks for, their results sent back, the next
// request, until the model answers in words or the rounds run out. Pure: the streaming (with its
// retries) and the tools are handed in, so rounds, Stop and failures are unit-tested in Node.
//
// What crosses the wire each round (OpenRouter's OpenAI-compatible function calling): the
// assistant turn repeated with its `tool_calls` and, unchanged, its `reasoning_details` (Gemini 3
// rejects a follow-up without them), then one `tool` message per call id, in the calls' order.
import type { ChatMessage, ChatRequest, StreamEvent, StreamStats, ToolCall, ToolDefinition, Usage } from '../openrouter/types';
import { capResult } from './resultBounds';

/** One tool the model may call. `run` may throw: the loop turns that into an error result for the model. */
export interface Tool {
  definition: ToolDefinition;
  /** The step's line while it runs, from the model's arguments ("Reading src/config.ts 1–80"). */
  describe(args: Record<string, unknown>): string;
  run(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
}

export interface ToolOutcome {
  /** The step's line once done ("Read src/config.ts 1–80", "Searched `parseConfig`: 4 hits in 3 files"). */
  summary: string;
  /** Exactly what the model is sent. */
  content: string;
  /** A refusal or failure the model is told about (shown as such). */
  error?: boolean;
}

/** The tools an answer may use, and at most how many rounds. */
export interface ToolSet {
  list: readonly Tool[];
  maxRounds: number;
  /**
   * Tokens at most of earlier chat turns' tool results repeated in a follow-up
   * (`flashlight.context.maxTokens`); past it the oldest rounds' results are replaced by a note.
   */
  earlierResultsBudget?: number;
}

/** One tool call as the answer shows it: a collapsed line, expandable to the exact result sent. */
export interface ToolStep {
  id: string;
  round: number;
  name: string;
  summary: string;
  /** What the model was sent; absent while running or when stopped. */
  result?: string;
  state: 'running' | 'done' | 'error' | 'stopped';
}

/** A round's calls as the assistant turn carried them: what a later chat request repeats (core/chat/toolHistory.ts). */
export interface ToolRound {
  round: number;
  calls: Array<{ id: string; name: string; arguments: string }>;
  reasoningDetails?: unknown[];
}

export type ToolLoopEvent = Exclude<StreamEvent, { type: 'toolCalls' }> | { type: 'step'; step: ToolStep } | { type: 'toolRound'; round: ToolRound };

export interface ToolLoopOptions {
  /** One streamed request (the client with its retry policy). */
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  request: ChatRequest;
  tools: readonly Tool[];
  /** Tool rounds at most; the request after the last one asks for an answer without tools. */
  maxRounds: number;
  signal: AbortSignal;
}

export const finalRoundNote =
  'You have used all the tool calls allowed for this answer. Do not call any more tools: answer now with what you have, and say what you could not check.';

/**
 * Yields the stream's reasoning and content as they come, a `step` when a call starts and again when
 * it ends, and one `end` whose usage (tokens, cost) counts every round. Returns without `end` when
 * stopped, like the client; a failed request throws, as the client does.
 */
export async function* runToolLoop(options: ToolLoopOptions): AsyncGenerator<ToolLoopEvent> {
  const { signal, tools } = options;
  const byName = new Map(tools.map((tool) => [tool.definition.function.name, tool]));
  const definitions = tools.map((tool) => tool.definition);
  const messages: ChatMessage[] = [...options.request.messages];
  const started = performance.now();
  let usage: Usage | undefined;
  let firstTokenMs: number | undefined;
  for (let round = 1; ; round++) {
    const last = round > options.maxRounds;
    const request: ChatRequest = {
      ...options.request,
      messages: last && round > 1 ? [...messages, { role: 'user', content: finalRoundNote }] : [...messages],
      ...(definitions.length ? { tools: definitions, toolChoice: last ? ('none' as const) : ('auto' as const) } : {}),
    };
    let content = '';
    let asked: Extract<StreamEvent, { type: 'toolCalls' }> | undefined;
    let stats: StreamStats | undefined;
    const roundStarted = performance.now();
    for await (const event of options.stream(request, signal)) {
      if (event.type === 'toolCalls') asked = event;
      else if (event.type === 'end') stats = event.stats;
      else {
        if (event.type === 'content') content += event.text;
        yield event;
      }
    }
    if (!stats) return; // stopped
    usage = addUsage(usage, stats.usage);
    if (firstTokenMs === undefined && stats.timeToFirstTokenMs !== undefined) firstTokenMs = roundStarted - started + stats.timeToFirstTokenMs;
    if (!asked || last || signal.aborted) {
      yield { type: 'end', stats: { ...stats, usage, totalMs: performance.now() - started, timeToFirstTokenMs: firstTokenMs } };
      return;
    }
    messages.push(assistantTurn(content, asked.calls, asked.reasoningDetails));
    const results = yield* runRound(asked.calls, round, byName, signal);
    if (!results) return; // stopped in the middle of the round
    // Told once the round is complete: a round cut short by Stop is never repeated to the model.
    yield {
      type: 'toolRound',
      round: {
        round,
        calls: asked.calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
        ...(asked.reasoningDetails?.length ? { reasoningDetails: asked.reasoningDetails } : {}),
      },
    };
    for (const call of asked.calls) messages.push({ role: 'tool', tool_call_id: call.id, content: results.get(call.id) ?? 'No result.' });
  }
}

/** The assistant turn as it goes back: its text, its calls, and its reasoning_details unchanged. */
function assistantTurn(content: string, calls: readonly ToolCall[], reasoningDetails: unknown[] | undefined): ChatMessage {
  // `reasoning_details` is OpenRouter's field, not in the SDK's message type; a variable (not a literal) carries it.
  const turn = {
    role: 'assistant' as const,
    content: content || null,
    tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
    ...(reasoningDetails?.length ? { reasoning_details: reasoningDetails } : {}),
  };
  return turn;
}

/** Runs a round's calls concurrently, yielding each step as it starts and ends; undefined when stopped. */
async function* runRound(
  calls: readonly ToolCall[],
  round: number,
  byName: ReadonlyMap<string, Tool>,
  signal: AbortSignal,
): AsyncGenerator<ToolLoopEvent, Map<string, string> | undefined> {
  const results = new Map<string, string>();
  const steps = new Map<string, ToolStep>();
  const pending = new Map<string, Promise<{ id: string; outcome: ToolOutcome }>>();
  for (const call of calls) {
    const parsed = parseArguments(call.arguments);
    const tool = byName.get(call.name);
    const step: ToolStep = { id: call.id, round, name: call.name, summary: '', state: 'running' };
    let work: Promise<ToolOutcome>;
    if (!tool) {
      step.summary = `Unknown tool ${call.name || '(no name)'}`;
      work = Promise.resolve({
        summary: step.summary,
        content: `Error: there is no tool named "${call.name}". Use one of: ${[...byName.keys()].join(', ')}.`,
        error: true,
      });
    } else if (!parsed.ok) {
      step.summary = `${call.name}: arguments were not valid JSON`;
      work = Promise.resolve({
        summary: step.summary,
        content: `Error: the arguments were not a JSON object (${parsed.why}). Call ${call.name} again with valid JSON arguments.`,
        error: true,
      });
    } else {
      step.summary = safeDescribe(tool, parsed.args);
      work = runSafely(tool, parsed.args, signal);
    }
    steps.set(call.id, step);
    pending.set(
      call.id,
      work.then((outcome) => ({ id: call.id, outcome })),
    );
    yield { type: 'step', step: { ...step } };
  }
  const stopped = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  while (pending.size) {
    const next = await Promise.race([...pending.values(), stopped]);
    if (next === 'stopped') {
      for (const id of pending.keys()) yield { type: 'step', step: { ...steps.get(id)!, state: 'stopped' } };
      return undefined;
    }
    pending.delete(next.id);
    const content = capResult(next.outcome.content);
    results.set(next.id, content);
    const step = { ...steps.get(next.id)!, summary: next.outcome.summary, result: content, state: next.outcome.error ? ('error' as const) : ('done' as const) };
    yield { type: 'step', step };
  }
  return signal.aborted ? undefined : results;
}

async function runSafely(tool: Tool, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
  try {
    return await tool.run(args, signal);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { summary: `${tool.definition.function.name} failed: ${why}`, content: `Error: ${tool.definition.function.name} failed: ${why}`, error: true };
  }
}

function safeDescribe(tool: Tool, args: Record<string, unknown>): string {
  try {
    return tool.describe(args);
  } catch {
    return tool.definition.function.name;
  }
}

function parseArguments(text: string): { ok: true; args: Record<string, unknown> } | { ok: false; why: string } {
  if (!text.trim()) return { ok: true, args: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, args: value as Record<string, unknown> };
    return { ok: false, why: 'not an object' };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : 'invalid JSON' };
  }
}

function addUsage(total: Usage | undefined, more: Usage | undefined): Usage | undefined {
  if (!more) return total;
  if (!total) return { ...more };
  const sum = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
  return {
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
    reasoningTokens: sum(total.reasoningTokens, more.reasoningTokens),
    cachedTokens: sum(total.cachedTokens, more.cachedTokens),
    cost: sum(total.cost, more.cost),
  };
}
