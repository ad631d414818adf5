// One request for an edit in place: what it replaces and the prompt that asks for it. Built by
// Flashlight: Edit… and by the code actions (Fix, Fix Problem, Document, Simplify).
import type * as vscode from 'vscode';
import type { ChatMessage } from '../../core/openrouter/types';
import type { SessionState } from '../../core/inlineEdit/session';

export interface InlineEditJob {
  label: string; // "Edit", "Fix": lenses and messages
  document: vscode.TextDocument;
  /** Whole lines, replaced by the reply's code. */
  range: vscode.Range;
  /** document.getText(range) when the prompt was built. */
  original: string;
  languageId: string;
  messages: ChatMessage[];
  /** The instructions so far, kept as context by a follow-up (the code actions give their task in words). */
  instructions: string[];
}

/** How the reply ended (`refused`: nothing was sent, e.g. too large). */
export interface InlineEditEnd {
  state: SessionState | 'refused';
  reason?: string;
}
