#!/usr/bin/env node
// The whole test suite, one command (`npm test`): builds, compiles the tests, makes sure
// code-server is installed, then runs the unit tests (plain Node), the integration suite (mocha
// inside a real VS Code) and the end-to-end tests (Playwright driving the workbench). Every
// stage runs even when an earlier one failed, so one run shows everything; the last line is the
// total, "N passed, N failed".
//
// Stages marked `background` need no code-server and no build output (lint reads the sources): they
// start at their place in the list and run beside the next stages (the compile), their output held
// back and printed whole when they end, so it never interleaves. Every stage of tests (`alone`)
// waits for them first: some unit tests measure time, and nothing may run beside code-server.
// (Lint beside the unit tests, on a loaded 2-core machine, saw two timing tests fail.)
'use strict';

const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`

/** Runs a command; its output goes to ours as it comes, or, when `hold`, only into `output`. */
function run(command, args, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream, sink) =>
      stream.on('data', (data) => {
        output += data;
        if (!hold) sink.write(data);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// node:test prints "# pass N" / "# fail N"; mocha prints "N passing" / "N failing".
function counts(output) {
  const number = (pattern) => [...output.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
  return {
    passed: number(/^# pass (\d+)/gm) + number(/^\s*(\d+) passing/gm),
    failed: number(/^# fail (\d+)/gm) + number(/^\s*(\d+) failing/gm),
  };
}

const stages = [
  { name: 'build', setup: true, command: 'node', args: ['esbuild.js'] },
  { name: 'lint', background: true, command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'compile', setup: true, command: 'npm', args: ['run', '--silent', 'compile'] },
  { name: 'code-server', setup: true, command: 'node', args: ['test/harness/install-code-server.js'] },
  { name: 'unit', alone: true, command: 'node', args: ['--test', 'out/test/unit/'] },
  { name: 'integration', alone: true, command: 'node', args: ['test/harness/run-integration.js'] },
  { name: 'e2e', alone: true, command: 'sh', args: ['-c', 'node --test --test-concurrency=1 out/test/e2e/*.e2e.js'] },
];

/** Runs one stage and returns its result; a held-back stage's output is printed whole at its end. */
async function runStage(stage, { hold }) {
  if (!hold) process.stdout.write(`\n=== ${stage.name} ===\n`);
  const started = Date.now();
  const { code, output } = await run(stage.command, stage.args, { hold });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { passed, failed } = counts(output);
  return { stage: stage.name, code, passed, failed, seconds, output: hold ? output : undefined };
}

async function main() {
  const started = Date.now();
  const results = [];
  let background = [];
  // Waits for the stages running in the background and prints each one's output whole.
  const joinBackground = async () => {
    for (const pending of background) {
      const result = await pending;
      process.stdout.write(`\n=== ${result.stage} (ran beside the stages above, in ${result.seconds} s) ===\n${result.output}`);
      delete result.output;
      results.push(result);
    }
    background = [];
  };
  for (const stage of stages) {
    if (only.length && !stage.setup && !only.includes(stage.name)) continue;
    if (stage.background) {
      background.push(runStage(stage, { hold: true }));
      continue;
    }
    if (stage.alone) await joinBackground();
    const result = await runStage(stage, { hold: false });
    results.push(result);
    if (stage.setup && result.code !== 0) {
      process.stdout.write(`\n${stage.name} failed (exit ${result.code}): stopping.\n`);
      break;
    }
  }
  await joinBackground();
  process.stdout.write('\n=== summary ===\n');
  for (const result of results) {
    const verdict = result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`;
    const tally = result.passed || result.failed ? `${result.passed} passed, ${result.failed} failed` : '';
    process.stdout.write(`${result.stage.padEnd(12)} ${verdict.padEnd(18)} ${tally.padEnd(24)} ${result.seconds} s\n`);
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  // A stage that exits non-zero without a failing test (a crash, a timeout) still counts as a failure.
  const failed = results.reduce((sum, result) => sum + (result.failed || (result.code === 0 ? 0 : 1)), 0);
  process.stdout.write(`${'wall time'.padEnd(56)} ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(results.some((result) => result.code !== 0) ? 1 : 0);
}

main();
