// Refuses input that cannot fit the model's context window before a byte is sent. Tokens are
// estimated at 4 characters each: conservative for code, and free to compute on 5 MB.
import { FlashlightError } from '../openrouter/errors';
import type { ChatMessage } from '../openrouter/types';

export const defaultContextLength = 1_048_576; // Gemini Flash's window

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function messageTokens(messages: ChatMessage[]): number {
  let total = 0;
  for (const message of messages) {
    const content = message.content;
    if (typeof content === 'string') total += estimateTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') total += estimateTokens(part.text);
        else total += 1_300; // an image costs about this much for Gemini models
      }
    }
    total += 4;
  }
  return total;
}

export function assertFits(messages: ChatMessage[], contextLength: number, reservedForAnswer: number): void {
  const tokens = messageTokens(messages);
  const room = contextLength - reservedForAnswer;
  if (tokens > room) {
    throw new FlashlightError(
      'tooLarge',
      `This is about ${tokens.toLocaleString('en-US')} tokens, more than the model's ${contextLength.toLocaleString('en-US')}-token window allows with room for the answer. Select less code and try again. Nothing was sent.`,
    );
  }
}
