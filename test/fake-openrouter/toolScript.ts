// Scripted tool use, faithful to the wire (shared/docs/openrouter-wire.md): a turn that streams
// `tool_calls` deltas (id and name first, then the arguments in pieces, parallel calls
// interleaved by index) and ends with finish_reason "tool_calls"; on a Gemini 3 model the turn
// also carries `reasoning_details` (an encrypted signature) that the follow-up must send back.
// The follow-up is checked before anything is answered: the assistant turn with those tool_calls
// (and reasoning_details where required) and one `tool` message per call id, else a loud 400.
import { splitText } from './scenario';

export interface ScriptedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Gemini 3 rejects a tool follow-up whose assistant turn drops its reasoning_details. */
export function requiresReasoningDetails(model: string): boolean {
  return /^google\/gemini-3/.test(model);
}

/** The signature the fake sends with a tool turn: derived from the call ids, so the check needs no memory. */
export function signatureFor(calls: readonly { id: string }[]): string {
  return Buffer.from(`fake-thought-signature:${calls.map((call) => call.id).join(',')}`).toString('base64');
}

type Delta = Record<string, unknown>;

/** The deltas of one tool turn, in order: reasoning_details (Gemini 3), then every call's pieces. */
export function toolTurnDeltas(calls: readonly ScriptedToolCall[], model: string, pieceSize: number): Delta[] {
  const deltas: Delta[] = [];
  if (requiresReasoningDetails(model)) {
    deltas.push({
      role: 'assistant',
      content: '',
      reasoning: 'Looking in the workspace.',
      reasoning_details: [{ type: 'reasoning.text', text: 'Looking in the workspace.', format: 'google-gemini-v1', index: 0 }],
    });
    deltas.push({
      role: 'assistant',
      content: '',
      reasoning_details: [{ type: 'reasoning.encrypted', data: signatureFor(calls), format: 'google-gemini-v1', index: 1 }],
    });
  }
  const pieces = calls.map((call) => splitText(call.arguments, Math.max(1, pieceSize)));
  calls.forEach((call, index) => {
    deltas.push({ role: 'assistant', content: null, tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
  });
  // Interleaved, as parallel calls arrive: a piece of call 0, a piece of call 1, …
  for (let step = 0; pieces.some((list) => step < list.length); step++) {
    pieces.forEach((list, index) => {
      if (step < list.length) deltas.push({ role: 'assistant', content: null, tool_calls: [{ index, function: { arguments: list[step] } }] });
    });
  }
  return deltas;
}

/** Why the follow-up to a tool turn with `expected` ids is malformed, or undefined when it is right. */
export function toolFollowUpProblem(messages: unknown, expected: readonly string[], model: string): string | undefined {
  if (!Array.isArray(messages)) return 'messages must be an array';
  const list = messages as Array<Record<string, unknown>>;
  let assistantAt = -1;
  list.forEach((m, index) => {
    if (m?.role === 'assistant' && Array.isArray(m.tool_calls)) assistantAt = index;
  });
  if (assistantAt < 0) return `Tool follow-up: no assistant message with tool_calls (expected ids ${expected.join(', ')})`;
  const assistant = list[assistantAt];
  const ids = (assistant.tool_calls as Array<Record<string, unknown>>).map((call) => call?.id);
  if (JSON.stringify(ids) !== JSON.stringify(expected))
    return `Tool follow-up: the assistant's tool_calls ids ${JSON.stringify(ids)} are not ${JSON.stringify(expected)}`;
  for (const call of assistant.tool_calls as Array<Record<string, any>>) {
    if (call.type !== 'function' || typeof call.function?.name !== 'string' || typeof call.function?.arguments !== 'string')
      return `Tool follow-up: tool call ${call.id} is not {type:"function",function:{name,arguments}}`;
  }
  if (requiresReasoningDetails(model)) {
    const details = assistant.reasoning_details;
    const signed = Array.isArray(details) && details.some((d) => d?.type === 'reasoning.encrypted' && d?.data === signatureFor(expected.map((id) => ({ id }))));
    if (!signed)
      return `Tool follow-up for ${model}: the assistant message must carry its reasoning_details unchanged (Gemini 3 requires the thought signature)`;
  }
  const tools = list.slice(assistantAt + 1).filter((m) => m?.role === 'tool');
  const answered = tools.map((m) => m.tool_call_id);
  for (const id of expected) {
    const count = answered.filter((got) => got === id).length;
    if (count !== 1) return `Tool follow-up: expected one tool message for ${id}, got ${count}`;
  }
  const extra = answered.filter((id) => !expected.includes(String(id)));
  if (extra.length) return `Tool follow-up: tool messages for unknown call ids ${JSON.stringify(extra)}`;
  if (tools.some((m) => typeof m.content !== 'string')) return 'Tool follow-up: every tool message needs string content';
  return undefined;
}
