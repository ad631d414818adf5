// The gathered context as the model reads it and as the answer's header names it. The prompt text
// goes before the question (after the system prompt), in rank order, so a follow-up about the same
// code starts with the same bytes and the provider's prompt cache can reuse them.
import { fenceFor } from '../prompts/code';
import type { Candidate } from './candidates';

export const contextPreamble =
  'Context from the workspace, gathered by the editor for the code below: definitions of the symbols it uses and what surrounds it. Use it as reference; it may be incomplete.';

/** 1-based, as people and the prompts count lines. */
export function linesLabel(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
}

function heading(candidate: Candidate): string {
  const where = `${candidate.span.file} ${linesLabel(candidate.span.startLine, candidate.span.endLine)}`;
  switch (candidate.kind) {
    case 'definition':
      return `Definition of \`${candidate.symbol ?? '?'}\`, ${where}:`;
    case 'typeDefinition':
      return `Type of \`${candidate.symbol ?? '?'}\`, ${where}:`;
    case 'signature':
      return `Signature of the enclosing declaration, ${where}:`;
    case 'imports':
      return `Imports of ${candidate.span.file}:`;
    case 'diagnostics':
      return 'Diagnostics the editor reports on the selected lines:';
  }
}

function block(candidate: Candidate): string {
  if (candidate.kind === 'diagnostics') return `${heading(candidate)}\n${candidate.text}`;
  const fence = fenceFor(candidate.text);
  return `${heading(candidate)}\n${fence}${candidate.languageId}\n${candidate.text}\n${fence}`;
}

/** The text put before the question; empty when there is nothing to add. */
export function contextText(kept: readonly Candidate[]): string {
  if (!kept.length) return '';
  return [contextPreamble, ...kept.map(block)].join('\n\n');
}

/** One item as the header lists it: "parseConfig · src/config.ts:3–9". */
export function itemLabel(candidate: Candidate): string {
  const lines =
    candidate.span.startLine === candidate.span.endLine ? `${candidate.span.startLine + 1}` : `${candidate.span.startLine + 1}–${candidate.span.endLine + 1}`;
  const where = `${candidate.span.file}:${lines}`;
  switch (candidate.kind) {
    case 'definition':
      return `${candidate.symbol ?? '?'} · ${where}`;
    case 'typeDefinition':
      return `type of ${candidate.symbol ?? '?'} · ${where}`;
    case 'signature':
      return `enclosing signature · ${where}`;
    case 'imports':
      return `imports · ${where}`;
    case 'diagnostics': {
      const count = candidate.text.split('\n').filter(Boolean).length;
      return count === 1 ? '1 diagnostic' : `${count} diagnostics`;
    }
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The header's summary: "3 definitions from 2 files, the enclosing signature, the imports, 1 diagnostic". */
export function summaryOf(kept: readonly Candidate[], leftOut: number, maxTokens: number): string {
  const definitions = kept.filter((candidate) => candidate.kind === 'definition' || candidate.kind === 'typeDefinition');
  const files = new Set(definitions.map((candidate) => candidate.span.uri)).size;
  const parts: string[] = [];
  if (definitions.length) parts.push(`${plural(definitions.length, 'definition', 'definitions')} from ${plural(files, 'file', 'files')}`);
  if (kept.some((candidate) => candidate.kind === 'signature')) parts.push('the enclosing signature');
  if (kept.some((candidate) => candidate.kind === 'imports')) parts.push('the imports');
  const diagnostics = kept.filter((candidate) => candidate.kind === 'diagnostics').reduce((sum, c) => sum + c.text.split('\n').filter(Boolean).length, 0);
  if (diagnostics) parts.push(plural(diagnostics, 'diagnostic', 'diagnostics'));
  const summary = parts.length ? parts.join(', ') : 'no context found';
  return leftOut ? `${summary}; ${plural(leftOut, 'item', 'items')} left out to fit ${maxTokens.toLocaleString('en-US')} tokens` : summary;
}
