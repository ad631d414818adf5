#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js, a mocha runner) inside a real VS Code:
// code-server in headless Chromium, the extension loaded from this repo as in an Extension
// Development Host. Builds nothing: run `npm run build && npm run compile` first.
//
//   node test/harness/run-integration.js          (npm run test:integration)
//
// Environment:
//   any variable (e.g. FLASHLIGHT_FAKE_URL) passes through to the extension host
//   FLASHLIGHT_IT_TIMEOUT_MS   whole-run timeout (default 300000)
//   FLASHLIGHT_HARNESS_VERBOSE=1  also print code-server's own output and every workbench log line
// Exit code: the suite's (0 passed, 1 failed), 1 on timeout or harness error.
// The workbench's log files are written to test-results/integration-logs/.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const { ensureCodeServer } = require('./install-code-server');
const { startCodeServer } = require('./code-server');
const { openBrowser } = require('./browser');
const { makeWorkspace } = require('./workspace');

const ROOT = path.resolve(__dirname, '..', '..');
const SUITE = path.join(ROOT, 'out', 'test', 'integration', 'index');
const TIMEOUT_MS = Number(process.env.FLASHLIGHT_IT_TIMEOUT_MS) || 300_000;
const VERBOSE = Boolean(process.env.FLASHLIGHT_HARNESS_VERBOSE);
const LOG_DIR = path.join(ROOT, 'test-results', 'integration-logs');

function out(line) {
  process.stdout.write(`${line}\n`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// codeAutomationLog receives every line of the window's log: the extension host's console (where
// mocha's reporter writes) and the workbench talking about itself. While the suite runs,
// out/test/integration/index.js prefixes the extension host's console lines with this marker
// (because we set FLASHLIGHT_TEST_HOST=code-server), so we print exactly those.
const MARKER = '[flashlight-it] ';
// Workbench errors that are expected on a machine without internet.
const NOISE = [/open-vsx\.org/, /ERR_NAME_NOT_RESOLVED/];

const SUMMARY = /^integration: \d+ passed, \d+ failed/;

function formatLogMessage(message) {
  if (Array.isArray(message)) return util.format(...message);
  return String(message ?? '');
}

function preflight() {
  const missing = [];
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) missing.push('dist/extension.js (npm run build)');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'openai.js'))) missing.push('dist/openai.js (npm run build)');
  if (!fs.existsSync(`${SUITE}.js`)) missing.push('out/test/integration/index.js (npm run compile)');
  if (missing.length > 0) {
    throw new Error(`missing build output:\n  ${missing.join('\n  ')}`);
  }
}

function saveLogs(logs) {
  if (!Array.isArray(logs)) return;
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  for (const entry of logs) {
    if (!entry || typeof entry.relativePath !== 'string') continue;
    const file = path.join(LOG_DIR, entry.relativePath.replace(/^(\.\.(\/|\\|$))+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, String(entry.contents ?? ''));
  }
}

async function main() {
  const started = Date.now();
  preflight();
  ensureCodeServer();

  const workspace = makeWorkspace();
  let server;
  let browser;
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    workspace.remove();
  };

  try {
    server = await startCodeServer({
      workspace: workspace.dir,
      env: { FLASHLIGHT_TEST_HOST: 'code-server' },
    });
    const serverUp = Date.now();

    let summary = null; // index.ts's closing "integration: N passed, N failed" line
    let settle;
    const finished = new Promise((resolve) => {
      settle = resolve;
    });
    timer = setTimeout(
      () =>
        settle({
          code: 1,
          reason:
            `integration tests timed out after ${seconds(TIMEOUT_MS)}: the workbench never reported the end of the ` +
            `suite (codeAutomationExit). Is out/test/integration/index.js's run() stuck, or did the extension host ` +
            `fail to start? Rerun with FLASHLIGHT_HARNESS_VERBOSE=1. (FLASHLIGHT_IT_TIMEOUT_MS sets the limit.)`,
        }),
      TIMEOUT_MS,
    );
    server.process.on('exit', (code, signal) =>
      settle({ code: 1, reason: `code-server exited unexpectedly (code ${code}, signal ${signal}):\n${server.output()}` }),
    );

    const opened = await openBrowser({
      server,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      expose: {
        codeAutomationLog: (level, message) => {
          const text = formatLogMessage(message);
          if (text.startsWith(MARKER)) {
            const line = text.slice(MARKER.length);
            if (SUMMARY.test(line)) summary = line;
            out(line);
          } else if (VERBOSE) {
            out(`[workbench ${level}] ${text}`);
          } else if (level === 'error' && !NOISE.some((noise) => noise.test(text))) {
            out(`[workbench error] ${text.split('\n')[0]}`);
          }
        },
        codeAutomationExit: (code, logs) => {
          saveLogs(logs);
          settle({ code: typeof code === 'number' ? code : 1 });
        },
      },
      beforeGoto: (page) => {
        page.on('pageerror', (error) => out(`[page error] ${error.message}`));
        if (VERBOSE) page.on('console', (message) => out(`[page ${message.type()}] ${message.text()}`));
      },
      timeoutMs: TIMEOUT_MS,
    });
    browser = opened.browser;
    const pageUp = Date.now();

    const result = await finished;
    const done = Date.now();
    if (result.reason) out(`\n[run-integration] ${result.reason}`);
    out(
      `[run-integration] exit ${result.code}; total ${seconds(done - started)} ` +
        `(code-server up ${seconds(serverUp - started)}, workbench loaded ${seconds(pageUp - serverUp)}, ` +
        `extension host + suite ${seconds(done - pageUp)}); logs in ${path.relative(ROOT, LOG_DIR)}/`,
    );
    if (summary) out(summary); // last, so it is the closing line
    await cleanup();
    return result.code;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[run-integration] error: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
