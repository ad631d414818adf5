import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainMessages } from '../../src/core/prompts/explain';
import { fenceFor } from '../../src/core/prompts/code';
import { assertFits, estimateTokens } from '../../src/core/prompts/budget';
import { FlashlightError } from '../../src/core/openrouter/errors';

test('explain sends the code fenced with its language, file and lines, after a system prompt', () => {
  const messages = explainMessages({ code: 'let a = 1;', languageId: 'typescript', fileName: 'src/a.ts', startLine: 3, endLine: 9 });
  assert.equal(messages[0].role, 'system');
  const user = messages[1].content as string;
  assert.match(user, /src\/a\.ts lines 3–9/);
  assert.match(user, /```typescript\nlet a = 1;\n```/);
});

test('a note about what was chosen is passed on', () => {
  const messages = explainMessages({ code: 'x', languageId: 'python', fileName: 'a.py', startLine: 1, endLine: 1 }, [], 'No selection: used the current line');
  assert.match(messages[1].content as string, /No selection: used the current line/);
  assert.match(messages[1].content as string, /a\.py line 1\b/);
});

test('code that holds a fence gets a longer fence', () => {
  assert.equal(fenceFor('no fences'), '```');
  assert.equal(fenceFor('```js\nx\n```'), '````');
  assert.equal(fenceFor('`````'), '``````');
});

test('images go as image_url parts with data URLs, after the text, in order', () => {
  const messages = explainMessages(undefined, [
    { mimeType: 'image/png', base64: 'AAAA' },
    { mimeType: 'image/jpeg', base64: 'BBBB' },
  ]);
  const parts = messages[1].content as Array<{ type: string; image_url?: { url: string } }>;
  assert.deepEqual(
    parts.map((part) => part.type),
    ['text', 'image_url', 'image_url'],
  );
  assert.equal(parts[1].image_url!.url, 'data:image/png;base64,AAAA');
  assert.equal(parts[2].image_url!.url, 'data:image/jpeg;base64,BBBB');
});

test('a 5 MB selection is refused against the context window before sending', () => {
  const huge = 'x'.repeat(5 * 1024 * 1024);
  const messages = explainMessages({ code: huge, languageId: 'plaintext' });
  assert.ok(estimateTokens(huge) > 1_048_576);
  assert.throws(
    () => assertFits(messages, 1_048_576, 8_192),
    (error: FlashlightError) => error.kind === 'tooLarge' && /Nothing was sent/.test(error.message),
  );
  assert.doesNotThrow(() => assertFits(explainMessages({ code: 'small', languageId: 'ts' }), 1_048_576, 8_192));
});
