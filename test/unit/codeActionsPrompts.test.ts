// What the edit prompts send: the code fenced with its language and lines, the diagnostics with
// message, source and code, read-only context kept apart, and the reply format the parser reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentMessages, documentationConvention } from '../../src/core/prompts/document';
import { describeDiagnostic, fixMessages } from '../../src/core/prompts/fix';
import { simplifyMessages } from '../../src/core/prompts/simplify';
import { testsMessages } from '../../src/core/prompts/tests';
import type { ChatMessage } from '../../src/core/openrouter/types';

const context = { code: '    const count: number = "three";', languageId: 'typescript', fileName: 'src/inventory.ts', startLine: 4, endLine: 4 };
const userText = (messages: ChatMessage[]) => {
  assert.equal(messages[0].role, 'system');
  assert.equal(messages[1].role, 'user');
  return messages[1].content as string;
};

test('fix: the diagnostic goes with its line, column, severity, source, code and message', () => {
  const text = userText(
    fixMessages({
      context,
      diagnostics: [{ message: "Type 'string' is not assignable to type 'number'.", severity: 'error', source: 'ts', code: 2322, line: 4, column: 11 }],
    }),
  );
  assert.match(text, /- line 4, column 11: error \[ts 2322\]: Type 'string' is not assignable to type 'number'\./);
  assert.match(text, /src\/inventory\.ts line 4/);
  assert.match(text, /```typescript\n {4}const count: number = "three";\n```/);
  assert.match(text, /smallest change/);
  assert.match(text, /One fenced code block tagged `typescript`/);
  assert.match(text, /"Why:"/);
});

test('fix: nearby diagnostics are listed apart, and context lines are marked as not to be returned', () => {
  const text = userText(
    fixMessages({
      context,
      diagnostics: [{ message: 'first', severity: 'error', line: 4, column: 1 }],
      nearby: [{ message: "'x' is declared but never used.", severity: 'warning', source: 'ts', code: 6133, line: 2, column: 7 }],
      surroundings: { before: 'function stock() {\n  let x = 1;', after: '  return count;\n}' },
    }),
  );
  assert.match(text, /Other diagnostics nearby[^\n]*\n- line 2, column 7: warning \[ts 6133\]: 'x' is declared but never used\./);
  assert.match(text, /Just above it \(for reference only: do not return it\):\n```typescript\nfunction stock\(\) \{\n {2}let x = 1;\n```/);
  assert.match(text, /Just below it \(for reference only: do not return it\):\n```typescript\n {2}return count;\n\}\n```/);
  // The code to replace comes before the reference lines.
  assert.ok(text.indexOf('The code to replace') < text.indexOf('Just above it'));
});

test('fix without diagnostics asks for the bug, and allows "no change"', () => {
  const text = userText(fixMessages({ context, diagnostics: [] }));
  assert.match(text, /Find and fix the bug/);
  assert.match(text, /return it unchanged/);
});

test('a multi-line diagnostic message is flattened; a missing source and code are left out', () => {
  assert.equal(describeDiagnostic({ message: 'a\n  b', severity: 'warning', line: 1, column: 2 }), '- line 1, column 2: warning: a b');
  assert.equal(
    describeDiagnostic({ message: 'm', severity: 'error', source: 'eslint', code: 'no-undef', line: 3, column: 1 }),
    '- line 3, column 1: error [eslint no-undef]: m',
  );
});

test('document: the language’s own convention, and the code itself untouched', () => {
  const text = userText(documentMessages(context));
  assert.match(text, /TSDoc/);
  assert.match(text, /Do not change a single character of the code itself/);
  assert.match(text, /the documented code/);
  assert.match(documentationConvention('python'), /docstrings/);
  assert.match(documentationConvention('rust'), /\/\/\//);
  assert.match(documentationConvention('cobol'), /idiomatic/);
});

test('simplify: behaviour and public signatures kept', () => {
  const text = userText(simplifyMessages(context));
  assert.match(text, /Keep its behaviour exactly/);
  assert.match(text, /public names and signatures/);
  assert.match(text, /the simplified code/);
});

test('tests for a new file: the whole file, its path, the framework', () => {
  const text = userText(testsMessages({ context, testFileName: 'src/inventory.test.ts', framework: 'vitest' }));
  assert.match(text, /using vitest/);
  assert.match(text, /new file, `src\/inventory\.test\.ts`/);
  assert.match(text, /the complete test file/);
  assert.match(text, /importing the code from `src\/inventory\.ts`/);
});

test('tests appended to an existing file: its text is shown, only the new tests are asked for', () => {
  const existing = "import { test } from 'node:test';\n\ntest('a', () => {});";
  const text = userText(testsMessages({ context, testFileName: 'src/inventory.test.ts', existingTests: existing }));
  assert.match(text, /appended to the end of the existing test file `src\/inventory\.test\.ts`/);
  assert.ok(text.includes(existing));
  assert.match(text, /only the tests to append/);
  assert.match(text, /do not repeat tests it already has/);
});

test('python tests default to pytest', () => {
  const text = userText(testsMessages({ context: { ...context, languageId: 'python', fileName: 'stats.py' }, testFileName: 'test_stats.py' }));
  assert.match(text, /using pytest/);
});
