// The order context goes in, which is also what the token budget keeps first: the definitions of
// what the selection calls, then its types, then the enclosing signature, the other definitions, the
// imports and the diagnostics. Ties go by first use, then file and line, so the same workspace
// gives the same prompt text byte for byte (a prefix the provider's cache can reuse).
import type { Candidate } from './candidates';

function tierOf(candidate: Candidate): number {
  switch (candidate.kind) {
    case 'definition':
      return candidate.called ? 0 : 3;
    case 'typeDefinition':
      return 1;
    case 'signature':
      return 2;
    case 'imports':
      return 4;
    case 'diagnostics':
      return 5;
  }
}

function compare(a: Candidate, b: Candidate): number {
  return (
    tierOf(a) - tierOf(b) ||
    (a.firstUse ?? Number.MAX_SAFE_INTEGER) - (b.firstUse ?? Number.MAX_SAFE_INTEGER) ||
    (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
    a.span.startLine - b.span.startLine ||
    a.span.endLine - b.span.endLine
  );
}

/** A new array, best first; the input is left as it is. */
export function rankCandidates(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(compare);
}
