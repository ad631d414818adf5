// Opens the code-server workbench in headless Chromium (Debian's /usr/bin/chromium) via playwright-core.
//
//   const { openBrowser } = require('./browser');
//   const { browser, page } = await openBrowser({
//     server,                                   // from startCodeServer()
//     extensionDevelopmentPath: ROOT,           // default: the repo root
//     extensionTestsPath,                       // optional: runs that suite's run()
//     expose: { codeAutomationExit: fn },       // page.exposeFunction before the page loads
//   });
//   ... await browser.close();
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

function chromiumPath() {
  const candidates = [process.env.FLASHLIGHT_CHROMIUM, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) {
    throw new Error('No Chromium found: apt-get install chromium (or set FLASHLIGHT_CHROMIUM=/path/to/chrome)');
  }
  return found;
}

/** Launches headless Chromium (FLASHLIGHT_HEADED=1 shows the window where there is a display). */
async function launchBrowser({ headless = !process.env.FLASHLIGHT_HEADED, args = [] } = {}) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/**
 * Launches Chromium and opens the workbench of `server` with the extension loaded.
 * @param {object} options
 * @param {{ workbenchUrl: (o: object) => string }} [options.server]  a startCodeServer() result
 * @param {string} [options.url]                        or a ready workbench URL
 * @param {string|null} [options.extensionDevelopmentPath] default ROOT; null loads no extension
 * @param {string} [options.extensionTestsPath]          absolute path of a compiled suite's index (no .js needed)
 * @param {Record<string, Function>} [options.expose]    functions to page.exposeFunction() before loading
 * @param {(page: import('playwright-core').Page) => (void|Promise<void>)} [options.beforeGoto]
 * @param {{width: number, height: number}} [options.viewport]
 * @param {boolean} [options.waitForWorkbench]           wait for `.monaco-workbench` (default true)
 * @param {number} [options.timeoutMs]                   for page load + workbench (default 60 s)
 * @param {import('playwright-core').Browser|Promise<import('playwright-core').Browser>} [options.browser]
 *   a browser launched already (e.g. while code-server was starting) instead of a new one; it is
 *   closed on failure all the same
 */
async function openBrowser(options = {}) {
  const { server, extensionTestsPath, expose = {}, beforeGoto, viewport = { width: 1280, height: 800 }, waitForWorkbench = true, timeoutMs = 60_000 } = options;
  const extensionDevelopmentPath = options.extensionDevelopmentPath === undefined ? ROOT : options.extensionDevelopmentPath;
  const url =
    options.url ||
    server.workbenchUrl({
      extensionDevelopmentPath: extensionDevelopmentPath || undefined,
      extensionTestsPath: extensionTestsPath ? path.resolve(extensionTestsPath).replace(/\.js$/, '') : undefined,
    });

  const browser = await (options.browser || launchBrowser(options));
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, fn] of Object.entries(expose)) await page.exposeFunction(name, fn);
    if (beforeGoto) await beforeGoto(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    if (waitForWorkbench) await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    return { browser, context, page, url };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

module.exports = { openBrowser, launchBrowser, chromiumPath, CHROMIUM_ARGS };
