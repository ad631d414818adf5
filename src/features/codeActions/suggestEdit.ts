// Fix, Document and Simplify (and tests appended to an existing file): send the prompt, parse the
// reply's code, and offer it as a diff to accept. Every way this can end is said to the user.
import * as vscode from 'vscode';
import type { ChatMessage } from '../../core/openrouter/types';
import { reindentLike } from '../../core/editor/reindent';
import { replacementOf, type ParsedReply } from '../../core/prompts/replyParser';
import type { ProposalStore, ProposeResult } from '../../host/editor/proposals';
import { fitsOrSay, showFailure, streamSuggestion, type SuggestionDeps } from './streamSuggestion';
import { withGrounding } from '../../core/grounding/grounding';
import { tooLargeFor } from '../../core/prompts/request';

export interface EditJob {
  label: string; // "Fix": titles and messages
  progressTitle: string; // "Flashlight: fixing src/a.ts lines 3–9"
  document: vscode.TextDocument;
  range: vscode.Range; // replaced by the suggestion (empty: inserted there)
  version: number; // the document's version when the code in `original` was read
  original: string; // document.getText(range) at that version
  languageId: string;
  messages: ChatMessage[];
  /** Turns the parsed code into the text that replaces `range` (default: re-indented like the original). */
  shape?(code: string): string;
  /** Runs the whole action again (the error's Retry button). */
  rerun(): unknown;
  /** The code the prompt is about, whose context is gathered (default: `document` and `range`). */
  groundFor?: CodeRange;
}

/** A range of a document: what the context is gathered for. */
export interface CodeRange {
  document: vscode.TextDocument;
  range: vscode.Range;
  /** The prompt already lists the range's diagnostics (Fix): the context does not repeat them. */
  withoutDiagnostics?: boolean;
}

export type EditResult = ProposeResult | { opened: false; reason: string };

/** Offers the raw reply in a Markdown document, so an answer the parser could not use is not lost. */
export async function offerRawReply(message: string, reply: string): Promise<void> {
  const picked = await vscode.window.showWarningMessage(message, 'Show Answer');
  if (picked === 'Show Answer') {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: reply });
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/** The context goes before the task, bounded in time; a prompt that no longer fits goes without it. */
export async function groundedMessages(deps: SuggestionDeps, messages: ChatMessage[], groundFor?: CodeRange): Promise<ChatMessage[]> {
  const grounding =
    groundFor && deps.gatherContext
      ? await deps.gatherContext(groundFor.document, groundFor.range, { withoutDiagnostics: groundFor.withoutDiagnostics })
      : undefined;
  const grounded = withGrounding(messages, grounding);
  return tooLargeFor(deps.settings(), grounded) ? messages : grounded;
}

/** The model's reply, parsed; says why when there is no usable code. */
export async function requestCode(
  deps: SuggestionDeps,
  options: { title: string; messages: ChatMessage[]; languageId: string; original?: string; logLabel: string; rerun(): unknown; groundFor?: CodeRange },
): Promise<{ reply: ParsedReply; raw: string; cutOff: boolean } | { reason: string }> {
  if (!fitsOrSay(deps, options.messages)) return { reason: 'too large' };
  const messages = await groundedMessages(deps, options.messages, options.groundFor);
  const outcome = await streamSuggestion(deps, { title: options.title, messages, logLabel: options.logLabel });
  if (outcome.kind === 'cancelled') return { reason: 'cancelled' };
  if (outcome.kind === 'failed') {
    void showFailure(deps, outcome.error, options.rerun);
    return { reason: outcome.error.message };
  }
  const raw = outcome.reply.text;
  const parsed = replacementOf(raw, options.languageId, options.original);
  if (!parsed.ok) {
    void offerRawReply(`Flashlight: ${parsed.reason}`, raw);
    return { reason: parsed.reason };
  }
  return { reply: parsed.reply, raw, cutOff: !parsed.reply.complete || outcome.reply.finishReason === 'length' };
}

function sameCode(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
}

export async function suggestEdit(deps: SuggestionDeps, proposals: ProposalStore, job: EditJob): Promise<EditResult> {
  const result = await requestCode(deps, {
    title: job.progressTitle,
    messages: job.messages,
    languageId: job.languageId,
    original: job.original || undefined,
    logLabel: `code action ${job.label}`,
    rerun: job.rerun,
    groundFor: job.groundFor ?? { document: job.document, range: job.range },
  });
  if ('reason' in result) return { opened: false, reason: result.reason };
  const { reply, raw } = result;
  if (result.cutOff) {
    const reason =
      'The suggestion was cut off before its code ended (the model’s output limit), so there is nothing safe to apply. Select less code, or raise flashlight.maxTokens.';
    void offerRawReply(`Flashlight: ${reason}`, raw);
    return { opened: false, reason };
  }
  const replacement = job.shape ? job.shape(reply.code) : reindentLike(reply.code, job.original);
  if (sameCode(replacement, job.original)) {
    const reason = `No change suggested${reply.why ? `: ${reply.why}` : '.'}`;
    void vscode.window.showInformationMessage(`Flashlight ${job.label}: ${reason}`);
    return { opened: false, reason };
  }
  return proposals.propose({
    label: job.label,
    document: job.document,
    range: job.range,
    snapshot: { version: job.version, text: job.original },
    replacement,
    why: reply.why,
    caution: reply.fenced ? undefined : 'The model did not put its code in a code block: check the diff closely.',
  });
}
