// Builds the benchmarks' own bundles into out/bench/ (esbuild, like the extension, so the bench
// does not depend on the whole test tree type-checking):
// - bench-page.js: the renderer benchmark's page driver + the naive renderer (browser, minified
//   like the production webview bundle, so both sides get the same treatment);
// - host-bench.js: the part that runs inside VS Code's extension host (`vscode` external);
// - grounding-host-bench.js: the grounding bench's part in the extension host (`vscode` external);
// - first-paint-host.js: the same for the first-paint bench (test/bench/firstPaint.js);
// - fake-openrouter.js: the fake OpenRouter server, for the runner to start in-process;
// - client-bench.js: the OpenRouter client alone against the fake server (plain Node);
// - page-html.js: the answer panel's real HTML for the renderer bench page (`vscode` stubbed);
// - unbundled/: src/ transpiled file by file, requiring its dependencies from node_modules: the
//   activation benchmark's naive baseline (an extension shipped without a bundler).
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'out', 'bench');

const shared = { bundle: true, logLevel: 'warning', legalComments: 'none', absWorkingDir: ROOT };

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

async function buildBench() {
  await Promise.all([
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/renderer/benchPage.ts'],
      outfile: path.join(OUT, 'bench-page.js'),
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      minify: true,
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/host/hostBench.ts'],
      outfile: path.join(OUT, 'host-bench.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/host/groundingHostBench.ts'],
      outfile: path.join(OUT, 'grounding-host-bench.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/host/firstPaintHost.ts'],
      outfile: path.join(OUT, 'first-paint-host.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/fake-openrouter/server.ts'],
      outfile: path.join(OUT, 'fake-openrouter.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/renderer/pageHtml.ts'],
      outfile: path.join(OUT, 'page-html.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      alias: { vscode: './test/bench/renderer/vscodeStub.js' },
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['test/bench/client/clientBench.ts'],
      outfile: path.join(OUT, 'client-bench.js'),
      platform: 'node',
      target: 'node20',
      format: 'cjs',
    }),
    esbuild.build({
      entryPoints: sourceFiles(path.join(ROOT, 'src')).filter((file) => !file.includes(`${path.sep}webview${path.sep}`)),
      outdir: path.join(OUT, 'unbundled'),
      bundle: false,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
      absWorkingDir: ROOT,
    }),
  ]);
  return OUT;
}

if (require.main === module) {
  buildBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { buildBench, OUT };
