// The "Fix" prompt: a minimal change that makes the diagnostics (or, with none, the evident bug)
// go away. Pure: no `vscode` import.
import type { ChatMessage } from '../openrouter/types';
import type { CodeContext } from './code';
import { codeToReplace, keepShape, type Surroundings } from './editContext';
import { replyFormatInstructions } from './replyParser';
import { systemPrompt } from './system';

export interface DiagnosticInfo {
  message: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  source?: string; // e.g. "ts", "eslint", "Pylance"
  code?: string | number; // e.g. 2322
  line: number; // 1-based
  column: number; // 1-based
}

export function describeDiagnostic(diagnostic: DiagnosticInfo): string {
  const origin = [diagnostic.source, diagnostic.code === undefined ? undefined : String(diagnostic.code)].filter(Boolean).join(' ');
  const message = diagnostic.message.replace(/\s*\n\s*/g, ' ').trim();
  return `- line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.severity}${origin ? ` [${origin}]` : ''}: ${message}`;
}

export interface FixRequest {
  context: CodeContext;
  /** The diagnostics to fix (the one a Quick Fix was picked on, or those under the selection). */
  diagnostics: DiagnosticInfo[];
  /** Other diagnostics near the code, for context: they may or may not share the cause. */
  nearby?: DiagnosticInfo[];
  surroundings?: Surroundings;
}

export function fixMessages(request: FixRequest): ChatMessage[] {
  const { context, diagnostics, nearby = [] } = request;
  const task =
    diagnostics.length > 0
      ? [
          `Fix ${diagnostics.length === 1 ? 'this problem' : 'these problems'}, reported by the editor in ${context.languageId} code:`,
          diagnostics.map(describeDiagnostic).join('\n'),
        ].join('\n')
      : `Find and fix the bug in this ${context.languageId} code. If there is none, return it unchanged and say so after "Why:".`;
  const others = nearby.length > 0 ? `Other diagnostics nearby (fix them only if the same change does):\n${nearby.map(describeDiagnostic).join('\n')}` : '';
  const text = [
    task,
    others,
    codeToReplace(context, request.surroundings),
    'Make the smallest change that fixes it. Keep names, formatting and behaviour otherwise; add no comments about the fix.',
    keepShape,
    replyFormatInstructions(context.languageId, 'the fixed code'),
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ];
}
