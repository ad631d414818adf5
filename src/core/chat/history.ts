// Turns a conversation into the messages for the next request: the system prompt, then as many
// of the most recent turns as fit the context window, oldest dropped first, and the count of
// turns left out so the view can say so. Pure: unit-tested in plain Node.
import type { ChatMessage } from '../openrouter/types';
import { describeLocation, fencedCode } from '../prompts/code';
import { messageTokens } from '../prompts/budget';
import { systemPrompt } from '../prompts/system';
import type { ChatTurn, ChatUserTurn } from '../../protocol';

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

function toMessage(turn: ChatTurn, imagesOf: (turn: ChatUserTurn) => ImageData[]): ChatMessage | undefined {
  if (turn.role === 'assistant') {
    const text = turn.answer.text;
    return text ? { role: 'assistant', content: text } : undefined;
  }
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
 */
export function buildHistory(
  turns: ChatTurn[],
  contextLength: number,
  reservedForAnswer: number,
  imagesOf: (turn: ChatUserTurn) => ImageData[] = () => [],
): BuiltHistory {
  const system: ChatMessage = { role: 'system', content: systemPrompt };
  const budget = contextLength - reservedForAnswer - messageTokens([system]);
  const kept: ChatMessage[] = [];
  let used = 0;
  let index = turns.length - 1;
  for (; index >= 0; index--) {
    const message = toMessage(turns[index], imagesOf);
    if (!message) continue;
    const cost = messageTokens([message]);
    // The newest question is always sent; the caller refuses it if it alone does not fit.
    if (kept.length > 0 && used + cost > budget) break;
    used += cost;
    kept.unshift(message);
  }
  const trimmedTurns = Math.max(0, index + 1);
  return { messages: [system, ...mergeSameRole(dropLeadingAssistant(kept))], trimmedTurns };
}

function dropLeadingAssistant(messages: ChatMessage[]): ChatMessage[] {
  let start = 0;
  while (start < messages.length && messages[start].role === 'assistant') start++;
  return messages.slice(start);
}

function mergeSameRole(messages: ChatMessage[]): ChatMessage[] {
  const merged: ChatMessage[] = [];
  for (const message of messages) {
    const previous = merged[merged.length - 1];
    if (previous && previous.role === message.role && typeof previous.content === 'string' && typeof message.content === 'string') {
      merged[merged.length - 1] = { ...previous, content: `${previous.content}\n\n${message.content}` };
    } else merged.push(message);
  }
  return merged;
}
