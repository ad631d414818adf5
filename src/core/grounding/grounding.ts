// From the candidates the host gathered to what is sent and shown: ranked, deduplicated, cut to the
// budget, formatted; and the one place the text joins a prompt (before the question, after the
// system prompt). Pure: no `vscode`.
import type { ChatMessage } from '../openrouter/types';
import type { GroundingView } from '../../protocol';
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
