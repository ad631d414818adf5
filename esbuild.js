// Builds the bundles: the extension (Node, `vscode` external), the `openai` SDK on its own (Node,
// required by the extension on the first request) and the webview (browser).
// `--production` minifies for packaging; `--watch` rebuilds on change.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

// The `openai` SDK is about 60% of the extension's code, and only a request needs it: in the
// extension bundle, `require('openai')` (src/core/openrouter/openaiSdk.ts) becomes `require('./openai.js')`,
// the SDK's own bundle beside it, so loading the extension at activation does not parse the SDK.
// (Unit tests and the unbundled sources keep requiring `openai` from node_modules.)
const openaiBeside = {
  name: 'openai-beside',
  setup(build) {
    build.onResolve({ filter: /^openai$/ }, () => ({ path: './openai.js', external: true }));
  },
};

// `import * as vscode from 'vscode'` in each of ~30 modules would become one interop copy each of
// the whole API (~190 properties, a getter apiece) at load: every module imports this one module
// instead, which re-exports the API once. Same properties, same getters, a thirtieth of the work.
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const bundles = [
  {
    ...shared,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [openaiBeside, vscodeOnce],
  },
  {
    ...shared,
    // The package's CommonJS entry (what `require('openai')` loads): the bundle's exports are the SDK's.
    entryPoints: [require.resolve('openai')],
    outfile: 'dist/openai.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
  {
    ...shared,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

// The webview's icon font comes from @vscode/codicons, copied beside the bundles it serves.
function copyCodicons() {
  const fs = require('node:fs');
  const path = require('node:path');
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join('dist/codicons', file));
}

async function main() {
  copyCodicons();
  const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    console.log('[esbuild] watching src/ for changes');
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
