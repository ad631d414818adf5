#!/usr/bin/env node
// Old transport against new, in one run, alternating A/B so drift on a shared machine falls on both:
// - the client's share (plain Node: streamChat called to the request's headers at the fake), each
//   tree's own out/bench/client-bench.js, several rounds;
// - with --vscode, keystroke to request inside code-server (test/bench/vscodeBench.js
//   --keystroke-only), each tree's own build: the real extension host, whose fetch is VS Code's.
// The old tree is a build of the commit before the transport change (its own `node esbuild.js
// --production && node test/bench/build.js`), for example from `git archive 4e7c9b7`.
//
//   node test/bench/client/transportAB.js --old /path/to/old/tree [--rounds 4] [--vscode] [--warm-runs 40]
//
// Prints a table; the exit code is 0 unless a run failed. A measurement, not a test.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { median, percentile } = require('../stats');

const NEW = path.resolve(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const OLD = option('--old');
const rounds = Number(option('--rounds', 4));
const warmRuns = Number(option('--warm-runs', 40));
if (!OLD) {
  process.stderr.write('usage: node test/bench/client/transportAB.js --old /path/to/old/tree [--rounds 4] [--vscode] [--warm-runs 40]\n');
  process.exit(2);
}
const trees = { old: path.resolve(OLD), new: NEW };
const log = (line) => process.stderr.write(`[transport-ab] ${line}\n`);

function clientShare(tree) {
  const out = execFileSync(process.execPath, [path.join(tree, 'out', 'bench', 'client-bench.js'), '40'], { cwd: tree, encoding: 'utf8' });
  return JSON.parse(out).flashlight;
}

function keystroke(tree) {
  execFileSync(process.execPath, [path.join(tree, 'test', 'bench', 'vscodeBench.js'), '--keystroke-only', '--warm-runs', String(warmRuns)], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
  const figures = JSON.parse(fs.readFileSync(path.join(tree, 'test-results', 'bench', 'keystroke.json'), 'utf8'));
  return figures.warmMs;
}

const samples = { client: { old: [], new: [] }, keystroke: { old: [], new: [] } };
const perRound = { client: { old: [], new: [] }, keystroke: { old: [], new: [] } };
function record(kind, which, values) {
  samples[kind][which].push(...values);
  perRound[kind][which].push(median(values));
  log(`${kind} ${which}: median ${median(values).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms`);
}

for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  for (const which of order) record('client', which, clientShare(trees[which]));
}
if (args.includes('--vscode')) {
  for (const which of ['old', 'new', 'new', 'old']) record('keystroke', which, keystroke(trees[which]));
}

const f = (value) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
const spread = (values) => (values.length ? `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} ms` : 'n/a');
const lines = ['| measure | transport | runs | median | p95 | medians per round (noise) |', '| --- | --- | --- | --- | --- | --- |'];
const labels = { client: "client's share (plain Node, loopback)", keystroke: 'keystroke to request (code-server, warm)' };
for (const kind of ['client', 'keystroke']) {
  for (const which of ['old', 'new']) {
    const values = samples[kind][which];
    if (!values.length) continue;
    const name = which === 'old' ? 'old (nodeFetch, keep-alive pool)' : 'new (platform fetch + guards)';
    lines.push(`| ${labels[kind]} | ${name} | ${values.length} | ${f(median(values))} | ${f(percentile(values, 95))} | ${spread(perRound[kind][which])} |`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
