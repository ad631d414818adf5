// Fix, Fix (on a diagnostic), Document and Simplify: each resolves the code it works on, builds its
// prompt and hands it to suggestEdit, which ends in a diff to accept or reject.
import * as vscode from 'vscode';
import { contextFor } from '../../host/editor/codeUnderCursor';
import type { ChatMessage } from '../../core/openrouter/types';
import { describeLocation } from '../../core/prompts/code';
import { documentMessages } from '../../core/prompts/document';
import { fixMessages, type DiagnosticInfo } from '../../core/prompts/fix';
import { simplifyMessages } from '../../core/prompts/simplify';
import { isActionArgs, type DiagnosticArg } from '../../core/codeActions/actionArgs';
import { fixLines } from '../../core/codeActions/fixRange';
import { diagnosticArg } from './provider';
import type { ProposalStore } from '../../host/editor/proposals';
import type { SuggestionDeps } from './streamSuggestion';
import { groundedMessages, suggestEdit, type EditJob, type EditResult } from './suggestEdit';
import type { InlineEditEnd } from '../inlineEdit/inlineEditJob';
import { documentFor, refusal, resolveTarget, surroundingsOf, wholeLines, type CodeTarget } from '../../host/editor/target';

function toInfo(diagnostic: DiagnosticArg): DiagnosticInfo {
  return {
    message: diagnostic.message,
    severity: diagnostic.severity,
    source: diagnostic.source,
    code: diagnostic.code,
    line: diagnostic.range[0] + 1,
    column: diagnostic.range[1] + 1,
  };
}

/** Errors and warnings (no hints) whose start lies on lines `from`..`to`. */
function diagnosticsOn(document: vscode.TextDocument, from: number, to: number): DiagnosticArg[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Hint)
    .filter((diagnostic) => diagnostic.range.start.line >= from && diagnostic.range.start.line <= to)
    .map(diagnosticArg);
}

function sameDiagnostic(a: DiagnosticArg, b: DiagnosticArg): boolean {
  return a.message === b.message && a.range.every((value, index) => value === b.range[index]);
}

function say(message: string): EditResult {
  void vscode.window.showWarningMessage(message);
  return { opened: false, reason: message };
}

function editJob(target: CodeTarget, label: string, verb: string, messages: ChatMessage[], rerun: () => unknown): EditJob {
  return {
    label,
    progressTitle: `Flashlight: ${verb} ${describeLocation(target.context)}`,
    document: target.document,
    range: target.range,
    version: target.version,
    original: target.context.code,
    languageId: target.context.languageId,
    messages,
    rerun,
  };
}

/** Fix's prompt names the range's diagnostics itself: the gathered context would send them a second time. */
function fixJob(target: CodeTarget, messages: ChatMessage[], rerun: () => unknown): EditJob {
  return { ...editJob(target, 'Fix', 'fixing', messages, rerun), groundFor: { document: target.document, range: target.range, withoutDiagnostics: true } };
}

/**
 * The inline diff by default (flashlight.codeActions.diffStyle), else today's diff editor. `task`
 * is the job in words, kept as context by the inline diff's Follow up.
 */
async function offer(deps: SuggestionDeps, proposals: ProposalStore, job: EditJob, task: string): Promise<EditResult | InlineEditEnd> {
  if (!deps.inline?.enabled()) return suggestEdit(deps, proposals, job);
  return deps.inline.start({
    label: job.label,
    document: job.document,
    range: job.range,
    original: job.original,
    languageId: job.languageId,
    // The same workspace context as the side-by-side path (requestCode), gathered first.
    messages: await groundedMessages(deps, job.messages, job.groundFor ?? { document: job.document, range: job.range }),
    instructions: [task],
  });
}

/** Fix the code under the selection or cursor, with the diagnostics on those lines. */
export async function fixCode(deps: SuggestionDeps, proposals: ProposalStore, args?: unknown): Promise<EditResult | InlineEditEnd> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'fix');
  if (refused || !target) return say(refused!);
  const diagnostics = diagnosticsOn(target.document, target.range.start.line, target.range.end.line).map(toInfo);
  const messages = fixMessages({ context: target.context, diagnostics, surroundings: surroundingsOf(target.document, target.range) });
  return offer(
    deps,
    proposals,
    fixJob(target, messages, () => fixCode(deps, proposals, args)),
    'Fix the bug or the problems reported in this code',
  );
}

/** "Fix with Flashlight" on one diagnostic: the enclosing small block (or a few lines) around it. */
export async function fixDiagnostic(deps: SuggestionDeps, proposals: ProposalStore, args?: unknown): Promise<EditResult | InlineEditEnd> {
  if (!isActionArgs(args) || !args.diagnostic) return fixCode(deps, proposals, args);
  const primary = args.diagnostic;
  const document = await documentFor(args.uri);
  const lines = document.getText().split(/\r?\n/);
  const span = fixLines(lines, primary.range[0], primary.range[2]);
  const range = wholeLines(document, span.replace.start, span.replace.end);
  const target: CodeTarget = { document, range, context: contextFor(document, range), version: document.version };
  const refused = refusal(target, 'fix');
  if (refused) return say(refused);
  const nearby = diagnosticsOn(document, span.before.start, span.after.end).filter((diagnostic) => !sameDiagnostic(diagnostic, primary));
  const messages = fixMessages({
    context: target.context,
    diagnostics: [toInfo(primary)],
    nearby: nearby.map(toInfo),
    surroundings: surroundingsOf(document, range),
  });
  return offer(
    deps,
    proposals,
    fixJob(target, messages, () => fixDiagnostic(deps, proposals, args)),
    `Fix this problem: ${primary.message}`,
  );
}

export async function documentCode(deps: SuggestionDeps, proposals: ProposalStore, args?: unknown): Promise<EditResult | InlineEditEnd> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'document');
  if (refused || !target) return say(refused!);
  const messages = documentMessages(target.context, surroundingsOf(target.document, target.range));
  return offer(
    deps,
    proposals,
    editJob(target, 'Document', 'documenting', messages, () => documentCode(deps, proposals, args)),
    'Add documentation comments; change no code',
  );
}

export async function simplifyCode(deps: SuggestionDeps, proposals: ProposalStore, args?: unknown): Promise<EditResult | InlineEditEnd> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'simplify');
  if (refused || !target) return say(refused!);
  const messages = simplifyMessages(target.context, surroundingsOf(target.document, target.range));
  return offer(
    deps,
    proposals,
    editJob(target, 'Simplify', 'simplifying', messages, () => simplifyCode(deps, proposals, args)),
    'Simplify this code, keeping its behaviour',
  );
}
