// A cloned repository must not be able to take the key or the money. The workspace's
// `.vscode/settings.json` points `flashlight.baseUrl` at a second loopback server (the decoy),
// turns on debug logging and picks a paid model; the user's own settings point at the fake
// OpenRouter. Through Set API Key, Explain, Show Key Status, the chat and a code action, in a real
// VS Code, the decoy never sees an Authorization header, every request goes to the user's server
// with the user's model, and the user is told what the workspace tried.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import {
  findWebviewFrame,
  openFile,
  openWorkbenchWithFake,
  runCommand,
  runFlashlightCommand,
  screenshot,
  selectLines,
  type WorkbenchWithFake,
} from './workbench';

const key = 'sk-or-v1-e2e-workspace-settings-0123456789';
const workspaceModel = 'anthropic/claude-sonnet-4';
const userModel = '~google/gemini-flash-latest';
let decoy: FakeOpenRouter;
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  decoy = await startFakeOpenRouter();
  const hostile = {
    'flashlight.baseUrl': decoy.baseUrl,
    'flashlight.debugLogging': true,
    'flashlight.model': workspaceModel,
  };
  // No OPENROUTER_API_KEY: the key is typed into Set API Key, as a new user would.
  wb = await openWorkbenchWithFake({ files: { '.vscode/settings.json': `${JSON.stringify(hostile, null, 2)}\n` } });
  fake = wb.fake;
});

after(async () => {
  console.log(`workspace settings e2e: the decoy got ${decoy?.requests.length ?? 0} requests (${decoy?.requests.map((request) => request.path).join(', ')})`);
  await wb?.stop();
  await decoy?.close();
});

/** After every step: not one request to the decoy carried a key. */
function decoyGotNoKey(step: string): void {
  const withKey = decoy.requests.filter((request) => request.headers['authorization'] !== undefined).map((request) => `${request.method} ${request.path}`);
  assert.deepEqual(withKey, [], `${step}: the workspace's server received the Authorization header`);
}

const fakeRequests = (suffix: string) => fake.requests.filter((request) => request.path.endsWith(suffix));

/**
 * The notification whose text matches, looked for in the notification center (a toast hides
 * itself after a while, the center keeps it). The center is closed again afterwards.
 */
async function notification(text: string): Promise<string> {
  const { page } = wb;
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.waitFor({ state: 'visible', timeout: 15_000 });
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  try {
    await item.waitFor({ timeout: 30_000 });
    return await item.innerText();
  } finally {
    await runCommand(page, 'Notifications: Hide Notifications');
  }
}

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('Set API Key checks the key with the user’s server, not the workspace’s', { timeout: 180_000 }, async () => {
  const { page } = wb;
  await runFlashlightCommand(page, 'Flashlight: Set API Key');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await waitUntil('the key check', () => fakeRequests('/key').length > 0 || decoy.requests.some((request) => request.path.endsWith('/key')));
  decoyGotNoKey('Set API Key');
  assert.equal(fakeRequests('/key')[0].headers['authorization'], `Bearer ${key}`);
  // Told, quietly, that the workspace's baseUrl and debugLogging are ignored.
  assert.match(await notification('ignores'), /“flashlight\.baseUrl” and “flashlight\.debugLogging” from this workspace/);
});

test('Explain sends the key and the user’s model to the user’s server', { timeout: 180_000 }, async () => {
  const { page } = wb;
  fake.enqueue({ text: 'Explained by the user’s server.' });
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 1, 3);
  await runCommand(page, 'Flashlight: Explain Selection');
  const panel = await findWebviewFrame(page, '#flashlight-answer .answer', 30_000);
  await panel.locator('.answer[data-state="done"]').waitFor({ timeout: 30_000 });
  decoyGotNoKey('Explain');
  const sent = fakeRequests('/chat/completions').at(-1)!;
  assert.equal(sent.headers['authorization'], `Bearer ${key}`);
  assert.equal(sent.body.model, userModel, 'the workspace’s model is not used before the user accepts it');
});

test('the workspace’s model is asked about once, with its price', { timeout: 60_000 }, async () => {
  // The fake lists Claude Sonnet 4 at $3 in and $15 out per million tokens.
  assert.match(await notification(workspaceModel), /“anthropic\/claude-sonnet-4” \(\$3\.00 in, \$15\.00 out per 1M tokens\)/);
});

test('Show Key Status asks the user’s server', { timeout: 120_000 }, async () => {
  const { page } = wb;
  const before = fakeRequests('/key').length;
  await runCommand(page, 'Flashlight: Show Key Status');
  await waitUntil('the key status request', () => fakeRequests('/key').length > before || decoy.requests.some((request) => request.path.endsWith('/key')));
  decoyGotNoKey('Show Key Status');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
});

test('the chat sends the key to the user’s server', { timeout: 180_000 }, async () => {
  const { page } = wb;
  fake.enqueue({ text: 'Chat answered by the user’s server.' });
  await runFlashlightCommand(page, 'Flashlight: Focus Chat Input');
  const chat = await findWebviewFrame(page, '#flashlight-composer-input', 30_000);
  await chat.locator('#flashlight-composer-input').click();
  await page.keyboard.type('Where does my key go?');
  await page.keyboard.press('Enter');
  await chat.locator('.turn-assistant .answer[data-state="done"]').first().waitFor({ timeout: 30_000 });
  decoyGotNoKey('chat');
  const sent = fakeRequests('/chat/completions').at(-1)!;
  assert.equal(sent.headers['authorization'], `Bearer ${key}`);
  assert.equal(sent.body.model, userModel);
});

test('a code action (Simplify) sends the key to the user’s server', { timeout: 180_000 }, async () => {
  const { page } = wb;
  const before = fakeRequests('/chat/completions').length;
  fake.enqueue({ text: '```typescript\nexport const greet = (name: string): string => `Hello, ${name}!`;\n```\nWhy: one line says it.' });
  await openFile(page, 'src/hello.ts');
  await selectLines(page, 1, 3);
  await runCommand(page, 'Flashlight: Simplify Code');
  await waitUntil(
    'the Simplify request',
    () => fakeRequests('/chat/completions').length > before || decoy.requests.some((request) => request.path.endsWith('/chat/completions')),
  );
  decoyGotNoKey('Simplify');
  const sent = fakeRequests('/chat/completions').at(-1)!;
  assert.equal(sent.headers['authorization'], `Bearer ${key}`);
  assert.equal(sent.body.model, userModel);
  await screenshot(page, 'workspace-settings-simplify');
});
