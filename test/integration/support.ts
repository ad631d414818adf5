// Shared set-up for integration tests inside VS Code: the fake OpenRouter runs in the extension
// host's own process on loopback, and the extension is pointed at it through its real settings.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FlashlightApi } from '../../src/host/testApi';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

export const testKey = 'sk-or-v1-integration-0123456789abcdef';

let shared: { server: FakeOpenRouter; api: FlashlightApi } | undefined;

export async function flashlight(): Promise<{ server: FakeOpenRouter; api: FlashlightApi }> {
  if (shared) return shared;
  const server = await startFakeOpenRouter();
  await vscode.workspace.getConfiguration('flashlight').update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('flashlight').update('stallTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
  process.env.OPENROUTER_API_KEY = testKey;
  const extension = vscode.extensions.getExtension<FlashlightApi | undefined>('flashlight-dev.flashlight');
  if (!extension) throw new Error('the Flashlight extension is not installed in this VS Code');
  const api = await extension.activate();
  if (!api) throw new Error('Flashlight returned no test hooks: they exist only in ExtensionMode.Test (a run with extensionTestsPath)');
  shared = { server, api };
  return shared;
}

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

/** A file in the workspace folder the integration run opens (a copy of test/fixtures/workspace/). */
export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/**
 * A file of the fixture workspace (test/fixtures/workspace/, where the harness's workspace.js copies
 * the test workspace from), read from there so a test never keeps its own copy that could drift.
 */
export function fixtureText(relative: string): string {
  const root = findRoot();
  const { FIXTURES } = require(path.join(root, 'test', 'harness', 'workspace.js')) as typeof import('../harness/workspace');
  return fs.readFileSync(path.join(FIXTURES, relative), 'utf8').replace(/\r\n/g, '\n');
}

export async function openFixture(content: string, language: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

export function select(editor: vscode.TextEditor, fromLine: number, toLine: number): void {
  editor.selection = new vscode.Selection(fromLine, 0, toLine, editor.document.lineAt(toLine).text.length);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function chatRequests(server: FakeOpenRouter) {
  return server.requests.filter((request) => request.path.endsWith('/chat/completions'));
}
