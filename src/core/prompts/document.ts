// The "Document" prompt: documentation comments in the language's own convention, code untouched.
// Pure: no `vscode` import.
import type { ChatMessage } from '../openrouter/types';
import type { CodeContext } from './code';
import { codeToReplace, keepShape, type Surroundings } from './editContext';
import { replyFormatInstructions } from './replyParser';
import { systemPrompt } from './system';

const conventions: Record<string, string> = {
  typescript: 'TSDoc (/** … */ with @param, @returns, @throws)',
  typescriptreact: 'TSDoc (/** … */ with @param, @returns)',
  javascript: 'JSDoc (/** … */ with @param {type}, @returns, @throws)',
  javascriptreact: 'JSDoc (/** … */ with @param, @returns)',
  python: 'PEP 257 docstrings (Google style: Args, Returns, Raises)',
  rust: 'rustdoc (/// with # Errors and # Panics sections where they apply)',
  go: 'Go doc comments (// Name does …, before each exported identifier)',
  java: 'Javadoc (/** … */ with @param, @return, @throws)',
  kotlin: 'KDoc (/** … */ with @param, @return, @throws)',
  csharp: 'XML documentation comments (/// <summary>, <param>, <returns>, <exception>)',
  cpp: 'Doxygen (/** … */ with @brief, @param, @return)',
  c: 'Doxygen (/** … */ with @brief, @param, @return)',
  php: 'PHPDoc (/** … */ with @param, @return, @throws)',
  ruby: 'YARD (# with @param, @return, @raise)',
  swift: 'Swift markup (/// with - Parameters:, - Returns:, - Throws:)',
  shellscript: '# comments above each function: what it does, its arguments, its exit status',
};

export function documentationConvention(languageId: string): string {
  return conventions[languageId] ?? 'the documentation-comment convention idiomatic for this language';
}

export function documentMessages(context: CodeContext, surroundings?: Surroundings): ChatMessage[] {
  const text = [
    `Add documentation comments to this ${context.languageId} code, in ${documentationConvention(context.languageId)}.`,
    codeToReplace(context, surroundings),
    [
      'Document each function, method, class and exported value: what it does, its parameters, what it returns, what it throws, and anything a caller must know (side effects, units, ownership).',
      'Keep existing comments unless they are wrong. Do not comment obvious lines. Do not change a single character of the code itself.',
    ].join(' '),
    keepShape,
    replyFormatInstructions(context.languageId, 'the documented code'),
  ].join('\n\n');
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ];
}
