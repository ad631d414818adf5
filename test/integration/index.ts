// The integration suite's entry point. VS Code's extension host requires this module and awaits
// run(), both under code-server (test/harness/run-integration.js) and under desktop VS Code
// (@vscode/test-electron, test/harness/run-electron.js). It runs every out/test/integration/**/*.test.js
// with mocha's BDD ui (describe/it) and rejects when any test fails.
//
// Environment: FLASHLIGHT_TEST_GREP runs only the tests whose full title matches it.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

/**
 * Under code-server the extension host's console reaches test/harness/run-integration.js through
 * the workbench's log (codeAutomationLog), mixed with the workbench's own lines. The harness sets
 * FLASHLIGHT_TEST_HOST=code-server; we then prefix our console lines with this marker so it can
 * print exactly them. Under desktop VS Code nothing changes.
 */
export const LOG_MARKER = '[flashlight-it] ';

function markConsole(): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  // The extension host installs console.* as accessors whose setter ignores assignment: redefine.
  const saved = methods.map((method) => Object.getOwnPropertyDescriptor(console, method));
  for (const method of methods) {
    const forward = console[method];
    Object.defineProperty(console, method, {
      configurable: true,
      enumerable: true,
      writable: true,
      value: (...args: unknown[]) => forward.call(console, LOG_MARKER + util.format(...args)),
    });
  }
  // Mocha's reporters keep the console.log they saw when mocha was loaded.
  const baseConsoleLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = console.log;
  return () => {
    methods.forEach((method, i) => {
      const descriptor = saved[i];
      if (descriptor) Object.defineProperty(console, method, descriptor);
    });
    Mocha.reporters.Base.consoleLog = baseConsoleLog;
  };
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // The spec reporter writes through console.log, which the extension host forwards to the
    // workbench (codeAutomationLog under code-server) and to stdout under desktop VS Code.
    reporter: 'spec',
    color: false,
    timeout: 30_000,
  });
  const grep = process.env.FLASHLIGHT_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);

  const restoreConsole = process.env.FLASHLIGHT_TEST_HOST === 'code-server' ? markConsole() : () => {};
  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js files under ${__dirname}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        if (stats) {
          // A plain closing line that CI and people can read: "integration: N passed, N failed[, N skipped]".
          const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
          console.log(`integration: ${stats.passes} passed, ${stats.failures} failed${skipped}`);
        }
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  }).finally(restoreConsole);
}
