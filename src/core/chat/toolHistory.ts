// An earlier chat answer's tool rounds, repeated in a follow-up so the model still has what it
// read. Pure: unit-tested in plain Node.
//
// The rule (issue 15, item 3):
// - A round goes back as it went on the wire: the assistant message with its `tool_calls` (and
//   its `reasoning_details`, unchanged), then one `tool` message per call id, in the calls'
//   order; the answer's text follows as its own assistant message. Built the same way every time,
//   so while nothing is omitted the prompt prefix stays byte-identical from one follow-up to the
//   next (the provider's prompt cache keeps matching it).
// - Only a complete round is repeated: a call without the result the model was sent (stopped,
//   still running when the window closed) leaves its round out whole, never a `tool_calls`
//   without its `tool` messages. An answer with no text repeats none (a turn may not end on tool
//   results before the next question).
// - The results of all earlier rounds together stay within a token budget
//   (`flashlight.context.maxTokens`): counted from the newest round back, the first round that
//   does not fit, and every older one, has each result replaced by a short note of its size. The
//   calls stay, so every `tool_calls` keeps its `tool` messages.
import type { ChatMessage } from '../openrouter/types';
import { estimateTokens } from '../prompts/budget';
import type { RestoredAnswer } from '../../protocol';

export function omittedResult(tokens: number): string {
  return `[earlier tool result omitted: ${tokens} tokens]`;
}

type ToolMessage = { role: 'tool'; tool_call_id: string; content: string };

/** The complete rounds of an answer as wire messages (empty when it made none). */
export function roundMessages(answer: RestoredAnswer): ChatMessage[] {
  const results = new Map<string, string>();
  for (const step of answer.steps ?? []) {
    if ((step.state === 'done' || step.state === 'error') && typeof step.result === 'string') results.set(step.id, step.result);
  }
  return (answer.toolRounds ?? []).flatMap((round): ChatMessage[] => {
    if (!round.calls.length || !round.calls.every((call) => results.has(call.id))) return [];
    // `reasoning_details` is OpenRouter's field, not in the SDK's message type; a variable (not a literal) carries it.
    const assistant = {
      role: 'assistant' as const,
      content: null,
      tool_calls: round.calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
      ...(round.reasoningDetails?.length ? { reasoning_details: round.reasoningDetails } : {}),
    };
    const tools: ToolMessage[] = round.calls.map((call) => ({ role: 'tool', tool_call_id: call.id, content: results.get(call.id)! }));
    return [assistant, ...tools];
  });
}

/**
 * Keeps the newest rounds' results (over all `groups`, each one turn's messages in order) while
 * they fit `budget` tokens; the first round that does not, and all older ones, get notes instead.
 * Returns new groups; the input is not changed. Returns how many results were omitted.
 */
export function fitToolResults(groups: readonly ChatMessage[][], budget: number): { groups: ChatMessage[][]; omitted: number } {
  const out = groups.map((group) => [...group]);
  // Every round as the positions of its tool messages, oldest first.
  const rounds: Array<Array<{ group: number; at: number }>> = [];
  out.forEach((group, g) => {
    group.forEach((message, at) => {
      if (message.role === 'assistant' && 'tool_calls' in message && message.tool_calls?.length) rounds.push([]);
      else if (message.role === 'tool' && rounds.length) rounds[rounds.length - 1].push({ group: g, at });
    });
  });
  let used = 0;
  let over = false;
  let omitted = 0;
  for (let r = rounds.length - 1; r >= 0; r--) {
    const tokens = rounds[r].reduce((sum, { group, at }) => sum + estimateTokens(contentOf(out[group][at])), 0);
    if (!over && used + tokens <= budget) {
      used += tokens;
      continue;
    }
    over = true;
    for (const { group, at } of rounds[r]) {
      const message = out[group][at] as ToolMessage;
      out[group][at] = { ...message, content: omittedResult(estimateTokens(contentOf(message))) };
      omitted++;
    }
  }
  return { groups: out, omitted };
}

function contentOf(message: ChatMessage): string {
  return typeof message.content === 'string' ? message.content : '';
}

/** What `messageTokens` does not count: the calls' names and arguments, and the reasoning_details sent back. */
export function toolCallTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    const extra = message as { tool_calls?: unknown; reasoning_details?: unknown };
    if (extra.tool_calls) total += estimateTokens(JSON.stringify(extra.tool_calls));
    if (extra.reasoning_details) total += estimateTokens(JSON.stringify(extra.reasoning_details));
  }
  return total;
}
