// The reply parser on the replies models really send to edit prompts: extra prose, several blocks,
// blocks that hold fences, no fence, a reply cut off, a diff instead of code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fencedBlocks, replacementOf, type ParsedReply } from '../../src/core/prompts/replyParser';

function parsed(reply: string, languageId = 'typescript', original?: string): ParsedReply {
  const result = replacementOf(reply, languageId, original);
  assert.ok(result.ok, `expected a replacement, got: ${result.ok ? '' : result.reason}`);
  return result.reply;
}

test('the asked-for format: one block, then "Why:"', () => {
  const reply = parsed('```typescript\nconst count: number = 3;\n```\nWhy: a number was assigned a string.\n');
  assert.equal(reply.code, 'const count: number = 3;');
  assert.equal(reply.why, 'a number was assigned a string.');
  assert.equal(reply.fenced, true);
  assert.equal(reply.complete, true);
  assert.equal(reply.language, 'typescript');
});

test('prose before and after the block is not code; a bold **Why:** spanning two lines is read whole', () => {
  const reply = parsed(
    [
      'Sure! Here is the fixed code:',
      '',
      '```ts',
      'function add(a: number, b: number) {',
      '  return a + b;',
      '}',
      '```',
      '',
      '**Why:** the parameters had no types,',
      'so `a + b` concatenated strings.',
      '',
      'Let me know if you need anything else.',
    ].join('\n'),
  );
  assert.equal(reply.code, 'function add(a: number, b: number) {\n  return a + b;\n}');
  assert.equal(reply.why, 'the parameters had no types, so `a + b` concatenated strings.');
});

test('with no "Why:" line, the first paragraph of prose after the code explains it', () => {
  const reply = parsed('```ts\nx = 1;\n```\n\nThe variable was never assigned.\n\nAnything else?');
  assert.equal(reply.why, 'The variable was never assigned.');
});

test('several blocks: the quoted original is passed over and a short usage example loses to the replacement', () => {
  const original = 'for (let i = 0; i <= xs.length; i++) total += xs[i];';
  const reply = parsed(
    [
      'The bug is here:',
      '```ts',
      original,
      '```',
      'Fixed:',
      '```ts',
      'for (let i = 0; i < xs.length; i++) total += xs[i];',
      '```',
      'Usage:',
      '```ts',
      'sum([1])',
      '```',
      'Why: the loop read one past the end.',
    ].join('\n'),
    'typescript',
    original,
  );
  assert.equal(reply.code, 'for (let i = 0; i < xs.length; i++) total += xs[i];');
  assert.equal(reply.why, 'the loop read one past the end.');
});

test('a block in the target language (or an alias of it) wins over a bigger block in another language', () => {
  const reply = '```bash\nnpm install --save-dev a-long-package-name\n```\n```py\nx = 1\n```\nWhy: y';
  assert.equal(parsed(reply, 'python').code, 'x = 1');
  // No block in the document's language: the biggest is taken, as with untagged blocks.
  assert.equal(parsed(reply, 'go').code, 'npm install --save-dev a-long-package-name');
});

test('four-backtick fence around code that holds a three-backtick fence (CommonMark nesting)', () => {
  const markdown = '# Title\n\n```js\nrun();\n```\n\nDone.';
  const reply = parsed(`Here:\n\n\`\`\`\`markdown\n${markdown}\n\`\`\`\`\nWhy: added a title.`, 'markdown');
  assert.equal(reply.code, markdown);
  assert.equal(reply.why, 'added a title.');
});

test('three-backtick fence around Markdown that holds ```lang blocks: read nested, not cut at the inner fence', () => {
  const markdown = '# Usage\n\n```js\nrun();\n```\n\nThen:\n\n```bash\nnpm test\n```';
  const reply = parsed(`\`\`\`markdown\n${markdown}\n\`\`\`\nWhy: documented usage.`, 'markdown');
  assert.equal(reply.code, markdown);
  assert.equal(reply.why, 'documented usage.');
  assert.equal(reply.complete, true);
});

test('tilde fences and fences indented by up to three spaces (inside a list item) are read, indentation removed', () => {
  assert.equal(parsed('~~~ts\nlet a = `x`;\n~~~\nWhy: z').code, 'let a = `x`;');
  const reply = parsed('1. Replace it with:\n   ```ts\n   if (a) {\n     b();\n   }\n   ```\nWhy: braces.');
  assert.equal(reply.code, 'if (a) {\n  b();\n}');
});

test('a reply cut off inside its block is marked incomplete', () => {
  const reply = parsed('```ts\nfunction a() {\n  return 1;\n');
  assert.equal(reply.complete, false);
  assert.equal(reply.code, 'function a() {\n  return 1;');
});

test('no fence at all: the text before "Why:" is taken as the code, and flagged as unfenced', () => {
  const reply = parsed('\nconst count: number = 3;\n\nWhy: numbers are numbers.');
  assert.equal(reply.code, 'const count: number = 3;');
  assert.equal(reply.why, 'numbers are numbers.');
  assert.equal(reply.fenced, false);
});

test('empty replies, empty blocks and diffs are refused with a reason', () => {
  const empty = replacementOf('   \n', 'typescript');
  assert.equal(empty.ok, false);
  const emptyBlock = replacementOf('```ts\n\n```\nWhy: nothing', 'typescript');
  assert.equal(emptyBlock.ok, false);
  const diff = replacementOf('```diff\n-a\n+b\n```\nWhy: changed a to b', 'typescript');
  assert.equal(diff.ok, false);
  assert.match(diff.ok ? '' : diff.reason, /diff instead of the code/);
  const onlyWhy = replacementOf('Why: nothing to change.', 'typescript');
  assert.equal(onlyWhy.ok, false);
});

test('a diff beside the code does not hide the code', () => {
  assert.equal(parsed('```diff\n-a\n+b\n```\n```ts\nb\n```\nWhy: b').code, 'b');
});

test('inline triple backticks in prose are not fences; CRLF replies parse like LF ones', () => {
  assert.equal(parsed('Use ```ts``` blocks.\n```ts\nx\n```').code, 'x');
  const reply = parsed('```ts\r\nconst a = 1;\r\nconst b = 2;\r\n```\r\nWhy: two.\r\n');
  assert.equal(reply.code, 'const a = 1;\nconst b = 2;');
  assert.equal(reply.why, 'two.');
});

test('a long why is cut to a readable length', () => {
  const reply = parsed(`\`\`\`ts\nx\n\`\`\`\nWhy: ${'word '.repeat(200)}`);
  assert.ok(reply.why.length <= 400);
  assert.ok(reply.why.endsWith('…'));
});

test('fencedBlocks reports where each block is and whether it closed', () => {
  const blocks = fencedBlocks('a\n```js\nx\n```\nb\n```\ny');
  assert.deepEqual(
    blocks.map((block) => [block.info, block.content, block.closed, block.startLine, block.endLine]),
    [
      ['js', 'x', true, 1, 3],
      ['', 'y', false, 5, 6],
    ],
  );
});
