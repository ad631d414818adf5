#!/usr/bin/env node
// Transports against each other, in one run, alternating so drift on a shared machine falls on all:
// - the client's share (plain Node: streamChat called to the request's headers at the fake), each
//   tree's own out/bench/client-bench.js, several rounds;
// - with --vscode, keystroke to request inside code-server (test/bench/vscodeBench.js
//   --keystroke-only), each tree's own build: the real extension host, whose fetch is VS Code's;
//   with the TCP connections the fake OpenRouter accepted per 10 requests it served
//   (countConnections.js, preloaded into that tree's bench).
// The old tree is a build of the commit before the transport change (its own `node esbuild.js
// --production && node test/bench/build.js`), for example from `git archive 4e7c9b7`; --platform
// optionally names a third, built the same way (the platform fetch, e.g. `git archive f59fa76`).
//
//   node test/bench/client/transportAB.js --old /path/to/old/tree [--platform /path/to/tree] [--rounds 4] [--vscode] [--warm-runs 40]
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
  process.stderr.write(
    'usage: node test/bench/client/transportAB.js --old /path/to/old/tree [--platform /path/to/tree] [--rounds 4] [--vscode] [--warm-runs 40]\n',
  );
  process.exit(2);
}
const trees = { old: path.resolve(OLD), ...(option('--platform') ? { platform: path.resolve(option('--platform')) } : {}), new: NEW };
const names = Object.keys(trees);
const labelOf = { old: 'old (4e7c9b7 nodeFetch, keep-alive pool)', platform: 'platform fetch + guards', new: 'new (kept-alive http/https + guards)' };
const log = (line) => process.stderr.write(`[transport-ab] ${line}\n`);

function clientShare(tree) {
  const out = execFileSync(process.execPath, [path.join(tree, 'out', 'bench', 'client-bench.js'), '40'], { cwd: tree, encoding: 'utf8' });
  return JSON.parse(out).flashlight;
}

const counted = Object.fromEntries(names.map((name) => [name, { connections: 0, requests: 0 }]));
function keystroke(tree, which) {
  const countFile = path.join(require('os').tmpdir(), `flashlight-connections-${process.pid}.json`);
  execFileSync(
    process.execPath,
    [
      '-r',
      path.join(__dirname, 'countConnections.js'),
      path.join(tree, 'test', 'bench', 'vscodeBench.js'),
      '--keystroke-only',
      '--warm-runs',
      String(warmRuns),
    ],
    {
      cwd: tree,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, FLASHLIGHT_COUNT_CONNECTIONS: countFile },
    },
  );
  const count = JSON.parse(fs.readFileSync(countFile, 'utf8'));
  fs.rmSync(countFile, { force: true });
  counted[which].connections += count.connections;
  counted[which].requests += count.requests;
  log(`keystroke ${which}: ${count.connections} connections for ${count.requests} requests`);
  const figures = JSON.parse(fs.readFileSync(path.join(tree, 'test-results', 'bench', 'keystroke.json'), 'utf8'));
  return figures.warmMs;
}

const samples = { client: {}, keystroke: {} };
const perRound = { client: {}, keystroke: {} };
for (const kind of ['client', 'keystroke']) for (const name of names) ((samples[kind][name] = []), (perRound[kind][name] = []));
function record(kind, which, values) {
  samples[kind][which].push(...values);
  perRound[kind][which].push(median(values));
  log(`${kind} ${which}: median ${median(values).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms`);
}

for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const which of order) record('client', which, clientShare(trees[which]));
}
if (args.includes('--vscode')) {
  for (const which of [...names, ...[...names].reverse()]) record('keystroke', which, keystroke(trees[which], which));
}

const f = (value) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
const spread = (values) => (values.length ? `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} ms` : 'n/a');
const lines = [
  '| measure | transport | runs | median | p95 | medians per round (noise) | connections per 10 requests |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
const labels = { client: "client's share (plain Node, loopback)", keystroke: 'keystroke to request (code-server, warm)' };
for (const kind of ['client', 'keystroke']) {
  for (const which of names) {
    const values = samples[kind][which];
    if (!values.length) continue;
    const { connections, requests } = counted[which];
    const perTen = kind === 'keystroke' && requests ? `${((10 * connections) / requests).toFixed(1)} (${connections} for ${requests})` : '';
    lines.push(
      `| ${labels[kind]} | ${labelOf[which]} | ${values.length} | ${f(median(values))} | ${f(percentile(values, 95))} | ${spread(perRound[kind][which])} | ${perTen} |`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
