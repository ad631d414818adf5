// Benchmark 5: activation. Each sample is a fresh Node process (a require is cached per process)
// that loads the production bundle dist/extension.js with a stand-in `vscode` and calls
// activate() (activationProbe.js). Medians of `runs` samples. The naive baseline, measured the
// same way: the same sources transpiled file by file (out/bench/unbundled/, by build.js) and
// loading their dependencies from node_modules, as an extension that ships without a bundler.
'use strict';

const path = require('path');
const { execFileSync } = require('child_process');
const { median } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROBE = path.join(__dirname, 'activationProbe.js');

function sample(bundle) {
  const out = execFileSync(process.execPath, [PROBE, bundle], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out.trim().split('\n').pop());
}

function measure(entry, runs) {
  sample(entry); // warm the disk cache
  const samples = Array.from({ length: runs }, () => sample(entry));
  const errors = samples.map((s) => s.error).filter(Boolean);
  return {
    requireMs: median(samples.map((s) => s.requireMs)),
    activateMs: errors.length ? NaN : median(samples.map((s) => s.activateMs)),
    totalMs: errors.length ? NaN : median(samples.map((s) => s.requireMs + s.activateMs)),
    requireCpuMs: median(samples.map((s) => s.requireCpuMs)),
    activateCpuMs: errors.length ? NaN : median(samples.map((s) => s.activateCpuMs)),
    totalCpuMs: errors.length ? NaN : median(samples.map((s) => s.requireCpuMs + s.activateCpuMs)),
    // A second after activation (the warm-up, src/warmUp.ts): loading dist/openai.js (NaN when there is none).
    sdkCpuMs: median(samples.map((s) => s.sdkCpuMs ?? NaN)),
    error: errors[0],
  };
}

function runActivationBench({ runs = 15 } = {}) {
  return {
    runs,
    bundled: measure(path.join(ROOT, 'dist', 'extension.js'), runs),
    unbundled: measure(path.join(ROOT, 'out', 'bench', 'unbundled', 'extension.js'), Math.max(3, Math.floor(runs / 3))),
  };
}

module.exports = { runActivationBench };

if (require.main === module) console.log(runActivationBench());
