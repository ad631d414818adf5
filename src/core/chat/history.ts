// Turns a conversation into the messages for the next request: the system prompt, then as many
// of the most recent turns as fit the context window, oldest dropped first, and the count of
// turns left out so the view can say so. An answer's tool rounds go with it, whole or not at
// all (toolHistory.ts). Pure: unit-tested in plain Node.
import type { ChatMessage } from '../openrouter/types';
import { describeLocation, fencedCode } from '../prompts/code';
import { messageTokens } from '../prompts/budget';
import { systemPrompt } from '../prompts/system';
import type { ChatAssistantTurn, ChatTurn, ChatUserTurn } from '../../protocol';
import { fitToolResults, roundMessages, toolCallTokens } from './toolHistory';

export interface ImageData {
  mimeType: string;
  base64: string;
}

export interface BuiltHistory {
  messages: ChatMessage[];
  trimmedTurns: number;
}

function userText(turn: ChatUserTurn): string {
  const attached = turn.contexts.map((chip) =>
    [
      `From ${describeLocation({ code: chip.code, languageId: chip.languageId, fileName: chip.fileName, startLine: chip.startLine, endLine: chip.endLine })}:`,
      fencedCode(chip),
    ].join('\n'),
  );
  return [...attached, turn.text].filter(Boolean).join('\n\n');
}

/** An answer's messages (all sent or none): its tool rounds before its text when `withTools`. */
function answerMessages(turn: ChatAssistantTurn, withTools: boolean): ChatMessage[] {
  const text = turn.answer.text;
  if (!text) return [];
  return [...(withTools ? roundMessages(turn.answer) : []), { role: 'assistant', content: text }];
}

function toMessage(turn: ChatUserTurn, imagesOf: (turn: ChatUserTurn) => ImageData[]): ChatMessage {
  const text = userText(turn);
  const images = turn.images.length ? imagesOf(turn) : [];
  if (!images.length) return { role: 'user', content: text };
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      ...images.map((image) => ({ type: 'image_url' as const, image_url: { url: `data:${image.mimeType};base64,${image.base64}` } })),
    ],
  };
}

/**
 * `turns` ends with the new question. Consecutive messages of the same role are merged so the
 * request alternates, as some providers require (a question whose answer failed, asked again).
 * `earlierTools`: the answers' tool rounds go too, their results within `budget` tokens
 * (toolHistory.ts); absent (no tools offered to this request), only the answers' text is sent.
 */
export function buildHistory(
  turns: ChatTurn[],
  contextLength: number,
  reservedForAnswer: number,
  imagesOf: (turn: ChatUserTurn) => ImageData[] = () => [],
  earlierTools?: { budget: number },
): BuiltHistory {
  const system: ChatMessage = { role: 'system', content: systemPrompt };
  const budget = contextLength - reservedForAnswer - messageTokens([system]);
  // The answers first (the tool budget counts over all of them); a question's images are read only if it is reached below.
  let answers = turns.map((turn) => (turn.role === 'assistant' ? answerMessages(turn, !!earlierTools) : []));
  if (earlierTools) answers = fitToolResults(answers, earlierTools.budget).groups;
  const kept: ChatMessage[] = [];
  let used = 0;
  let index = turns.length - 1;
  for (; index >= 0; index--) {
    const turn = turns[index];
    const group = turn.role === 'user' ? [toMessage(turn, imagesOf)] : answers[index];
    if (!group.length) continue;
    const cost = messageTokens(group) + toolCallTokens(group);
    // The newest question is always sent; the caller refuses it if it alone does not fit.
    if (kept.length > 0 && used + cost > budget) break;
    used += cost;
    kept.unshift(...group);
  }
  const trimmedTurns = Math.max(0, index + 1);
  return { messages: [system, ...mergeSameRole(dropLeadingAnswers(kept))], trimmedTurns };
}

/** The request starts with a question: an answer (with its tool rounds) left without one goes. */
function dropLeadingAnswers(messages: ChatMessage[]): ChatMessage[] {
  let start = 0;
  while (start < messages.length && messages[start].role !== 'user') start++;
  return messages.slice(start);
}

function mergeSameRole(messages: ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = [];
  for (const message of messages) {
    const previous = merged[merged.length - 1];
    // Tool messages answer one call each: never merged.
    if (previous && previous.role === message.role && message.role !== 'tool' && typeof previous.content === 'string' && typeof message.content === 'string') {
      merged[merged.length - 1] = { ...previous, content: `${previous.content}\n\n${message.content}` };
    } else merged.push(message);
  }
  return merged;
}
