// From the candidates the host gathered to what is sent and shown: ranked, deduplicated, cut to the
// budget, formatted; and the one place the text joins a prompt (before the question, after the
// system prompt). Pure: no `vscode`.
import type { ChatMessage } from '../openrouter/types';
import { randomUUID } from 'node:crypto';
import type { ContextChip, GroundingView } from '../../protocol';
import type { Candidate, SelectionSpan } from './candidates';
import { fitToBudget } from './budget';
import { dedupeCandidates } from './dedupe';
import { contextText, itemLabel, summaryOf } from './format';
import { rankCandidates } from './rank';

export interface Grounding {
  /** The text put before the question; empty when nothing was found. */
  text: string;
  /** What the answer's header shows (and the extension's record opens items from). */
  view: GroundingView;
  /** Estimated tokens the text adds. */
  tokens: number;
  /** The items sent, best first (the chat shows them as chips). */
  kept: Candidate[];
}

export interface GroundingOptions {
  selection: SelectionSpan;
  maxTokens: number;
  /** Set when gathering ran out of time: the request goes with what was ready. */
  timedOutAfterMs?: number;
}

export function buildGrounding(candidates: readonly Candidate[], options: GroundingOptions): Grounding {
  const unique = dedupeCandidates(rankCandidates(candidates), options.selection);
  const { kept, leftOut, tokens } = fitToBudget(unique, options.maxTokens);
  const text = contextText(kept);
  return {
    text,
    tokens: text ? tokens : 0,
    kept,
    view: {
      summary: summaryOf(kept, leftOut, options.maxTokens),
      ...(options.timedOutAfterMs === undefined ? {} : { partial: `partial: timed out after ${options.timedOutAfterMs} ms` }),
      items: kept.map((candidate) => ({
        label: itemLabel(candidate),
        kind: candidate.kind,
        uri: candidate.span.uri,
        startLine: candidate.span.startLine,
        endLine: candidate.span.endLine,
      })),
    },
  };
}

/** The messages with the context before the first user message's text; as they are with none. */
export function withGrounding(messages: readonly ChatMessage[], grounding: Grounding | undefined): ChatMessage[] {
  if (!grounding?.text) return [...messages];
  const index = messages.findIndex((message) => message.role === 'user');
  if (index < 0) return [...messages];
  const user = messages[index];
  if (user.role !== 'user') return [...messages];
  const content = user.content;
  const grounded: ChatMessage =
    typeof content === 'string'
      ? { ...user, content: `${grounding.text}\n\n${content}` }
      : { ...user, content: [{ type: 'text', text: grounding.text }, ...content] };
  return [...messages.slice(0, index), grounded, ...messages.slice(index + 1)];
}

/**
 * The chat's form of the context: one chip per item, before the code's own chip, so the user sees
 * each and can remove it before sending; a sent chip is kept with its turn like any other.
 */
export function groundingChips(grounding: Grounding | undefined, groundsChipId?: string): ContextChip[] {
  return (grounding?.kept ?? []).map((candidate) => ({
    ...(groundsChipId ? { groundsChipId } : {}),
    id: randomUUID(),
    kind: 'selection',
    label: itemLabel(candidate),
    fileName: candidate.span.file,
    languageId: candidate.kind === 'diagnostics' ? 'plaintext' : candidate.languageId,
    code: candidate.text,
    startLine: candidate.span.startLine + 1,
    endLine: candidate.span.endLine + 1,
  }));
}

/**
 * The chips a chat message sends: those listed, with the gathered context of a listed chip that is
 * still attached (not removed), each context chip just before the chip it was gathered for, in the
 * order it was ranked.
 */
export function withContextChips(listed: readonly ContextChip[], attached: readonly ContextChip[]): ContextChip[] {
  const ids = new Set(listed.map((chip) => chip.id));
  const context = (chip: ContextChip) => attached.filter((other) => other.groundsChipId === chip.id);
  const ordered: ContextChip[] = [];
  for (const chip of listed) {
    if (chip.groundsChipId && ids.has(chip.groundsChipId)) continue; // placed with its chip
    ordered.push(...context(chip), chip);
  }
  return ordered;
}
