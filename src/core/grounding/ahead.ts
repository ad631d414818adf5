// Context gathered ahead: when the user selects code, the host asks the language servers at once,
// so that by the time Explain is pressed the definitions are in. These are the pure rules for when
// that gathering may stand in for a new one; the host (host/grounding/gatherAhead.ts) keeps it.
import type { Candidate } from './candidates';

/** What a gathering was for: the document as it was, the exact range, and the workspace as it was. */
export interface AheadKey {
  uri: string;
  version: number;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** Counts the edits, saves, creations and deletions in the workspace: another file's change can move a definition. */
  workspaceEpoch: number;
}

export function sameAheadKey(a: AheadKey, b: AheadKey): boolean {
  return (
    a.uri === b.uri &&
    a.version === b.version &&
    a.startLine === b.startLine &&
    a.startCharacter === b.startCharacter &&
    a.endLine === b.endLine &&
    a.endCharacter === b.endCharacter &&
    a.workspaceEpoch === b.workspaceEpoch
  );
}

/** What to do with the gathering made ahead when a question asks for context. */
export type AheadUse = 'reuse' | 'join' | 'fresh';

export interface AheadState {
  /** The gathering ahead was for this very question's code, in this very workspace. */
  sameKey: boolean;
  /** Every provider it asked has answered. */
  settled: boolean;
  /** What the providers gave (definitions, type definitions, signatures). */
  candidates: readonly Candidate[];
  documentUri: string;
  /** The document's import lines (0-based, inclusive), if it has any (the `imports` candidate's span). */
  imports?: { startLine: number; endLine: number };
}

/**
 * Joining one still under way is never worse than asking again: a new request would queue behind
 * it in the same language server. A finished one is reused only when it looks like the language
 * server's full answer. While a TypeScript project loads, VS Code routes definitions to a
 * syntax-only server that knows the open file alone: an imported name's definition is then its own
 * import line, and a gathering made then would send less than one made a second later. So: no
 * definition on this file's import lines, and a definition from another file or (a file importing
 * nothing) some definition.
 */
export function aheadUse(state: AheadState): AheadUse {
  if (!state.sameKey) return 'fresh';
  if (!state.settled) return 'join';
  const definitions = state.candidates.filter((candidate) => candidate.kind === 'definition');
  const here = definitions.filter((candidate) => candidate.span.uri === state.documentUri);
  const { imports } = state;
  if (imports && here.some((candidate) => candidate.span.startLine <= imports.endLine && candidate.span.endLine >= imports.startLine)) return 'fresh';
  if (here.length < definitions.length) return 'reuse';
  if (!imports && definitions.length > 0) return 'reuse';
  return 'fresh';
}
