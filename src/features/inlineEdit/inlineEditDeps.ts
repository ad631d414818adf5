// What an edit in place needs from the rest of the extension, handed over by extension.ts.
import type * as vscode from 'vscode';
import type { ErrorActions } from '../errorActions/errorActions';
import type { Log } from '../../core/log';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { RequestSettings } from '../../core/prompts/request';
import type { ProposalInput, ProposeResult } from '../../host/editor/proposals';

export interface InlineEditDeps {
  access: OpenRouterAccess;
  settings(): RequestSettings;
  errorActions: ErrorActions;
  log: Log;
  nextRequestId(): number;
  /** A reply that is not code, shown as an explanation in the answer panel (never written). */
  explain(title: string, text: string): void;
  /** Open as diff: today's side-by-side diff editor. */
  propose(input: ProposalInput): Promise<ProposeResult>;
  /** Recent instructions (newest first), kept across sessions. */
  history: vscode.Memento;
}
