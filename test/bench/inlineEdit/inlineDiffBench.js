#!/usr/bin/env node
// The inline diff's per-delta cost (issue 17) on a 300-line replacement streamed in model-sized
// deltas, beside the naive ways of keeping the diff up to date. Plain Node over the compiled core:
//
//   npm run -s compile && node test/bench/inlineEdit/inlineDiffBench.js [--runs N]
//
// incremental: what the editor runs per delta (InlineEditModel.append: complete lines placed
//   once, then the open hunk's paint); the settled hunks are not recomputed.
// whole diff per delta: the code so far re-extracted from the reply, the same diff and paint
//   recomputed over every line so far, on every delta.
// LCS per delta: the textbook way, a longest-common-subsequence line diff of the original against
//   the code so far, on every delta.
// A measurement, not a test: it prints a table and exits 0 unless it could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { percentile, median } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const core = (name) => path.join(ROOT, 'out', 'src', 'core', 'inlineEdit', `${name}.js`);
if (!fs.existsSync(core('inlineEditModel'))) {
  process.stderr.write('out/ has no compiled inline-edit core: run `npm run -s compile` first.\n');
  process.exit(1);
}
const { InlineEditModel } = require(core('inlineEditModel'));
const { diffLines } = require(core('lineDiff'));
const { paintAll } = require(core('rowPaint'));
const { ReplyLines } = require(core('replyLines'));

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

/** A 300-line function body and the model's edit of it: every tenth line changed, a few added. */
function fixture() {
  const original = [];
  for (let index = 0; index < 300; index++) original.push(`  const value${index} = compute(${index}, options.factor * ${index % 7});`);
  const edited = [];
  original.forEach((line, index) => {
    if (index % 10 === 3) edited.push(line.replace('compute', 'computeSafely'));
    else edited.push(line);
    if (index % 50 === 20) edited.push(`  if (value${index} === undefined) throw new Error('missing ${index}');`);
  });
  return { original, edited };
}

/** Deltas the size the wire brings (about 20–40 characters, as Gemini Flash streams code). */
function deltas(text) {
  const out = [];
  let seed = 7;
  for (let at = 0; at < text.length;) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const size = 20 + (seed % 21);
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
}

function lcsDiff(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] = a[i] === b[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) ops.push({ kind: 'same', i: i++, j: j++ });
    else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) ops.push({ kind: 'removed', i: i++ });
    else ops.push({ kind: 'added', j: j++ });
  }
  return ops;
}

function codeSoFar(text) {
  const lines = new ReplyLines();
  return [...lines.push(text), ...lines.end()];
}

const { original, edited } = fixture();
const reply = `Here is the edit:\n\n\`\`\`typescript\n${edited.join('\n')}\n\`\`\`\n\nWhy: the unsafe calls are guarded.\n`;
const chunks = deltas(reply);
const originalText = original.join('\n');

const strategies = {
  incremental: () => {
    const model = new InlineEditModel(originalText, 'typescript');
    const times = [];
    for (const chunk of chunks) {
      const start = process.hrtime.bigint();
      if (model.append(chunk) > 0) model.tailPaint();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    model.end('stop');
    if (model.replacement !== edited.join('\n')) throw new Error('the incremental path did not rebuild the edit');
    return times;
  },
  'whole diff per delta': () => {
    const times = [];
    let text = '';
    for (const chunk of chunks) {
      const start = process.hrtime.bigint();
      text += chunk;
      paintAll(diffLines(original, codeSoFar(text)));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  },
  'LCS per delta': () => {
    const times = [];
    let text = '';
    for (const chunk of chunks) {
      const start = process.hrtime.bigint();
      text += chunk;
      lcsDiff(original, codeSoFar(text));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  },
};

const results = {};
for (const name of Object.keys(strategies)) results[name] = { p50: [], p95: [], total: [] };
for (let run = 0; run < runs + 2; run++) {
  for (const [name, strategy] of Object.entries(strategies)) {
    const times = strategy();
    if (run < 2) continue; // warm-up: the JIT's first passes
    results[name].p50.push(percentile(times, 50));
    results[name].p95.push(percentile(times, 95));
    results[name].total.push(times.reduce((sum, value) => sum + value, 0));
  }
}

process.stdout.write(
  `inline diff, ${original.length}-line range, ${edited.length}-line replacement, ${chunks.length} deltas, median of ${runs} runs (Node ${process.version})\n\n`,
);
process.stdout.write('| strategy | per delta p50 | per delta p95 | whole reply |\n|---|---:|---:|---:|\n');
for (const [name, result] of Object.entries(results)) {
  process.stdout.write(`| ${name} | ${median(result.p50).toFixed(4)} ms | ${median(result.p95).toFixed(4)} ms | ${median(result.total).toFixed(1)} ms |\n`);
}
