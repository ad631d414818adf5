// The code actions Flashlight offers, by id: their titles, kinds, commands and settings, and the
// choice of which to offer for a given request. Pure: no `vscode` import, so the choice is
// unit-tested in plain Node and costs nothing in the provider.

export type ActionId = 'explain' | 'fix' | 'document' | 'tests' | 'simplify';
export const actionIds: readonly ActionId[] = ['explain', 'fix', 'document', 'tests', 'simplify'];

/** `flashlight.codeActions.<id>`: false turns the action off in the lightbulb and the palette. */
export type EnabledActions = Record<ActionId, boolean>;
export const allEnabled: EnabledActions = { explain: true, fix: true, document: true, tests: true, simplify: true };

/** Kinds as dotted strings; the provider turns them into `vscode.CodeActionKind`s once. */
export const kinds = {
  quickFix: 'quickfix.flashlight',
  fix: 'refactor.rewrite.flashlight.fix',
  simplify: 'refactor.rewrite.flashlight.simplify',
  document: 'refactor.rewrite.flashlight.document',
  tests: 'refactor.flashlight.tests',
  explain: 'refactor.flashlight.explain',
} as const;
/** What the provider declares: every kind above falls under one of these. */
export const providedKinds = ['quickfix.flashlight', 'refactor.rewrite.flashlight', 'refactor.flashlight'] as const;

export const commandIds = {
  explain: 'flashlight.explainCode',
  fix: 'flashlight.fixCode',
  fixDiagnostic: 'flashlight.fixDiagnostic',
  document: 'flashlight.documentCode',
  tests: 'flashlight.writeTests',
  simplify: 'flashlight.simplifyCode',
  accept: 'flashlight.acceptSuggestion',
  reject: 'flashlight.rejectSuggestion',
} as const;

const titles: Record<ActionId, string> = {
  explain: 'Explain with Flashlight',
  fix: 'Fix with Flashlight',
  document: 'Document with Flashlight',
  tests: 'Write Tests with Flashlight',
  simplify: 'Simplify with Flashlight',
};

export interface PlanInput {
  /** The range the editor asked about is not empty (the user selected code). */
  hasSelection: boolean;
  /** The user asked (Ctrl+., the lightbulb, the Refactor menu), rather than the editor asking on its own as the cursor moves. */
  invoked: boolean;
  /** Messages of the diagnostics under the range, as the editor passed them (hints already left out). */
  diagnostics: readonly string[];
  enabled: EnabledActions;
  /** The editor's `only` filter: whether it wants actions of this kind. */
  wants?(kind: string): boolean;
}

export interface PlannedAction {
  id: ActionId;
  title: string;
  kind: string;
  /** For a Quick Fix: the index, in PlanInput.diagnostics, of the diagnostic it fixes. */
  diagnostic?: number;
  preferred?: boolean;
}

/** One Quick Fix per diagnostic, at most this many, so a line full of errors keeps a short menu. */
export const maxQuickFixes = 3;

function shorten(message: string, length: number): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * Which actions to offer. The editor asks on every cursor move (`invoked` false): then only the
 * Quick Fixes for diagnostics under the cursor, or the refactors when code is selected, so the
 * lightbulb does not sit on every line. Ctrl+. (`invoked` true) offers everything enabled.
 */
export function planCodeActions(input: PlanInput): PlannedAction[] {
  const { enabled, wants = () => true } = input;
  const planned: PlannedAction[] = [];
  if (enabled.fix && wants(kinds.quickFix)) {
    const count = Math.min(input.diagnostics.length, maxQuickFixes);
    for (let index = 0; index < count; index++) {
      const title = input.diagnostics.length === 1 ? titles.fix : `${titles.fix}: ${shorten(input.diagnostics[index], 60)}`;
      planned.push({ id: 'fix', title, kind: kinds.quickFix, diagnostic: index });
    }
  }
  if (!input.invoked && !input.hasSelection) return planned;
  const offer = (id: ActionId, kind: string) => {
    if (enabled[id] && wants(kind)) planned.push({ id, title: titles[id], kind });
  };
  offer('explain', kinds.explain);
  // With Quick Fixes above, a general "Fix" would be a second entry for the same thing.
  if (planned.every((action) => action.diagnostic === undefined)) offer('fix', kinds.fix);
  offer('document', kinds.document);
  offer('simplify', kinds.simplify);
  offer('tests', kinds.tests);
  return planned;
}
