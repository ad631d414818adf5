// The gathered context is cut to `flashlight.context.maxTokens`, estimated the way every prompt is
// (prompts/budget.ts: 4 characters a token). Items are taken best first; one that does not fit is
// left out and smaller ones after it may still go, so a long definition does not crowd out the
// diagnostics. A single item longer than a quarter of the budget is cut to its first lines.
import { estimateTokens } from '../prompts/budget';
import type { Candidate } from './candidates';

/** What each item costs beyond its text: its heading and fence. */
export const itemOverheadTokens = 20;

export interface Budgeted {
  kept: Candidate[];
  /** Items left out because the budget was spent. */
  leftOut: number;
  tokens: number;
}

/** `text` cut to about `maxTokens`, at a line end, saying how many lines were left out. */
export function cutText(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = estimateTokens(`${line}\n`);
    if (used + cost > maxTokens) break;
    kept.push(line);
    used += cost;
  }
  // One enormous line (minified code): its head, cut by characters.
  if (!kept.length) return `${lines[0].slice(0, Math.max(0, maxTokens * 4 - 40))}…\n… (${lines.length} lines, cut)`;
  return `${kept.join('\n')}\n… (${lines.length - kept.length} more lines)`;
}

export function fitToBudget(ranked: readonly Candidate[], maxTokens: number): Budgeted {
  const perItem = Math.max(200, Math.floor(maxTokens / 4));
  const kept: Candidate[] = [];
  let tokens = 0;
  let leftOut = 0;
  for (const candidate of ranked) {
    const text = cutText(candidate.text, perItem);
    const cost = estimateTokens(text) + itemOverheadTokens;
    if (tokens + cost > maxTokens) {
      leftOut++;
      continue;
    }
    kept.push(text === candidate.text ? candidate : { ...candidate, text });
    tokens += cost;
  }
  return { kept, leftOut, tokens };
}
