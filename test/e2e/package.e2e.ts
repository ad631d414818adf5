// The package a user installs, not the folder the other tests load: the .vsix is built (vsce, with
// the production build of vscode:prepublish, in a copy of the project so the shared dist/ is left
// alone), installed into a fresh code-server profile with `--install-extension`, and the smoke path
// run against that installed copy: Set API Key, Explain Selection, the chat with the selection
// attached, and a code action's diff. A file that .vscodeignore leaves out, or a module missing
// from the bundles, fails here. The fake answers in try-out mode (test/fake-openrouter/tryout.ts),
// so the same run shows the product as a newcomer sees it.
//
// FLASHLIGHT_SCREENSHOTS=1 also writes the README's pictures to media/screenshots/ (clipped to the
// part that matters, kept small); without it they go to test-results/ only.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import type { CodeServer } from '../harness/code-server';
import { findWebviewFrame, openFile, RESULTS_DIR, ROOT, runFlashlightCommand, selectLines, waitForWorkbench } from './workbench';

const KEY = 'sk-or-v1-e2e-package-0123456789';
const SCREENSHOTS_DIR = path.join(ROOT, 'media', 'screenshots');
const writeReadmePictures = process.env.FLASHLIGHT_SCREENSHOTS === '1';

const harness = <T>(name: string): T => require(path.join(ROOT, 'test', 'harness', name)) as T;

let work: string;
let fake: FakeOpenRouter;
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace: { dir: string; remove(): void } | undefined;
let installedDir: string;

/** vsce in a copy of the project: what `npm run package` would publish. */
function buildVsix(into: string): string {
  const copy = path.join(into, 'project');
  fs.mkdirSync(copy);
  for (const name of [
    'package.json',
    'package-lock.json',
    'esbuild.js',
    'tsconfig.json',
    'tsconfig.base.json',
    '.vscodeignore',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
  ]) {
    if (fs.existsSync(path.join(ROOT, name))) fs.copyFileSync(path.join(ROOT, name), path.join(copy, name));
  }
  for (const dir of ['src', 'media']) fs.cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const vsix = path.join(into, 'flashlight.vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], {
    cwd: copy,
    stdio: 'pipe',
    env: { ...process.env, OPENROUTER_API_KEY: '' },
  });
  return vsix;
}

before(async () => {
  const { ensureCodeServer, ENTRY } = harness<{ ensureCodeServer(): void; ENTRY: string }>('install-code-server.js');
  const { startCodeServer } = harness<typeof import('../harness/code-server')>('code-server.js');
  const { openBrowser } = harness<typeof import('../harness/browser')>('browser.js');
  const { makeWorkspace } = harness<typeof import('../harness/workspace')>('workspace.js');

  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-package-'));
  const vsix = buildVsix(work);
  ensureCodeServer();
  const extensionsDir = path.join(work, 'extensions');
  const userDataDir = path.join(work, 'user-data');
  // As a user installs it: code-server's own --install-extension, into an empty profile.
  execFileSync(process.execPath, [ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { stdio: 'pipe' });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  installedDir = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);

  fake = await startFakeOpenRouter({ tryout: true });
  workspace = makeWorkspace({});
  server = await startCodeServer({
    workspace: workspace.dir,
    userDataDir,
    extensionsDir,
    settings: { 'flashlight.baseUrl': fake.baseUrl },
    env: { OPENROUTER_API_KEY: '' }, // the key must come from Set API Key
  });
  // No extensionDevelopmentPath: only the installed copy is loaded.
  const opened = await openBrowser({ server, extensionDevelopmentPath: null, viewport: { width: 1120, height: 680 } });
  browser = opened.browser;
  page = opened.page;
  await waitForWorkbench(page);
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await fake?.close().catch(() => undefined);
  workspace?.remove();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A picture of one part of the window: always to test-results/, and to media/screenshots/ when asked. */
async function picture(target: Locator, name: string): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `package-${name}.png`);
  await target.screenshot({ path: file });
  if (writeReadmePictures) {
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOTS_DIR, `${name}.png`));
  }
}

/**
 * What the webview loads from the installed copy took effect (a file left out of the .vsix is a
 * 404 there): media/webview.css set its custom properties, dist/codicons/codicon.css styled the
 * icons and its font loaded; dist/webview.js is what drew the answer the caller already read.
 */
async function assertAssetsLoaded(frame: Frame): Promise<void> {
  const seen = await frame.evaluate(async () => {
    const icon = document.body.appendChild(document.createElement('span'));
    icon.className = 'codicon codicon-add';
    const codiconCss = getComputedStyle(icon).fontFamily.replace(/["']/g, '');
    icon.remove();
    const faces = await document.fonts.load('16px codicon').catch(() => []);
    return {
      webviewCss: getComputedStyle(document.documentElement).getPropertyValue('--fl-gap').trim(),
      codiconCss,
      codiconFont: faces.filter((face) => face.status === 'loaded').length,
    };
  });
  assert.deepEqual(seen, { webviewCss: '10px', codiconCss: 'codicon', codiconFont: 1 }, 'the webview’s css and font from the installed extension');
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

test('the installed .vsix: Set API Key, Explain Selection, the chat with context, a Fix as an inline diff, accepted', { timeout: 420_000 }, async () => {
  assert.ok(fs.existsSync(path.join(installedDir, 'package.json')), `installed into ${installedDir}`);
  assert.ok(!fs.existsSync(path.join(installedDir, 'src')), 'the installed copy is the package, not the source folder');

  // Set API Key: checked with GET /key before it is stored.
  await runFlashlightCommand(page, 'Flashlight: Set API Key');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(KEY);
  await page.keyboard.press('Enter');
  for (let tries = 0; tries < 100 && !fake.requests.some((r) => r.path.endsWith('/key')); tries++) await page.waitForTimeout(100);
  assert.equal(fake.requests.find((r) => r.path.endsWith('/key'))?.headers['authorization'], `Bearer ${KEY}`);
  await page.waitForTimeout(500);
  await runFlashlightCommand(page, 'Notifications: Clear All Notifications'); // "key saved" would cover the panel's picture

  // Explain Selection: the try-out answer streams into the panel; a picture mid-answer.
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 5, 11);
  await runFlashlightCommand(page, 'Flashlight: Explain Selection');
  const panel = await findWebviewFrame(page, '#flashlight-answer .answer', 30_000);
  await panel.locator('.answer pre code').first().waitFor({ timeout: 30_000 });
  await picture(page.locator('.part.editor'), 'explain-mid-answer');
  await panel.locator('.answer[data-state="done"]').waitFor({ timeout: 60_000 });
  const explained = squash(await panel.locator('.answer').first().innerText());
  assert.match(explained, /What sum does/);
  assert.match(explained, /for \(let i = 0; i <= values\.length; i\+\+\)/, 'the selected code is quoted');
  await assertAssetsLoaded(panel);
  const explainRequest = fake.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
  assert.equal(explainRequest?.headers['authorization'], `Bearer ${KEY}`, 'the stored key is used');

  // The chat: the selection attached, a question, the answer quoting the attached code.
  await runFlashlightCommand(page, 'Flashlight: Add Selection to Chat');
  const chat = await findWebviewFrame(page, '#flashlight-composer-input', 30_000);
  await chat.locator('#flashlight-composer-input').click();
  await page.keyboard.type('Why does this return NaN?');
  await page.keyboard.press('Enter');
  await chat.locator('.turn-assistant .answer pre code').first().waitFor({ timeout: 60_000 });
  await picture(page.locator('.part.sidebar'), 'chat-with-context');
  await chat.locator('.turn-assistant .answer[data-state="done"]').first().waitFor({ timeout: 60_000 });
  const chatAnswer = squash((await chat.locator('.turn-assistant .answer').first().textContent()) ?? '');
  assert.match(chatAnswer, /About “Why does this return NaN\?”/);
  assert.match(chatAnswer, /total \+= values\[i\]/);
  await assertAssetsLoaded(chat);

  // A code action: Fix Code streams its suggestion into the editor as an inline diff (the default);
  // Ctrl+Enter writes it.
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 5, 11);
  await runFlashlightCommand(page, 'Flashlight: Fix Code');
  const accept = page.locator('.editor-instance .codelens-decoration', { hasText: 'Accept (Ctrl+Enter)' }).first();
  await accept.waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(300); // the last decorations settle
  await picture(page.locator('.part.editor'), 'fix-diff');
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Enter');
  await accept.waitFor({ state: 'detached', timeout: 15_000 });
  const fixed = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  assert.match(fixed, /i < values\.length/, 'the accepted fix is in the file');
});
