#!/usr/bin/env node
// Runs the same integration suite (out/test/integration/index.js) under desktop VS Code with
// @vscode/test-electron, where a desktop VS Code can be had (a laptop, a public CI). Builds nothing:
// run `npm run build && npm run compile` first.
//
//   node test/harness/run-electron.js
//
// Environment:
//   VSCODE_EXECUTABLE  path to an installed VS Code (`code` binary); otherwise test-electron
//                      downloads one into .vscode-test/ (needs internet: fails on these machines)
//   VSCODE_VERSION     version to download (default: 'stable')
//   any other variable passes through to the extension host (e.g. FLASHLIGHT_FAKE_URL)
// On Linux without a display, run it under xvfb-run.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { makeWorkspace } = require('./workspace');

const ROOT = path.resolve(__dirname, '..', '..');

async function main() {
  const extensionTestsPath = path.join(ROOT, 'out', 'test', 'integration', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    throw new Error('missing out/test/integration/index.js: run `npm run build && npm run compile` first');
  }
  const workspace = makeWorkspace();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-electron-user-'));
  try {
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_EXECUTABLE ? undefined : process.env.VSCODE_VERSION || undefined,
      extensionTestsEnv: { FLASHLIGHT_TEST_HOST: 'electron' },
      launchArgs: [
        workspace.dir,
        '--disable-extensions', // other installed extensions; the one under development still loads
        `--user-data-dir=${userDataDir}`,
      ],
    });
  } finally {
    workspace.remove();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[run-electron] ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
