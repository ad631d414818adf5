// What the editor can tell the model about a selection before it asks: the definitions of the
// symbols the selection uses, the enclosing function's or class's signature, the file's imports and
// the diagnostics on those lines. The host gathers these (host/grounding); everything after that
// (ranking, dedupe, the token budget, the prompt text) is pure and lives in this room.

export type CandidateKind = 'definition' | 'typeDefinition' | 'signature' | 'imports' | 'diagnostics';

/** Where a piece of code is: the document's URI (the extension's own key), a name to show, 0-based inclusive lines. */
export interface SourceSpan {
  uri: string;
  /** Workspace-relative name, shown to the user and the model. */
  file: string;
  startLine: number;
  endLine: number;
}

export interface Candidate {
  kind: CandidateKind;
  /** The identifier of the selection that led to this definition (definitions and type definitions). */
  symbol?: string;
  /** Where in the selection that identifier is first used (its offset): earlier first. */
  firstUse?: number;
  /** The selection calls it (`name(`): what it calls comes first. */
  called?: boolean;
  span: SourceSpan;
  /** The code (or, for diagnostics, the editor's messages) as it goes to the model. */
  text: string;
  languageId: string;
}

/** The selection the context is gathered for: items that repeat it are dropped. */
export type SelectionSpan = Pick<SourceSpan, 'uri' | 'startLine' | 'endLine'>;
