// The "Simplify" prompt: same behaviour, less code. Pure: no `vscode` import.
import type { ChatMessage } from '../openrouter/types';
import type { CodeContext } from './code';
import { codeToReplace, keepShape, type Surroundings } from './editContext';
import { replyFormatInstructions } from './replyParser';
import { systemPrompt } from './system';

export function simplifyMessages(context: CodeContext, surroundings?: Surroundings): ChatMessage[] {
  const text = [
    `Simplify this ${context.languageId} code.`,
    codeToReplace(context, surroundings),
    [
      'Keep its behaviour exactly, edge cases and errors included, and keep its public names and signatures, since other code calls them.',
      'Remove duplication, needless variables, branches and nesting; prefer the standard library and the language’s idioms; keep the file’s style.',
      'If it is already as simple as it should be, return it unchanged and say so after "Why:".',
    ].join(' '),
    keepShape,
    replyFormatInstructions(context.languageId, 'the simplified code'),
  ].join('\n\n');
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ];
}
