// The "Write Tests" prompt: a new test file, or tests to append to the one that exists next to the
// code. Pure: no `vscode` import.
import type { ChatMessage } from '../openrouter/types';
import { describeLocation, fenceFor, fencedCode, type CodeContext } from './code';
import { replyFormatInstructions } from './replyParser';
import { systemPrompt } from './system';

export interface TestsRequest {
  context: CodeContext;
  /** Workspace-relative path where the tests go. */
  testFileName: string;
  /** The existing test file's text when the tests are appended to it (possibly cut to its head). */
  existingTests?: string;
  /** e.g. "vitest", from the project's manifest; else the model picks the usual one. */
  framework?: string;
}

const usualFrameworks: Record<string, string> = {
  typescript: 'the framework the project uses (vitest, jest, mocha or node:test)',
  javascript: 'the framework the project uses (vitest, jest, mocha or node:test)',
  python: 'pytest',
  go: 'the standard testing package',
  rust: 'the built-in test harness (#[cfg(test)] mod tests)',
  java: 'JUnit 5',
  kotlin: 'JUnit 5 with kotlin.test',
  csharp: 'xUnit',
  ruby: 'RSpec',
  php: 'PHPUnit',
};

export function testsMessages(request: TestsRequest): ChatMessage[] {
  const { context, testFileName, existingTests, framework } = request;
  const frameworkText = framework ?? usualFrameworks[context.languageId] ?? 'the language’s most common test framework';
  const where = existingTests
    ? [
        `They will be appended to the end of the existing test file \`${testFileName}\`, shown below. Follow its style and framework, reuse what it already imports and sets up, and do not repeat tests it already has. Include only the imports it lacks.`,
        `${fenceFor(existingTests)}${context.languageId}\n${existingTests}\n${fenceFor(existingTests)}`,
      ].join('\n\n')
    : `They go in a new file, \`${testFileName}\`: write the whole file, imports included, importing the code from \`${context.fileName ?? 'the file under test'}\` by its path relative to the test file.`;
  const text = [
    `Write unit tests for this ${context.languageId} code from ${describeLocation(context)}, using ${frameworkText}.`,
    fencedCode(context),
    'Cover the normal cases, the edge cases (empty, zero, limits, unusual input) and the errors it raises. One behaviour per test, named for what it checks. No placeholders, no tests of private details.',
    where,
    replyFormatInstructions(context.languageId, existingTests ? 'only the tests to append' : 'the complete test file'),
  ].join('\n\n');
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ];
}
