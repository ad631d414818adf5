#!/usr/bin/env node
// The redaction benchmark (issue 16): how fast the redactor scans a request, beside the naive way
// (every rule run over each line separately, as a line-oriented scanner does), and how well it
// does both ways:
// false positives on ordinary code (this project's sources, the openai SDK, typescript.js) and
// recall on the corpus of real-shaped fake secrets. Plain Node over the compiled redactor:
//
//   npm run -s compile && node test/bench/privacy/redactBench.js [--runs N]
//
// A measurement, not a test: it prints a table and exits 0 unless it could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { median } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const compiled = path.join(ROOT, 'out', 'src', 'core', 'privacy', 'redactor.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write('out/ has no compiled redactor: run `npm run -s compile` first.\n');
  process.exit(1);
}
const { Redactor, findSecrets } = require(compiled);
const { secretRules } = require(path.join(ROOT, 'out', 'src', 'core', 'privacy', 'secretRules.js'));
const { entries } = require(path.join(ROOT, 'test', 'fixtures', 'secrets', 'fakeSecrets.js'));

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 41;

function filesUnder(dir, extensions) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file, extensions);
    return extensions.some((extension) => entry.name.endsWith(extension)) ? [file] : [];
  });
}

const ordinaryFiles = [
  ...filesUnder(path.join(ROOT, 'src'), ['.ts', '.css']),
  ...filesUnder(fs.realpathSync(path.join(ROOT, 'node_modules', 'openai')), ['.js']),
  fs.realpathSync(path.join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js')),
];
const ordinary = ordinaryFiles.map((file) => fs.readFileSync(file, 'utf8'));
const typescript = ordinary[ordinary.length - 1];

/** Median milliseconds of `fn` over `runs` runs, after a few warm-up runs. */
function time(fn, count = runs) {
  for (let i = 0; i < 10; i++) fn();
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const fast = (text) => findSecrets(text, secretRules);
/** Line by line: each rule over each line (PEM blocks span lines, so this also misses them). */
const naive = (text) => {
  let count = 0;
  for (const line of text.split('\n')) count += findSecrets(line, secretRules).length;
  return count;
};

// 1. A 100 KB request of ordinary code (the common case), and one with every fake secret in it.
const request = typescript.slice(2_000_000, 2_000_000 + 100 * 1024);
const secrets = entries.map((entry) => entry.text).join('\n');
const withSecrets = request.slice(0, request.length - secrets.length - 1) + '\n' + secrets;
const all = ordinary.join('\n');
const mb = Buffer.byteLength(all) / 1e6;

const rows = [];
const row = (what, value, naiveValue, target) => rows.push({ what, value, naive: naiveValue, target });
const msText = (value) => `${value.toFixed(2)} ms`;
const ratio = (a, b) => `${(b / a).toFixed(1)}×`;

for (const [label, text] of [
  ['100 KB request, ordinary code', request],
  ['100 KB request, with all fake secrets', withSecrets],
]) {
  const a = time(() => fast(text));
  const b = time(() => naive(text));
  row(label, msText(a), `${msText(b)} (${ratio(a, b)})`, '< 5 ms');
}
const redactMs = time(() => new Redactor().redact(withSecrets));
row('100 KB request, redact (findings + placeholders)', msText(redactMs), '', '< 5 ms');

const wholeFast = time(() => fast(all), 5);
const wholeNaive = time(() => naive(all), 5);
row(
  `throughput over ${mb.toFixed(1)} MB of ordinary code`,
  `${(mb / (wholeFast / 1000)).toFixed(0)} MB/s`,
  `${(mb / (wholeNaive / 1000)).toFixed(0)} MB/s`,
  '',
);

// 2. Both directions.
let falsePositives = 0;
for (const text of ordinary) falsePositives += new Redactor().redact(text).findings.length;
let caught = 0;
for (const entry of entries) {
  const result = new Redactor().redact(entry.text);
  if (!result.text.includes(entry.secret) && result.findings.some((finding) => finding.kind === entry.kind)) caught++;
}
row(`false positives in ${ordinaryFiles.length} files of ordinary code`, String(falsePositives), '', '0');
row(`recall on ${entries.length} fake secrets (${new Set(entries.map((entry) => entry.kind)).size} kinds)`, `${caught}/${entries.length}`, '', 'all');

const widths = ['what', 'value', 'naive', 'target'].map((key) => Math.max(key.length, ...rows.map((r) => String(r[key]).length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ');
console.log(`Redaction benchmark (medians of ${runs} runs; naive = every rule over each line separately)`);
console.log(line(['what', 'value', 'naive', 'target']));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line([r.what, r.value, r.naive, r.target]));
