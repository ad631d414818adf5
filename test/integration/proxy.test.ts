// The network inside a real VS Code: Flashlight sends through the extension host's own fetch, so
// VS Code's proxy settings apply with nothing read by the extension. Checked on the wire: with
// `http.proxy` pointing at a loopback proxy, Explain (chat completion), the model list and the key
// check all reach the fake OpenRouter through it; with `http.noProxy` naming the host they go
// direct; each setting applies to the next request, without a reload. And a POST whose connection
// is reset after the server read it is not sent again (issue 13, item 11) by VS Code's fetch either.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { OpenRouterNetwork } from '../../src/core/openrouter/network';
import { appTitle, appUrl } from '../../src/features/key/keyedAccess';
import { chatRequests, flashlight, openFixture, select, testKey, waitFor } from './support';
import { startRelay, startTestProxy, type TestProxy } from './testProxy';

const code = 'export function double(value: number): number {\n  return value * 2;\n}\n';

describe("VS Code's network stack: http.proxy and http.noProxy", function () {
  this.timeout(60_000);
  let proxy: TestProxy;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let baseUrl: string;
  let saved: { baseUrl: unknown; proxy: unknown; noProxy: unknown };
  let restoreWarning: () => void;
  const originQuestions: string[] = [];
  const http = () => vscode.workspace.getConfiguration('http');
  const global = vscode.ConfigurationTarget.Global;

  before(async () => {
    const { server } = await flashlight();
    proxy = await startTestProxy();
    relay = await startRelay(server.port);
    baseUrl = `http://127.0.0.2:${relay.port}/api/v1`;
    saved = {
      baseUrl: vscode.workspace.getConfiguration('flashlight').inspect('baseUrl')?.globalValue,
      proxy: http().inspect('proxy')?.globalValue,
      noProxy: http().inspect('noProxy')?.globalValue,
    };
    await vscode.workspace.getConfiguration('flashlight').update('baseUrl', baseUrl, global);
    // The user moved baseUrl to 127.0.0.2 on purpose: when Flashlight asks (once) before the key
    // goes to that new origin, they say yes. Every other warning goes on to the real one.
    const showWarningMessage = vscode.window.showWarningMessage;
    const answer = (message: string, ...items: unknown[]) => {
      if (message.startsWith('Send your OpenRouter key to ')) {
        originQuestions.push(message);
        return Promise.resolve(items.find((item) => typeof item === 'string' && item.startsWith('Send Key to ')));
      }
      return (showWarningMessage as (...args: unknown[]) => Thenable<unknown>)(message, ...items);
    };
    Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: answer });
    restoreWarning = () => Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: showWarningMessage });
  });

  after(async () => {
    restoreWarning();
    assert.ok(originQuestions.length <= 1, `the key's new origin is asked about once, not ${originQuestions.length} times`);
    await vscode.workspace.getConfiguration('flashlight').update('baseUrl', saved.baseUrl, global);
    await http().update('proxy', saved.proxy, global);
    await http().update('noProxy', saved.noProxy, global);
    await proxy.close();
    await relay.close();
  });

  beforeEach(async () => {
    (await flashlight()).server.reset();
    proxy.seen.length = 0;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
  });

  async function explain(): Promise<void> {
    const editor = await openFixture(code, 'typescript');
    select(editor, 0, 2);
    await vscode.commands.executeCommand('flashlight.explainSelection');
  }

  it('with http.proxy set after activation, Explain, the model list and the key check all go through the proxy', async () => {
    const { server, api } = await flashlight();
    await http().update('noProxy', [], global);
    await http().update('proxy', proxy.url, global);
    const target = `127.0.0.2:${relay.port}`;

    server.enqueue({ text: 'It doubles its argument.' });
    await explain();
    assert.strictEqual(api.panelAnswer()?.text, 'It doubles its argument.');
    assert.strictEqual(chatRequests(server).length, 1);

    // The model list, as the picker loads it (the extension's own command).
    void vscode.commands.executeCommand('flashlight.chooseModel');
    await waitFor('the model list request', () => server.requests.some((request) => request.path.endsWith('/models')));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    // The key check (`GET /key`): the extension's client and network modules, in this extension host,
    // over the same global fetch (Show Key Status ends in a modal dialog a test cannot dismiss).
    const info = await new OpenRouterClient(new OpenRouterNetwork().fetch).checkKey({ baseUrl, apiKey: testKey, stallTimeoutMs: 5_000, appUrl, appTitle });
    assert.ok(info.label, 'the fake labelled the key');

    const paths = server.requests.map((request) => request.path.replace(/^\/api\/v1/, ''));
    for (const path of ['/chat/completions', '/models', '/key']) assert.ok(paths.includes(path), `${path} reached the fake: ${paths.join(', ')}`);
    // Each request arrives at the proxy for the target: a tunnel (https; VS Code's fetch tunnels plain
    // http too) or, for a plain-http target over Node's http module, an absolute-URL request. None
    // went around the proxy.
    assert.ok(proxy.seen.length >= server.requests.length, `proxy saw ${proxy.seen.join(', ')} for ${paths.join(', ')}`);
    assert.ok(
      proxy.seen.every((line) => line === `CONNECT ${target}` || (/^(GET|POST) http:\/\//.test(line) && line.includes(` http://${target}/`))),
      proxy.seen.join(', '),
    );
  });

  it('with http.noProxy naming the host, requests go direct', async () => {
    const { server, api } = await flashlight();
    await http().update('proxy', proxy.url, global);
    await http().update('noProxy', ['127.0.0.2'], global);
    server.enqueue({ text: 'Direct this time.' });
    await explain();
    assert.strictEqual(api.panelAnswer()?.text, 'Direct this time.');
    assert.strictEqual(chatRequests(server).length, 1);
    assert.deepStrictEqual(proxy.seen, []);
  });

  it('a generation whose connection is reset after the request was read is not sent again', async () => {
    const { server, api } = await flashlight();
    await http().update('proxy', undefined, global);
    server.enqueue({ fault: 'reset-before-headers' }, { text: 'A second, billed generation.' });
    await explain();
    const shown = await waitFor('the error in the panel', () => api.panelAnswer()?.error);
    assert.strictEqual(shown.kind, 'network', shown.detail);
    assert.strictEqual(chatRequests(server).length, 1, 'the POST was sent once');
    assert.notStrictEqual(api.panelAnswer()?.text, 'A second, billed generation.');
  });
});
