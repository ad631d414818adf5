// Helpers for end-to-end tests that drive the real VS Code workbench (code-server in headless
// Chromium) as a person would: the command palette, quick open, the keyboard, webviews, screenshots.
//
//   const wb = await openWorkbench({ settings: { 'flashlight.baseUrl': fake.baseUrl }, files: { 'a.ts': '...' } });
//   try {
//     await openFile(wb.page, 'a.ts');
//     await selectLines(wb.page, 1, 3);
//     await runCommand(wb.page, 'Flashlight: Explain Selection');
//     const frame = await findWebviewFrame(wb.page, '#answer');
//     await screenshot(wb.page, 'explain');
//   } finally {
//     await wb.stop();
//   }
//
// With the fake OpenRouter (most tests): `const wb = await openWorkbenchWithFake({ apiKey: key })`,
// then `wb.fake.enqueue(...)`, and `runFlashlightCommand` for a command the palette may not list yet
// right after the window loads; `newAnswerFrame` waits for a new answer in the panel, not an earlier one.
//
// Needs code-server (installed on first use into .vscode-test/, see test/harness/install-code-server.js),
// Debian's chromium, and a built extension (npm run build).
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import type { CodeServer } from '../harness/code-server';

type CodeServerModule = typeof import('../harness/code-server');
type BrowserModule = typeof import('../harness/browser');
type WorkspaceModule = typeof import('../harness/workspace');

/** The repo root: the nearest folder above this file whose package.json is Flashlight's. */
function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'flashlight') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Flashlight package.json above ${__dirname}`);
    dir = parent;
  }
}

export const ROOT = findRoot();
export const RESULTS_DIR = path.join(ROOT, 'test-results');

/**
 * FLASHLIGHT_E2E_TIMING=1 prints where an e2e test's time goes (code-server start, browser launch,
 * workbench load, Flashlight's status bar item showing, palette retries, stop) as TAP comments.
 */
const TIMING = Boolean(process.env.FLASHLIGHT_E2E_TIMING);
function timing(what: string, since: number): void {
  if (TIMING) process.stdout.write(`# timing: ${what} ${((Date.now() - since) / 1000).toFixed(2)} s\n`);
}

// The harness is plain JavaScript under test/harness (not compiled into out/): load it from there.
function harness<T>(name: string): T {
  return require(path.join(ROOT, 'test', 'harness', name)) as T;
}

export interface OpenWorkbenchOptions {
  /** User settings (e.g. `flashlight.baseUrl`), merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Environment for code-server and so the extension host (e.g. FLASHLIGHT_FAKE_URL). */
  env?: Record<string, string>;
  /** Files (relative path -> content) written into the workspace, over a copy of the fixtures. */
  files?: Record<string, string | Buffer>;
  /** Copy test/fixtures/workspace/ (or built-in samples) first; default true. */
  fixtures?: boolean;
  /** Default: the repo root (the extension under development); null loads no extension. */
  extensionDevelopmentPath?: string | null;
  viewport?: { width: number; height: number };
  /** Workspace trust on, the folder untrusted (Restricted Mode); default off, as the harness has it. */
  workspaceTrust?: boolean;
  /** Load the extension (the repo root) as an installed extension instead of under development: VS Code applies Restricted Mode only to installed ones. */
  installed?: boolean;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  server: CodeServer;
  /** Absolute path of the (temporary) workspace folder. */
  workspace: string;
  url: string;
  /** Closes the browser, stops code-server, removes the workspace. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts code-server on a temp workspace and opens the workbench with the extension loaded. */
export async function openWorkbench(options: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const { startCodeServer } = harness<CodeServerModule>('code-server.js');
  const { openBrowser, launchBrowser } = harness<BrowserModule>('browser.js');
  const { makeWorkspace } = harness<WorkspaceModule>('workspace.js');

  if (options.extensionDevelopmentPath !== null && !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const workspace = makeWorkspace({ files: options.files, fixtures: options.fixtures });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  // Chromium starts while code-server does (each takes seconds, neither needs the other yet).
  const launching = launchBrowser();
  launching.catch(() => undefined); // awaited below, or closed by stop()
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const stopping = Date.now();
    const launched = browser ?? (await launching.catch(() => undefined));
    await launched?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    workspace.remove();
    timing('stop', stopping);
  };
  try {
    let phase = Date.now();
    server = await startCodeServer({
      workspace: workspace.dir,
      env: options.env,
      settings: options.settings,
      workspaceTrust: options.workspaceTrust,
      installExtensions: options.installed ? [ROOT] : undefined,
    });
    timing('code-server start', phase);
    phase = Date.now();
    const opened = await openBrowser({
      browser: launching,
      server,
      extensionDevelopmentPath: options.installed ? null : options.extensionDevelopmentPath === undefined ? ROOT : options.extensionDevelopmentPath,
      viewport: options.viewport,
    });
    browser = opened.browser;
    timing('page load (browser launched beside code-server)', phase);
    phase = Date.now();
    await waitForWorkbench(opened.page);
    timing('workbench parts', phase);
    if (TIMING) {
      const shown = Date.now();
      void waitForFlashlight(opened.page, 120_000).then(
        () => timing('Flashlight status bar item after workbench parts', shown),
        () => undefined,
      );
    }
    return { page: opened.page, browser, server, workspace: workspace.dir, url: opened.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface OpenWorkbenchWithFakeOptions extends OpenWorkbenchOptions {
  /** Passed to the extension host as OPENROUTER_API_KEY; without it no key is set. */
  apiKey?: string;
  /** Options of the fake itself (e.g. `cacheMinTokens`, the implicit cache's minimum prefix). */
  fakeOptions?: Parameters<typeof startFakeOpenRouter>[0];
}

export interface WorkbenchWithFake extends Workbench {
  /** The fake OpenRouter the extension is pointed at (`flashlight.baseUrl`). */
  fake: FakeOpenRouter;
  /** Closes the browser, stops code-server, removes the workspace, then closes the fake server. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the fake OpenRouter (test/fake-openrouter/) and opens the workbench with Flashlight pointed
 * at it: `flashlight.baseUrl` set to the fake's URL (over `options.settings`), and `apiKey`, when
 * given, as OPENROUTER_API_KEY in the extension host's environment. Every e2e file that talks to
 * "OpenRouter" starts this way; one helper keeps them alike, and closes the fake server again when
 * the workbench fails to open. `stop()` tears both down.
 */
export async function openWorkbenchWithFake(options: OpenWorkbenchWithFakeOptions = {}): Promise<WorkbenchWithFake> {
  const { apiKey, fakeOptions, ...rest } = options;
  const fake = await startFakeOpenRouter(fakeOptions);
  let wb: Workbench;
  try {
    wb = await openWorkbench({
      ...rest,
      settings: { ...rest.settings, 'flashlight.baseUrl': fake.baseUrl },
      env: apiKey === undefined ? rest.env : { ...rest.env, OPENROUTER_API_KEY: apiKey },
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  const stopWorkbench = wb.stop;
  return {
    ...wb,
    fake,
    stop: async () => {
      await stopWorkbench();
      await fake.close();
    },
  };
}

/** Waits until the workbench has laid out its parts (status bar and activity bar are there). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
}

/** The workbench's quick input (palette and quick picks), its text box and its list's rows. */
export const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
export const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

async function openQuickInput(page: Page, shortcut: string, timeoutMs: number): Promise<void> {
  await page.keyboard.press(shortcut);
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Picks the row matching `text` once the list shows it: Enter when it is the focused row (as a person
 * would, after typing), else a click on it. Then waits for the quick input to close.
 */
async function acceptRow(page: Page, text: string, timeoutMs: number): Promise<void> {
  const match = page.locator(QUICK_INPUT_ROW).filter({ hasText: text }).first();
  await match.waitFor({ state: 'visible', timeout: timeoutMs });
  const focused = page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: text });
  if ((await focused.count()) > 0) await page.keyboard.press('Enter');
  else await match.click();
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * Runs a palette command that opens a quick pick of its own. (runCommand waits for the palette to
 * close, which never happens when the command's own quick pick takes its place at once.)
 */
export async function openFromPalette(page: Page, title: string): Promise<void> {
  await openQuickInput(page, 'Control+Shift+P', 20_000);
  await page.keyboard.type(title);
  await page.locator(`${QUICK_INPUT_ROW}.focused`).filter({ hasText: title }).waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

/** Runs a command by its palette title (e.g. 'Flashlight: Explain Selection'): Ctrl+Shift+P, type, Enter. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  await openQuickInput(page, 'Control+Shift+P', timeoutMs);
  await page.keyboard.type(title);
  await acceptRow(page, title, timeoutMs);
}

/**
 * Runs one of Flashlight's commands from the palette, trying again while the palette does not list
 * it yet. Right after the window loads (or reloads) the extension host may still be starting
 * Flashlight, and the palette lists only the commands known when it opens: each try waits
 * `attemptTimeoutMs` for the row, closes the palette with Escape if it did not come, waits
 * `pauseMs` and opens the palette again, up to `attempts` tries; the last failure is thrown.
 */
export async function runFlashlightCommand(page: Page, title: string, { attempts = 6, attemptTimeoutMs = 10_000, pauseMs = 2_000 } = {}): Promise<void> {
  const started = Date.now();
  // A palette opened before Flashlight is known waits a whole attempt for a row that cannot come:
  // wait for Flashlight to be running first (up to what the tries would take), then try as before.
  await waitForFlashlight(page, attempts * attemptTimeoutMs).catch(() => undefined);
  timing(`waiting for Flashlight before '${title}'`, started);
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, title, attemptTimeoutMs);
      if (attempt > 1) timing(`runFlashlightCommand '${title}' took ${attempt} attempts`, started);
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt === attempts) throw error;
      await page.waitForTimeout(pauseMs);
    }
  }
}

/** The DOM id of Flashlight's model item in the status bar: `<publisher>.<name>.flashlight.model`, lower case, as VS Code names it. */
const FLASHLIGHT_STATUS_ITEM = (() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}.flashlight.model`.toLowerCase();
})();

/** Flashlight's model item in the status bar. */
export const FLASHLIGHT_STATUS_BAR_ITEM = `.part.statusbar [id="${FLASHLIGHT_STATUS_ITEM}"]`;

/**
 * Waits until Flashlight has activated in this window: its model item is in the status bar (it is
 * shown on activation, so by then the extension host knows Flashlight's commands and the palette
 * lists them). Also right after a reload, once the new page is there.
 */
export async function waitForFlashlight(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator(`[id="${FLASHLIGHT_STATUS_ITEM}"]`).first().waitFor({ state: 'attached', timeout: timeoutMs });
}

/** Opens a workspace file by name or relative path via quick open (Ctrl+P); waits for its editor tab. */
export async function openFile(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  const base = path.posix.basename(name.split(path.sep).join('/'));
  // Quick Open asked just after the window loaded can keep an empty file list for that query (CI
  // saw it wait out 60 s): as a person would, close it and ask again, within the same time.
  const until = Date.now() + timeoutMs;
  for (;;) {
    await openQuickInput(page, 'Control+P', timeoutMs);
    await page.keyboard.type(name);
    const left = until - Date.now();
    try {
      await acceptRow(page, base, Math.max(1_000, Math.min(15_000, left)));
      break;
    } catch (error) {
      if (left <= 15_000) throw error;
      await page.keyboard.press('Escape');
      await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: 5_000 });
    }
  }
  await page.locator('.tabs-container .tab.active', { hasText: base }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout: timeoutMs });
}

/**
 * Selects whole lines `from`..`to` (1-based, inclusive) in the active editor with the keyboard:
 * Ctrl+G to the first line, then Shift+Down and Shift+End.
 */
export async function selectLines(page: Page, from: number, to: number, timeoutMs = 30_000): Promise<void> {
  if (from < 1 || to < from) throw new Error(`selectLines: bad range ${from}..${to}`);
  await openQuickInput(page, 'Control+G', timeoutMs);
  await page.keyboard.type(String(from));
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: timeoutMs });
  await page.keyboard.press('Home');
  // Home toggles between the first non-blank character and column 1: make sure we are at column 1.
  const column = await cursorColumn(page);
  if (column !== null && column !== 1) await page.keyboard.press('Home');
  for (let line = from; line < to; line++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
}

/** The cursor position shown in the status bar ("Ln 3, Col 5 (12 selected)"), or null. */
export async function cursorStatus(page: Page): Promise<string | null> {
  const item = page.locator('#status\\.editor\\.selection');
  if ((await item.count()) === 0) return null;
  return (await item.first().innerText()).trim();
}

async function cursorColumn(page: Page): Promise<number | null> {
  const status = await cursorStatus(page);
  const match = status ? /Col (\d+)/.exec(status) : null;
  return match ? Number(match[1]) : null;
}

/**
 * Finds the frame (webviews are nested iframes of the workbench) that contains `selector`.
 * Polls page.frames() until `timeoutMs`.
 */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // the frame navigated or went away while we looked
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no frame with ${selector} within ${timeoutMs} ms (${page.frames().length} frames)`);
    }
    await page.waitForTimeout(200);
  }
}

/**
 * The answer panel's answer that was not there before the last `newAnswerFrame` call (see there);
 * e.g. `frame.locator(`${NEW_ANSWER}[data-state="done"]`)` waits for the new answer's end.
 */
export const NEW_ANSWER = '.answer:not([data-earlier])';

/**
 * Runs `start` (e.g. Explain Selection) and returns the answer panel's frame once it shows the new
 * answer. The panel may still show an earlier answer, even a finished one, so waiting for
 * `.answer` (or its `data-state="done"`) alone could return at once and read the old one. So every
 * answer already shown, in any frame, is marked first (`data-earlier`), and only an unmarked one,
 * NEW_ANSWER, counts.
 */
export async function newAnswerFrame(page: Page, start: () => Promise<void>, timeoutMs = 30_000): Promise<Frame> {
  for (const frame of page.frames()) {
    await frame
      .evaluate(() => document.querySelectorAll('#flashlight-answer .answer').forEach((answer) => answer.setAttribute('data-earlier', '')))
      .catch(() => undefined);
  }
  await start();
  return findWebviewFrame(page, `#flashlight-answer ${NEW_ANSWER}`, timeoutMs);
}

/** Saves a PNG of the page to test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
