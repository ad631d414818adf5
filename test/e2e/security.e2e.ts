// Security in the real webview (code-server in headless Chromium): the hostile corpus
// (test/fixtures/hostile/corpus.js) streamed through the fake OpenRouter into the answer panel and
// a part of it into the chat; every request the page and its frames make is recorded; scripts are
// caught by canaries (a loopback canary server, dialogs, title changes, postMessage to the top
// window); command: and javascript: links are clicked and must do nothing; a 1 MB single line
// leaves the page responsive. Then the key: set through Set API Key, used on every error path and
// in the chat, and searched for everywhere it must not be.
//
// Allowed requests (anything else, from any frame, counts as a remote request):
// - http(s) to the workbench's own origin (code-server serves the workbench and the webview host);
// - the webview's own resources: https://<authority>.vscode-resource.vscode-cdn.net/<this
//   extension>/dist/… or /media/… (answered inside the browser by the webview's service worker from
//   the extension's folder: the CSP's webview.cspSource);
// - the browser-internal schemes data:, blob:, vscode-webview:, vscode-file:;
// - from the workbench's top frame only (not a webview): code-server's own extension gallery
//   query to open-vsx.org (it fails offline; the workbench makes it at start).
// The canary server, the fake OpenRouter (only the extension host talks to it) and every other
// host are remote.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  newAnswerFrame,
  openFile,
  openWorkbenchWithFake,
  runCommand,
  runFlashlightCommand,
  screenshot,
  selectLines,
  ROOT,
  type WorkbenchWithFake,
} from './workbench';

interface Entry {
  id: string;
  category: string;
  text: string;
}
const corpus = require(path.join(ROOT, 'test', 'fixtures', 'hostile', 'corpus.js')) as {
  entries: Entry[];
  megabyteLine(): string;
  materialize(text: string, canary: string, secret: string): string;
};

const key = 'sk-or-v1-SECURITY-e2e-7f3a9c1d5b2e8f4a6c0d';
const secret = 'LEAKED-SECRET-4242';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;
let canary: http.Server;
let canaryUrl = '';
const canaryHits: string[] = [];
const remote: string[] = [];
const allOrigins = new Set<string>();
const dialogs: string[] = [];
let workbenchOrigin = '';
const tally = { payloads: 0, answers: 0, checked: 0 };

before(async () => {
  canary = http.createServer((req, res) => {
    canaryHits.push(req.url ?? '');
    res.end('');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as { port: number }).port}`;
  // No OPENROUTER_API_KEY: the first test sets the key through Set API Key.
  wb = await openWorkbenchWithFake({ settings: { 'flashlight.stallTimeoutSeconds': 2 } });
  fake = wb.fake;
  workbenchOrigin = new URL(wb.url).origin;
  const context = wb.page.context();
  context.on('request', (request) => {
    // A link the user clicked to open in a new window is not the webview making a request.
    let frame: Frame | undefined;
    try {
      frame = request.frame();
    } catch {
      frame = undefined; // a service worker's own request: its page's requests are seen anyway
    }
    if (frame && frame.page() !== wb.page) return;
    const url = request.url();
    let origin: string;
    try {
      const parsed = new URL(url);
      origin = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : `${parsed.protocol}`;
    } catch {
      origin = url.slice(0, 20);
    }
    allOrigins.add(origin);
    if (origin === workbenchOrigin || ['data:', 'blob:', 'vscode-webview:', 'vscode-file:'].includes(origin)) return;
    if (isOwnResource(url)) return;
    if (frame === wb.page.mainFrame() && url.startsWith('https://open-vsx.org/vscode/gallery/')) return;
    remote.push(url);
  });
  wb.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  await wb.page.evaluate(() => {
    const top = window as unknown as { __pwned: string[] };
    top.__pwned = [];
    window.addEventListener('message', (event) => {
      const data = event.data as { pwned?: string } | undefined;
      if (data && typeof data === 'object' && 'pwned' in data) top.__pwned.push(String(data.pwned));
    });
  });
});

after(async () => {
  console.log(
    `security e2e: ${tally.payloads} payloads in ${tally.answers} answers, ${tally.checked} checks; scripts run ${dialogs.length + canaryHits.length}, remote requests ${remote.length}; origins seen: ${[...allOrigins].join(' ')}`,
  );
  await wb?.stop();
  await new Promise((resolve) => canary?.close(resolve));
});

/** A file of this extension's dist/ or media/, through the webview's resource host. */
function isOwnResource(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || !parsed.hostname.endsWith('.vscode-resource.vscode-cdn.net')) return false;
    const file = decodeURIComponent(parsed.pathname);
    return [path.join(ROOT, 'dist') + '/', path.join(ROOT, 'media') + '/'].some((dir) => file.startsWith(dir)) && !file.includes('..');
  } catch {
    return false;
  }
}

/** Explains, and returns the panel once it shows the new answer (an earlier one is marked, not waited for). */
async function explain(): Promise<Frame> {
  return newAnswerFrame(wb.page, async () => {
    await openFile(wb.page, 'src/hello.ts');
    await selectLines(wb.page, 1, 3);
    await runFlashlightCommand(wb.page, 'Flashlight: Explain Selection');
  });
}

const lastRequestId = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

/** Runs in the webview: every element or attribute that could run code, load or navigate. */
function scan(rootSelector: string): { violations: string[]; text: string; title: string } {
  const root = document.querySelector(rootSelector)!;
  const found: string[] = [];
  const active =
    'script,style,iframe,frame,frameset,object,embed,form,input,textarea,select,svg,math,link,meta,base,video,audio,source,picture,template,noscript,marquee';
  for (const element of root.querySelectorAll(active)) found.push(`<${element.tagName.toLowerCase()}>`);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || ['style', 'srcset', 'action', 'formaction', 'background', 'poster', 'xlink:href', 'srcdoc', 'target', 'ping'].includes(name))
        found.push(`${element.tagName}[${name}]`);
      // The sanitizer keeps only http(s) links (mailto:, # and relative ones are dropped): so must the answer.
      if (name === 'href' && !/^https?:/i.test(attribute.value.trim())) found.push(`${element.tagName}[href=${attribute.value.slice(0, 40)}]`);
      if (name === 'src' && !/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(attribute.value.trim()))
        found.push(`${element.tagName}[src=${attribute.value.slice(0, 40)}]`);
    }
  }
  for (const element of root.querySelectorAll('[id]')) if (!/^flashlight-/.test(element.id)) found.push(`#${element.id}`);
  return { violations: found, text: (root as HTMLElement).innerText, title: document.title };
}

async function noScriptRan(where: string): Promise<void> {
  const pwned = await wb.page.evaluate(() => (window as unknown as { __pwned: string[] }).__pwned);
  assert.deepEqual(pwned, [], `${where}: a payload posted to the workbench`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(canaryHits, [], `${where}: the canary was reached`);
  assert.deepEqual(remote, [], `${where}: remote requests`);
  assert.doesNotMatch(await wb.page.title(), /PWNED/, `${where}: the workbench title`);
}

test('Set API Key stores a distinctive key, checked against /key first', { timeout: 180_000 }, async () => {
  await runFlashlightCommand(wb.page, 'Flashlight: Set API Key');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await wb.page.keyboard.type(key);
  await wb.page.keyboard.press('Enter');
  for (let tries = 0; tries < 100 && !fake.requests.some((request) => request.path.endsWith('/key')); tries++) await wb.page.waitForTimeout(100);
  assert.equal(fake.requests.find((request) => request.path.endsWith('/key'))?.headers['authorization'], `Bearer ${key}`);
  await wb.page.waitForTimeout(1_000);
});

test('the hostile corpus streamed into the answer panel runs nothing, loads nothing, and is shown as text', { timeout: 420_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  const batches: Entry[][] = [];
  for (let i = 0; i < corpus.entries.length; i += 25) batches.push(corpus.entries.slice(i, i + 25));
  let frame: Frame | undefined;
  for (const batch of batches) {
    const text = batch.map((entry) => corpus.materialize(entry.text, canaryUrl, secret)).join('\n\n');
    fake.enqueue({ text, chunkSize: 300, chunkDelayMs: 2 });
    const id = lastRequestId();
    frame = await explain();
    for (let tries = 0; tries < 300 && lastRequestId() === id; tries++) await wb.page.waitForTimeout(50);
    await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 60_000 });
    await wb.page.waitForTimeout(300);
    const seen = await frame.evaluate(scan, '#flashlight-answer');
    assert.deepEqual(seen.violations, [], `batch ${batch[0].id}…${batch.at(-1)!.id}`);
    assert.doesNotMatch(seen.title, /PWNED/);
    for (const entry of batch) assert.ok(seen.text.includes(`[[${entry.id}]]`), `${entry.id} is shown`);
    // Every link, clicked as the page would see a click: none may navigate or run anything.
    await frame.evaluate(() => {
      for (const link of document.querySelectorAll('#flashlight-answer a'))
        if (!/^https?:/i.test(link.getAttribute('href') ?? '')) (link as HTMLElement).click();
    });
    await wb.page.waitForTimeout(300);
    await noScriptRan(`batch ${batch[0].id}`);
    tally.payloads += batch.length;
    tally.answers++;
    tally.checked += batch.length;
  }
  await screenshot(wb.page, 'security-corpus-panel');
  assert.ok(tally.payloads >= 100);
});

test('a javascript: link and command: links clicked for real do nothing; an https link goes through the extension', { timeout: 180_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  const editorTabs = () => wb.page.locator('.tabs-container .tab').count();
  fake.enqueue({
    text: "[Run JS](javascript:alert('clicked')) · [Close all](command:workbench.action.closeAllEditors) · [Clear key](command:flashlight.clearApiKey) · <command:workbench.action.closeAllEditors> · [Docs](https://example.com/docs)\n",
  });
  const frame = await explain();
  await frame.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  const tabsBefore = await editorTabs();
  assert.ok(tabsBefore >= 2, 'an editor and the panel are open');
  for (const label of ['Run JS', 'Close all', 'Clear key']) await frame.locator('#flashlight-answer a', { hasText: label }).click();
  await wb.page.waitForTimeout(1_500);
  assert.equal(await editorTabs(), tabsBefore, 'command:workbench.action.closeAllEditors did not run');
  assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'no dialog');
  await noScriptRan('clicked links');

  // The https link: the extension's openExternal asks before leaving (code-server's confirmation).
  const popups: string[] = [];
  const onPage = (page: { url(): string }) => popups.push(page.url());
  wb.page.context().on('page', onPage);
  await frame.locator('#flashlight-answer a', { hasText: 'Docs' }).click();
  const dialog = wb.page.locator('.monaco-dialog-box');
  for (let tries = 0; tries < 50 && (await dialog.count()) === 0 && popups.length === 0; tries++) await wb.page.waitForTimeout(100);
  if ((await dialog.count()) > 0) {
    assert.match(await dialog.innerText(), /example\.com/);
    await screenshot(wb.page, 'security-open-link-confirm');
    await wb.page.keyboard.press('Escape');
  } else {
    assert.ok(
      popups.some((url) => url.startsWith('https://example.com/docs') || url === 'about:blank'),
      `opened: ${popups.join(', ')}`,
    );
  }
  wb.page.context().off('page', onPage);

  // command:flashlight.clearApiKey did not run: the next request carries the stored key without asking.
  fake.enqueue({ text: 'Still keyed.' });
  const again = await explain();
  await again.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  assert.equal(fake.requests.filter((request) => request.path.endsWith('/chat/completions')).at(-1)!.headers['authorization'], `Bearer ${key}`);
});

test('a 1 MB single line leaves the panel responsive: evaluate and Stop answer within bounds', { timeout: 240_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  const line = corpus.materialize(corpus.megabyteLine(), canaryUrl, secret);
  // 1 MB in 16 deltas, then 2 MB more, slowly: the answer is still streaming when Stop is clicked.
  fake.enqueue({ text: line + 'z'.repeat(2_000_000), chunkSize: 65_536, chunkDelayMs: 400 });
  const id = lastRequestId();
  const frame = await explain();
  for (let tries = 0; tries < 300 && lastRequestId() === id; tries++) await wb.page.waitForTimeout(50);
  let length = 0;
  for (let tries = 0; tries < 600 && length < 1_048_576; tries++) {
    length = await frame.evaluate(() => document.querySelector('#flashlight-answer')!.textContent.length);
    await wb.page.waitForTimeout(50);
  }
  assert.ok(length >= 1_048_576, `${length} chars shown`);
  const evalStart = Date.now();
  assert.equal(await frame.evaluate(() => 1 + 1), 2);
  const evalMs = Date.now() - evalStart;
  const stopStart = Date.now();
  // The click is dispatched in the page (a pointer click from Playwright first hit-tests the
  // 1 MB layout, which measures Playwright more than the page): the view's own handler must stop.
  await frame.evaluate(() => (document.getElementById('flashlight-stop') as HTMLButtonElement).click());
  await frame.locator('.answer[data-state="stopped"]').waitFor({ timeout: 10_000 });
  const stopMs = Date.now() - stopStart;
  console.log(`1 MB line: evaluate ${evalMs} ms, Stop to stopped ${stopMs} ms`);
  // Bounds for a 2-core machine shared with other code-server sessions.
  assert.ok(evalMs < 2_000, `evaluate took ${evalMs} ms`);
  assert.ok(stopMs < 10_000, `Stop took ${stopMs} ms`);
  await screenshot(wb.page, 'security-megabyte-line');
  await noScriptRan('1 MB line');
});

test('part of the corpus streamed into the chat runs nothing and loads nothing', { timeout: 240_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  const subset = corpus.entries.filter((_, index) => index % 4 === 0);
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  for (let i = 0; i < subset.length; i += 20) {
    const batch = subset.slice(i, i + 20);
    fake.enqueue({ text: batch.map((entry) => corpus.materialize(entry.text, canaryUrl, secret)).join('\n\n'), chunkSize: 300, chunkDelayMs: 2 });
    await frame.locator('#flashlight-composer-input').click();
    await wb.page.keyboard.type(`Hostile batch ${i}`);
    await wb.page.keyboard.press('Enter');
    await frame
      .locator('.turn-assistant')
      .nth(i / 20)
      .locator('.answer[data-state="done"]')
      .waitFor({ timeout: 60_000 });
    await wb.page.waitForTimeout(300);
    const seen = await frame.evaluate(scan, '#flashlight-chat-log');
    assert.deepEqual(seen.violations, [], `chat batch ${batch[0].id}`);
    for (const entry of batch) assert.ok(seen.text.includes(`[[${entry.id}]]`), `${entry.id} is shown in the chat`);
    await frame.evaluate(() => {
      for (const link of document.querySelectorAll('.turn-assistant a')) if (!/^https?:/i.test(link.getAttribute('href') ?? '')) (link as HTMLElement).click();
    });
    await wb.page.waitForTimeout(300);
    await noScriptRan(`chat batch ${batch[0].id}`);
    tally.payloads += batch.length;
    tally.answers++;
  }
  await screenshot(wb.page, 'security-corpus-chat');
});

test('a window reload mid-answer keeps the chat up to its last complete message', { timeout: 240_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  fake.enqueue({ text: 'Slow words arrive. '.repeat(1_000), chunkSize: 8, chunkDelayMs: 40 });
  let frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  await frame.locator('#flashlight-composer-input').click();
  await wb.page.keyboard.type('Question asked before the reload');
  await wb.page.keyboard.press('Enter');
  await frame.locator('#flashlight-stop').waitFor({ state: 'visible', timeout: 20_000 });
  await wb.page.waitForTimeout(800);
  const reloaded = wb.page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(wb.page, 'Developer: Reload Window');
  await reloaded;
  await wb.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  // The dialog and postMessage canaries are on the old document: set them again.
  await wb.page.evaluate(() => {
    const top = window as unknown as { __pwned: string[] };
    top.__pwned = [];
    window.addEventListener('message', (event) => {
      const data = event.data as { pwned?: string } | undefined;
      if (data && typeof data === 'object' && 'pwned' in data) top.__pwned.push(String(data.pwned));
    });
  });
  for (let tries = 0; tries < 100 && fake.openStreams() > 0; tries++) await wb.page.waitForTimeout(100);
  assert.equal(fake.openStreams(), 0, 'the reload ended the request');
  await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
  frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  await frame.locator('.turn-user', { hasText: 'Question asked before the reload' }).waitFor({ timeout: 30_000 });
  // textContent: turns scrolled out of view are not rendered (content-visibility), so they have no innerText.
  const users = await frame.locator('.turn-user .turn-text').allTextContents();
  assert.ok(users.includes('Question asked before the reload'), `questions after reload: ${users.join(' | ')}`);
  assert.ok(
    users.some((text) => /Hostile batch 0/.test(text)),
    'earlier turns are kept',
  );
  const chats = path.join(wb.server.userDataDir, 'User', 'globalStorage', 'flashlight-dev.flashlight', 'chats');
  const stored = fs
    .readdirSync(chats)
    .filter((name) => name !== 'index.json')
    .map((name) => fs.readFileSync(path.join(chats, name), 'utf8'));
  assert.ok(
    stored.some((content) => content.includes('Question asked before the reload')),
    'the question is in the conversation storage',
  );
  await screenshot(wb.page, 'security-after-reload');
});

test('every error path, then the key is nowhere: settings, logs, output channel, storage, webview DOM, workbench, messages', { timeout: 300_000 }, async () => {
  fake.reset(); // a failed test's unplayed scenarios must not reach this one
  const errors: Array<{ scenario: Parameters<FakeOpenRouter['enqueue']>[0]; kind: string }> = [
    { scenario: { status: 401, errorMessage: 'User not found.' }, kind: 'badKey' },
    { scenario: { status: 402 }, kind: 'noCredits' },
    { scenario: { status: 429, retryAfterSeconds: 60 }, kind: 'rateLimited' },
    { scenario: { status: 500, errorMessage: 'Internal Server Error' }, kind: 'providerDown' },
    {
      scenario: { text: 'Half an answer then', chunkSize: 5, midStreamErrorAfterChunks: 2, midStreamError: { code: 502, message: 'Provider disconnected' } },
      kind: 'midStream',
    },
    { scenario: { text: 'Stalls after this', chunkSize: 6, stallAfterChunks: 2 }, kind: 'stalled' },
    { scenario: { fault: 'reset-before-headers' }, kind: 'network' },
  ];
  for (const { scenario, kind } of errors) {
    fake.enqueue(scenario);
    const frame = await explain();
    // Each kind differs from the one before, so this waits for the new answer's error.
    const error = frame.locator(`.error[data-kind="${kind}"]`);
    await error.waitFor({ timeout: 30_000 });
    assert.ok(!(await error.innerText()).includes(key));
    await wb.page.keyboard.press('Escape');
  }
  await screenshot(wb.page, 'security-last-error');
  // Let the output channel's log reach its file.
  await wb.page.waitForTimeout(2_000);

  const count = (text: string) => text.split(key).length - 1;
  const found: Record<string, number> = {};
  const searchTree = (label: string, dir: string) => {
    if (!fs.existsSync(dir)) return 0;
    let total = 0;
    const walk = (current: string) => {
      for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && fs.statSync(full).size < 50 * 1024 * 1024) {
          const n = count(fs.readFileSync(full).toString('latin1'));
          if (n > 0) found[`${label}/${path.relative(dir, full)}`] = n;
          total += n;
        }
      }
    };
    walk(dir);
    return total;
  };
  const logsDir = path.join(wb.server.userDataDir, 'logs');
  const logFiles: string[] = [];
  const listLogs = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) listLogs(full);
      else logFiles.push(full);
    }
  };
  if (fs.existsSync(logsDir)) listLogs(logsDir);
  const channel = logFiles.filter((file) => /Flashlight/i.test(path.basename(file)) || /flashlight/i.test(file));
  assert.ok(
    channel.length > 0,
    `the Flashlight output channel's log file is under ${logsDir}: ${logFiles.map((file) => path.relative(logsDir, file)).join(', ')}`,
  );
  assert.ok(
    channel.some((file) => /request \d+/.test(fs.readFileSync(file, 'utf8'))),
    'the channel log holds request lines',
  );
  const counts = {
    settings: count(fs.readFileSync(wb.server.settingsFile, 'utf8')),
    userDataDir: searchTree('user-data', wb.server.userDataDir),
    workspace: searchTree('workspace', wb.workspace),
    outputChannel: channel.reduce((sum, file) => sum + count(fs.readFileSync(file, 'utf8')), 0),
    webviews: 0,
    workbenchDom: count(await wb.page.content()),
    browserStorage: count(await wb.page.evaluate(() => JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage)))),
  };
  for (const frame of wb.page.frames()) {
    if (frame === wb.page.mainFrame() || frame.isDetached()) continue;
    try {
      counts.webviews += count(await frame.content());
    } catch {
      // a frame that went away
    }
  }
  // The search works: the key did cross the wire to the (fake) OpenRouter, as it must.
  const onTheWire = fake.requests.filter((request) => request.headers['authorization'] === `Bearer ${key}`).length;
  console.log(`key occurrences: ${JSON.stringify(counts)} ${JSON.stringify(found)}; sent as Authorization ${onTheWire} times`);
  assert.ok(onTheWire >= 7, `the key was sent ${onTheWire} times`);
  assert.deepEqual(found, {});
  assert.deepEqual(counts, { settings: 0, userDataDir: 0, workspace: 0, outputChannel: 0, webviews: 0, workbenchDom: 0, browserStorage: 0 });
});
