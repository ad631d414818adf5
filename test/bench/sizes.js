// Benchmark 6: what a user downloads. The bundles as built for release (`node esbuild.js
// --production`, run by the bench script first) and the .vsix that `npm run package` makes (same
// vsce flags, written to a temporary folder so the working tree's flashlight.vsix is untouched).
// Beside them, the naive bundle: the dependencies' own published builds, unbundled.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');

function size(file) {
  return fs.statSync(path.join(ROOT, file)).size;
}

/** Bytes of every file under a package folder: what shipping node_modules instead of a bundle costs. */
function folderBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function packageVsix() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-vsix-'));
  const out = path.join(dir, 'flashlight.vsix');
  try {
    // vsce runs `vscode:prepublish` (the production build) itself, as `npm run package` does.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
    return fs.statSync(out).size;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runSizes() {
  const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies || {});
  const nodeModulesBytes = dependencies.reduce((total, name) => total + folderBytes(path.join(ROOT, 'node_modules', name)), 0);
  return {
    extensionBytes: size('dist/extension.js'),
    openaiBytes: size('dist/openai.js'),
    webviewBytes: size('dist/webview.js'),
    vsixBytes: packageVsix(),
    dependencies,
    nodeModulesBytes,
  };
}

module.exports = { runSizes };

if (require.main === module) console.log(runSizes());
