import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, LineDiffer, type DiffOp } from '../../src/core/inlineEdit/lineDiff';
import { ReplyLines } from '../../src/core/inlineEdit/replyLines';
import { paintAll, RowPainter } from '../../src/core/inlineEdit/rowPaint';
import { InlineEditModel } from '../../src/core/inlineEdit/inlineEditModel';
import { replacementOf } from '../../src/core/prompts/replyParser';

// The streamed diff of an edit in place: fed chunk by chunk, split anywhere, it must equal the
// one-shot diff of the whole reply, and the diff must really turn the original into the reply.

/** A small deterministic generator, so a failing split can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomSplits(text: string, next: () => number): string[] {
  const parts: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = 1 + Math.floor(next() * (next() < 0.2 ? 40 : 6));
    parts.push(text.slice(at, at + size));
    at += size;
  }
  return parts;
}

/** Applies a diff to the original: the lines it keeps and adds, in order. */
function applied(original: string[], ops: readonly DiffOp[]): string[] {
  const out: string[] = [];
  for (const op of ops) {
    if (op.kind === 'same') out.push(original[op.oldIndex]);
    else if (op.kind === 'added') out.push(op.text);
  }
  return out;
}

const original = [
  'export function total(items: Item[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price;',
  '  }',
  '  return sum;',
  '}',
];

/** Edits of the original a model might write: lines changed, dropped, added. */
function mutate(lines: string[], next: () => number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const roll = next();
    if (roll < 0.15) continue;
    if (roll < 0.3) out.push(`${line} // changed ${Math.floor(next() * 100)}`);
    else out.push(line);
    if (next() < 0.15) out.push(next() < 0.5 ? '  }' : `  added(${Math.floor(next() * 100)});`);
  }
  return out;
}

function replyFor(code: string[]): string {
  return `Here it is:\n\n\`\`\`typescript\n${code.join('\n')}\n\`\`\`\n\nWhy: because.\n`;
}

test('the streamed diff equals the one-shot diff of the whole reply, for random splits', () => {
  const next = random(17);
  for (let round = 0; round < 300; round++) {
    const code = mutate(original, next);
    const reply = replyFor(code);
    const parsed = replacementOf(reply, 'typescript', original.join('\n'));
    assert.ok(parsed.ok);
    const oneShot = diffLines(original, parsed.reply.code.split('\n'));

    const lines = new ReplyLines();
    const differ = new LineDiffer(original);
    const painter = new RowPainter();
    for (const chunk of randomSplits(reply, next)) for (const line of lines.push(chunk)) painter.add(differ.push(line));
    for (const line of lines.end()) painter.add(differ.push(line));
    painter.add(differ.finish());

    assert.deepEqual(differ.ops, oneShot, `round ${round}`);
    assert.deepEqual(applied(original, differ.ops), parsed.reply.code.split('\n'), `round ${round}: the diff rebuilds the reply`);
    assert.deepEqual(painter.all(), paintAll(oneShot), `round ${round}: the incremental paint equals the paint of the whole diff`);
  }
});

test('every prefix of the stream shows the one-shot diff of the lines so far', () => {
  const next = random(5);
  const code = mutate(original, next);
  const differ = new LineDiffer(original);
  for (let count = 1; count <= code.length; count++) {
    differ.push(code[count - 1]);
    const prefix = new LineDiffer(original);
    for (const line of code.slice(0, count)) prefix.push(line);
    assert.deepEqual(differ.ops, prefix.ops);
  }
});

test('an unchanged reply is all same lines; a rewritten one removes the old and adds the new', () => {
  assert.ok(diffLines(original, original).every((op) => op.kind === 'same'));
  const ops = diffLines(['a', 'b'], ['x', 'y']);
  assert.deepEqual(
    ops.map((op) => op.kind),
    ['added', 'added', 'removed', 'removed'],
  );
});

test('a closing brace does not match one far ahead: the lines between are not swept away', () => {
  const ops = diffLines(['if (a) {', '  b();', '}', 'c();', '}'], ['if (a) {', '}', '  b();', '}', 'c();', '}']);
  assert.deepEqual(applied(['if (a) {', '  b();', '}', 'c();', '}'], ops), ['if (a) {', '}', '  b();', '}', 'c();', '}']);
  assert.equal(ops.filter((op) => op.kind === 'removed').length, 0, 'nothing original is removed');
  assert.equal(ops[1].kind, 'added', 'the new `}` is an added line, not a match three lines down');
});

test('a rewritten body keeps its closing brace: the brace matches the original one, not a removal and an addition', () => {
  const ops = diffLines(['f(a) {', '  return a < 3;', '}'], ['f(a, t) {', '  return a < t;', '}']);
  assert.deepEqual(
    ops.map((op) => op.kind),
    ['added', 'added', 'removed', 'removed', 'same'],
  );
});

test('reply lines: prose before the fence and the Why after it are not code; CRLF and a missing last newline are handled', () => {
  const lines = new ReplyLines();
  const out = [...lines.push('Sure.\r\n```ts\r\nconst a'), ...lines.push(' = 1;\r\n'), ...lines.push('```\r\nWhy: x'), ...lines.end()];
  assert.deepEqual(out, ['const a = 1;']);
  const unclosed = new ReplyLines();
  assert.deepEqual([...unclosed.push('```js\nx();\ny()'), ...unclosed.end()], ['x();', 'y()']);
  const fourTicks = new ReplyLines();
  assert.deepEqual([...fourTicks.push('````md\n```js\nz\n```\n````\n'), ...fourTicks.end()], ['```js', 'z', '```']);
});

test('the model: a reply indented flush left is settled re-indented, and Accept writes what is shown', () => {
  const model = new InlineEditModel('    a();\n    b();', 'typescript');
  model.append('```typescript\na();\nc();\n```\nWhy: c, not b.\n');
  const end = model.end('stop');
  assert.equal(end.state, 'done');
  assert.equal(end.why, 'c, not b.');
  assert.equal(model.replacement, '    a();\n    c();');
  assert.deepEqual(applied(model.originalLines, model.ops), ['    a();', '    c();']);
  assert.ok(model.hasChange);
});

test('the model: prose only is not code, a cut-off reply and a stopped one keep their lines but give nothing to write', () => {
  const prose = new InlineEditModel('a();', 'typescript');
  prose.append('I cannot help with that.');
  assert.equal(prose.end('stop').state, 'notCode');
  assert.equal(prose.replacement, undefined);

  const cut = new InlineEditModel('a();\nb();', 'typescript');
  cut.append('```typescript\nx();\n');
  assert.equal(cut.end('length').state, 'cutOff');
  assert.deepEqual(cut.newLines, ['x();']);
  assert.equal(cut.replacement, undefined);

  const unclosed = new InlineEditModel('a();', 'typescript');
  unclosed.append('```typescript\nx();\n');
  assert.equal(unclosed.end('stop').state, 'cutOff');

  const stopped = new InlineEditModel('a();', 'typescript');
  stopped.append('```typescript\nx();\n');
  stopped.interrupt('stopped');
  assert.equal(stopped.state, 'stopped');
  assert.equal(stopped.append('y();\n'), 0, 'nothing more is placed after Stop');
  assert.deepEqual(stopped.newLines, ['x();']);
  assert.equal(stopped.replacement, undefined);
});
