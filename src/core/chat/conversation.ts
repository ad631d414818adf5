// A conversation and the pure operations on it. No `vscode`, no I/O: unit-tested in plain Node.
import { randomUUID } from 'node:crypto';
import type { ChatAssistantTurn, ChatTurn, ChatUserTurn, ContextChip, ConversationSummary, ImageChip, RestoredAnswer } from '../../protocol';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: ChatTurn[];
}

export function newConversation(now = Date.now()): Conversation {
  return { id: randomUUID(), title: 'New chat', createdAt: now, updatedAt: now, turns: [] };
}

/** The first question, on one line, short enough for a list. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return 'New chat';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, turnCount: conversation.turns.length };
}

export function userTurn(text: string, contexts: ContextChip[], images: ImageChip[]): ChatUserTurn {
  return { id: randomUUID(), role: 'user', text, contexts, images };
}

export function assistantTurn(answer: RestoredAnswer): ChatAssistantTurn {
  return { id: randomUUID(), role: 'assistant', answer };
}

/** Everything before the turn (for retry and edit-and-resend); the whole list if it is not found. */
export function turnsBefore(turns: ChatTurn[], turnId: string): ChatTurn[] {
  const index = turns.findIndex((turn) => turn.id === turnId);
  return index < 0 ? turns : turns.slice(0, index);
}

/** The user turn an assistant turn answers (the one just before it). */
export function questionFor(turns: ChatTurn[], assistantTurnId: string): ChatUserTurn | undefined {
  const index = turns.findIndex((turn) => turn.id === assistantTurnId);
  for (let at = index - 1; at >= 0; at--) {
    const turn = turns[at];
    if (turn.role === 'user') return turn;
  }
  return undefined;
}

/**
 * What survives a reload: an answer still streaming when the window went away is not a complete
 * message, so it is dropped; its question stays, and can be retried.
 */
export function completeTurns(turns: ChatTurn[]): ChatTurn[] {
  return turns.filter((turn) => turn.role === 'user' || turn.answer.state !== 'streaming');
}
