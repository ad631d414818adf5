// One piece of code goes to the model once: a definition that two identifiers lead to, a type that
// is also a definition, a function inside a class already sent, or code that is the selection
// itself (the prompt has it already) is dropped. Runs on ranked candidates: the better one stays.
import type { Candidate, SelectionSpan, SourceSpan } from './candidates';

function overlaps(a: Pick<SourceSpan, 'uri' | 'startLine' | 'endLine'>, b: Pick<SourceSpan, 'uri' | 'startLine' | 'endLine'>): boolean {
  return a.uri === b.uri && a.startLine <= b.endLine && b.startLine <= a.endLine;
}

/** Ranked candidates without repeats; diagnostics are messages, not code, and are never dropped as overlapping. */
export function dedupeCandidates(ranked: readonly Candidate[], selection: SelectionSpan): Candidate[] {
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    if (!candidate.text.trim()) continue;
    if (candidate.kind === 'diagnostics') {
      if (!kept.some((other) => other.kind === 'diagnostics' && other.text === candidate.text)) kept.push(candidate);
      continue;
    }
    if (overlaps(candidate.span, selection)) continue;
    if (kept.some((other) => other.kind !== 'diagnostics' && overlaps(other.span, candidate.span))) continue;
    kept.push(candidate);
  }
  return kept;
}
