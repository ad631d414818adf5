// Where a redacted secret was (issue 16: "each with where it was (file and line)"): a line inside a
// fence the prompt labelled with its file and first line maps back to that file's line, through
// every prompt builder that fences code; a line outside any labelled fence has no source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceOfLine } from '../../src/core/privacy/promptSource';
import { redactMessages } from '../../src/core/privacy/redactMessages';
import { explainMessages } from '../../src/core/prompts/explain';
import { contextText } from '../../src/core/grounding/format';
import type { Candidate } from '../../src/core/grounding/candidates';
import { redactionPlace } from '../../src/protocol';

const awsKey = ['AKIA', 'Z7QW', 'X3RT', 'Y5UP', 'KL2M'].join('');
const code = ['export const s3 = {', `  accessKeyId: '${awsKey}',`, '};'].join('\n');

function lineWith(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

test("Explain's prompt: the secret on the selection's second line is the file's line 12 when the selection starts at 11", () => {
  const [, user] = explainMessages({ code, languageId: 'typescript', fileName: 'src/aws.ts', startLine: 11, endLine: 13 });
  const text = user.content as string;
  assert.deepEqual(sourceOfLine(text, lineWith(text, awsKey)), { file: 'src/aws.ts', line: 12 });
  const { redactions } = redactMessages([user]);
  assert.equal(redactions.length, 1);
  assert.equal(redactionPlace(redactions[0]), 'src/aws.ts line 12');
});

test('the gathered context: a definition from another file maps to that file, not to the selection', () => {
  const candidate: Candidate = {
    kind: 'definition',
    symbol: 's3',
    text: code,
    languageId: 'typescript',
    span: { uri: 'file:///w/src/other.ts', file: 'src/other.ts', startLine: 40, endLine: 42 },
  };
  const text = `${contextText([candidate])}\n\nExplain this typescript code from src/a.ts line 3: what it does.\n\n\`\`\`typescript\nrun(s3);\n\`\`\``;
  assert.deepEqual(sourceOfLine(text, lineWith(text, awsKey)), { file: 'src/other.ts', line: 42 });
  assert.deepEqual(sourceOfLine(text, lineWith(text, 'run(s3)')), { file: 'src/a.ts', line: 3 });
});

test('outside a labelled fence, or in a fence with no label, there is no source: the place stays message and line', () => {
  const loose = `my key is ${awsKey}\n\`\`\`\n${awsKey}\n\`\`\``;
  assert.equal(sourceOfLine(loose, 1), undefined);
  assert.equal(sourceOfLine(loose, 3), undefined);
  const { redactions } = redactMessages([{ role: 'user', content: loose }]);
  assert.deepEqual(
    redactions.map((note) => redactionPlace(note)),
    ['message 1, line 1', 'message 1, line 3'],
  );
});

test('a fence closed before the secret does not lend it its label; a longer fence holding ``` stays open', () => {
  const text = ['From a.ts lines 1–2:', '```ts', 'x', '```', `token ${awsKey}`, 'From b.ts line 7:', '````md', '```', `k ${awsKey}`, '````'].join('\n');
  assert.equal(sourceOfLine(text, 5), undefined);
  assert.deepEqual(sourceOfLine(text, 9), { file: 'b.ts', line: 8 });
  assert.equal(sourceOfLine(text, 99), undefined);
});
