// Follow up on an edit in place (issue 17): the second request keeps the first one and the model's
// reply as the conversation, then asks for the refined replacement of the same code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editMessages, followUpMessages } from '../../src/core/inlineEdit/editPrompt';
import type { CodeContext } from '../../src/core/prompts/code';

const code = 'function total(items) {\n  return items.length;\n}';
const context: CodeContext = { code, languageId: 'javascript', fileName: 'total.js', startLine: 1, endLine: 3 };

test('a follow-up sends the first request, the first reply and the new instruction, in that order', () => {
  const first = editMessages({ context, instruction: 'make it async' });
  const reply = '```javascript\nasync function total(items) {\n  return items.length;\n}\n```\nWhy: async now.';
  const second = followUpMessages(first, reply, 'add JSDoc', 'javascript');
  assert.deepEqual(second.slice(0, first.length), first, 'the first request is kept as it was');
  assert.deepEqual(second[first.length], { role: 'assistant', content: reply });
  const asked = second[first.length + 1];
  assert.equal(asked.role, 'user');
  assert.match(asked.content as string, /^Follow-up instruction: add JSDoc$/m);
  assert.match(asked.content as string, /whole edited code that replaces it/);
  assert.match(asked.content as string, /fenced code block tagged `javascript`/);
  assert.equal(second.length, first.length + 2);
  assert.match(first[1].content as string, /Instruction: make it async/, 'nothing of the first request was changed');
});
