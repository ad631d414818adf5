// The arguments a code action passes to its command: plain JSON, so they survive any trip through
// the command service (and `vscode.executeCodeActionProvider` in the tests) unchanged. Pure.

export type RangeArg = [startLine: number, startCharacter: number, endLine: number, endCharacter: number];

export interface DiagnosticArg {
  message: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  source?: string;
  code?: string | number;
  range: RangeArg;
}

export interface ActionArgs {
  uri: string;
  range: RangeArg;
  /** For "Fix with Flashlight" on a diagnostic: the one it was picked on. */
  diagnostic?: DiagnosticArg;
}

export function isActionArgs(value: unknown): value is ActionArgs {
  if (!value || typeof value !== 'object') return false;
  const args = value as Partial<ActionArgs>;
  return typeof args.uri === 'string' && Array.isArray(args.range) && args.range.length === 4 && args.range.every((n) => Number.isInteger(n) && n >= 0);
}
