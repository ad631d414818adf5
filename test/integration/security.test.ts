// Reliability through the real extension in VS Code: every network fault the fake OpenRouter can
// play, through Explain Selection (and a few through the chat), ends with a clear message, keeps
// the text already shown, leaves no request or timer running (the fake's open streams and the
// extension's own in-flight count are both 0) and the next request works. Also: input refused
// before sending, closing the panel mid-answer, 20 requests started back to back, and 200 answers
// in a row without leaking memory, timers, sockets or listeners.
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { Scenario } from '../fake-openrouter/server';
import { chatRequests, flashlight, openFixture, select, testKey, waitFor } from './support';

const source = ['export function twice(n: number): number {', '  const doubled = n * 2;', '  return doubled;', '}', ''].join('\n');
const answer = 'First part of the answer arrives. Second part keeps going. Third part is here. Fourth part ends it.';
const chunk = 10;

async function explain(): Promise<void> {
  const editor = await openFixture(source, 'typescript');
  select(editor, 0, 3);
  await vscode.commands.executeCommand('flashlight.explainSelection');
}

/** Both sides agree nothing is running: the fake's open responses and the extension's streams. */
async function settled(what: string): Promise<void> {
  const { server, api } = await flashlight();
  await waitFor(`${what}: no request left open`, () => server.openStreams() === 0 && api.activeStreams() === 0, 5_000);
}

function clear(message: string | undefined): void {
  assert.ok(message && message.length >= 15, `a message a person can read: ${JSON.stringify(message)}`);
  assert.doesNotMatch(message, /undefined|\[object|NaN|^Error:/, message);
  assert.ok(!message.includes(testKey), 'the key is not in the message');
}

interface Fault {
  name: string;
  scenario: Scenario;
  /** What the panel must end with. */
  state: 'error' | 'done';
  kind?: RegExp;
  /** How much text must be kept: exact, or at least this prefix length. */
  kept: (text: string) => void;
  /**
   * Played for this many requests in a row. A request on a kept-alive connection that the server
   * closes before answering is rightly sent once more on a new connection (the server may have
   * closed it while idle): a server that refuses refuses that one too.
   */
  times?: number;
}

const nothing = (text: string) => assert.strictEqual(text, '');
const firstChunks = (count: number) => (text: string) => assert.strictEqual(text, answer.slice(0, chunk * count));

const faults: Fault[] = [
  { name: 'connection refused (socket closed at once)', scenario: { fault: 'refuse' }, times: 2, state: 'error', kind: /network/, kept: nothing },
  { name: 'reset before headers', scenario: { fault: 'reset-before-headers' }, times: 2, state: 'error', kind: /network/, kept: nothing },
  {
    name: 'reset mid-stream',
    scenario: { text: answer, chunkSize: chunk, chunkDelayMs: 5, dropAfterChunks: 3 },
    state: 'error',
    kind: /network|truncated/,
    kept: firstChunks(3),
  },
  { name: 'stall before the first byte', scenario: { fault: 'stall-before-headers' }, state: 'error', kind: /stalled/, kept: nothing },
  { name: 'stall mid-stream', scenario: { text: answer, chunkSize: chunk, stallAfterChunks: 4 }, state: 'error', kind: /stalled/, kept: firstChunks(4) },
  {
    name: 'malformed SSE line',
    scenario: { text: answer, chunkSize: chunk, fault: 'malformed-sse' },
    state: 'error',
    kind: /./,
    kept: (text) => assert.ok(answer.startsWith(text)),
  },
  {
    name: 'invalid JSON chunk',
    scenario: { text: answer, chunkSize: chunk, fault: 'invalid-json-chunk' },
    state: 'error',
    kind: /./,
    kept: (text) => assert.ok(answer.startsWith(text)),
  },
  { name: '200 with an HTML body', scenario: { fault: 'html-200' }, state: 'error', kind: /./, kept: nothing },
  {
    name: 'mid-stream error chunk',
    scenario: { text: answer, chunkSize: chunk, midStreamErrorAfterChunks: 2, midStreamError: { code: 502, message: 'Upstream went away' } },
    state: 'error',
    kind: /midStream/,
    kept: firstChunks(2),
  },
  {
    name: 'no [DONE] and no finish_reason (cut after the last chunk)',
    scenario: { text: answer, chunkSize: chunk, dropAfterChunks: Math.ceil(answer.length / chunk) },
    state: 'error',
    kind: /truncated|network/,
    kept: (text) => assert.strictEqual(text, answer),
  },
];

describe('Security and reliability: faults through the extension', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.workspace.getConfiguration('flashlight').update('stallTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('flashlight').update('stallTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('flashlight').update('answerDestination', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('flashlight').update('model', undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
  });

  for (const fault of faults) {
    it(`${fault.name}: a clear message, the text kept, nothing left running, the next request works`, async () => {
      const { server, api } = await flashlight();
      server.enqueue(...Array.from({ length: fault.times ?? 1 }, () => fault.scenario));
      await explain();
      const shown = api.panelAnswer()!;
      assert.strictEqual(shown.state, fault.state, `${fault.name}: ${JSON.stringify(shown.error)}`);
      if (fault.state === 'error') {
        assert.match(shown.error!.kind, fault.kind!);
        clear(shown.error!.detail);
      }
      fault.kept(shown.text);
      await settled(fault.name);

      server.reset(); // a repeat the extension did not need (a new connection) is not played to the next request
      server.enqueue({ text: 'Working again.' });
      await explain();
      assert.strictEqual(api.panelAnswer()!.state, 'done');
      assert.strictEqual(api.panelAnswer()!.text, 'Working again.');
      await settled(`${fault.name}, then a good answer`);
    });
  }

  it('a huge single chunk (1 MB in one delta) is shown whole', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'ignored', fault: 'huge-chunk', hugeChunkBytes: 1_000_000 });
    await explain();
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'done');
    assert.strictEqual(shown.text.length, 1_000_000);
    await settled('huge chunk');
  });

  it('a stream with finish_reason but no [DONE] ends normally with the whole text', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: answer, chunkSize: chunk, noDone: true });
    await explain();
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'done', JSON.stringify(shown.error));
    assert.strictEqual(shown.text, answer);
    await settled('no [DONE]');
  });

  it('in the chat: a reset mid-stream keeps the text in the conversation, and the next question works', async () => {
    const { server, api } = await flashlight();
    await vscode.workspace.getConfiguration('flashlight').update('answerDestination', 'chat', vscode.ConfigurationTarget.Global);
    try {
      server.enqueue({ text: answer, chunkSize: chunk, chunkDelayMs: 5, dropAfterChunks: 5 });
      await explain();
      await waitFor('the chat answer to end', () => !api.chatBusy() && api.chat().turns.length >= 2, 10_000);
      const last = api.chat().turns.at(-1)!;
      assert.strictEqual(last.role, 'assistant');
      const kept = (last as { answer: { state: string; text: string; error?: { detail: string } } }).answer;
      assert.strictEqual(kept.state, 'error');
      clear(kept.error?.detail);
      assert.strictEqual(kept.text, answer.slice(0, chunk * 5));
      await settled('chat reset');
      server.enqueue({ text: 'Chat works again.' });
      await explain();
      await waitFor(
        'the next chat answer',
        () => !api.chatBusy() && (api.chat().turns.at(-1) as { answer?: { text: string } }).answer?.text === 'Chat works again.',
        10_000,
      );
      await settled('chat next');
    } finally {
      await vscode.workspace.getConfiguration('flashlight').update('answerDestination', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('Security and reliability: bad input, closing, load', function () {
  this.timeout(180_000);

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
    const { server } = await flashlight();
    server.setDefault({});
  });

  it('empty, 5 MB and binary selections are refused before anything is sent', async () => {
    const { server } = await flashlight();
    const blank = await openFixture('   \n\n\t\n', 'plaintext');
    select(blank, 0, 2);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const huge = await openFixture(`const x = "${'y'.repeat(5 * 1024 * 1024)}";\n`, 'typescript');
    select(huge, 0, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const binary = await openFixture(`\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000`, 'plaintext');
    select(binary, 0, binary.document.lineCount - 1);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    assert.strictEqual(chatRequests(server).length, 0, 'nothing was sent');
  });

  it('a model id that does not exist gets OpenRouter’s 400 and a message that offers another model', async () => {
    const { server, api } = await flashlight();
    await vscode.workspace.getConfiguration('flashlight').update('model', 'google/gemini-does-not-exist', vscode.ConfigurationTarget.Global);
    try {
      // What OpenRouter answers for an unknown id: 400 {"error":{"message":"<id> is not a valid model ID","code":400}}.
      server.enqueue({ status: 400, errorMessage: 'google/gemini-does-not-exist is not a valid model ID' });
      await explain();
      assert.strictEqual(chatRequests(server)[0].body.model, 'google/gemini-does-not-exist');
      const shown = api.panelAnswer()!;
      assert.strictEqual(shown.state, 'error');
      assert.strictEqual(shown.error!.kind, 'modelNotFound');
      assert.ok(shown.error!.actions.includes('chooseModel'));
      clear(shown.error!.detail);
      await settled('unknown model');
    } finally {
      await vscode.workspace.getConfiguration('flashlight').update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('closing the panel mid-answer cancels the request and keeps what arrived', async () => {
    const { server, api } = await flashlight();
    const long = 'steady '.repeat(3_000);
    server.enqueue({ text: long, chunkSize: 14, chunkDelayMs: 15 });
    const before = api.panelAnswer()?.requestId;
    const running = explain();
    await waitFor('text in the panel', () => api.panelAnswer()?.requestId !== before && (api.panelAnswer()?.text.length ?? 0) > 100 && api.isPanelOpen());
    const tab = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.label === 'Flashlight');
    assert.ok(tab, 'the answer panel tab');
    await vscode.window.tabGroups.close(tab);
    await running;
    assert.ok(!api.isPanelOpen());
    const kept = api.panelAnswer()!;
    assert.notStrictEqual(kept.state, 'streaming');
    assert.notStrictEqual(kept.state, 'done');
    assert.ok(kept.text.length > 100 && long.startsWith(kept.text), `kept ${kept.text.length} chars`);
    const length = kept.text.length;
    await settled('panel closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(api.panelAnswer()!.text.length, length, 'nothing arrives after closing');
  });

  it('closing the chat mid-answer cancels the request and keeps what arrived in the conversation', async () => {
    const { server, api } = await flashlight();
    await vscode.workspace.getConfiguration('flashlight').update('answerDestination', 'chat', vscode.ConfigurationTarget.Global);
    try {
      const long = 'chatty '.repeat(3_000);
      server.enqueue({ text: long, chunkSize: 14, chunkDelayMs: 15 });
      const running = explain();
      const answerText = () => (api.chat().turns.at(-1) as { answer?: { text: string; state: string } }).answer;
      await waitFor('text in the chat', () => api.chatBusy() && (answerText()?.text.length ?? 0) > 100);
      // The view's own "Hide" command (VS Code registers <viewId>.removeView): the webview view is disposed.
      await vscode.commands.executeCommand('flashlight.chat.removeView');
      await waitFor('the chat answer to end', () => !api.chatBusy(), 10_000);
      await running;
      const kept = answerText()!;
      assert.notStrictEqual(kept.state, 'streaming');
      assert.notStrictEqual(kept.state, 'done');
      assert.ok(kept.text.length > 100 && long.startsWith(kept.text), `kept ${kept.text.length} chars`);
      await settled('chat closed');
    } finally {
      await vscode.workspace.getConfiguration('flashlight').update('answerDestination', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('20 requests started back to back leave exactly one running, then none', async () => {
    const { server, api } = await flashlight();
    server.setDefault({ text: 'busy '.repeat(4_000), chunkSize: 10, chunkDelayMs: 20 });
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 3);
    const started: Thenable<unknown>[] = [];
    // Each one starts as soon as the one before it is on the wire, so every cancel aborts a live stream.
    for (let i = 0; i < 20; i++) {
      started.push(vscode.commands.executeCommand('flashlight.explainSelection'));
      await waitFor(`request ${i + 1} on the wire`, () => chatRequests(server).length === i + 1, 10_000);
    }
    await waitFor('the last request to stream', () => api.panelAnswer()?.state === 'streaming' && api.panelAnswer()!.text.length > 0, 20_000);
    assert.strictEqual(chatRequests(server).length, 20);
    // Give cancelled requests time to close, then exactly one is left on both sides, for a while.
    await waitFor('one request left', () => server.openStreams() === 1 && api.activeStreams() === 1, 10_000);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.strictEqual(server.openStreams(), 1, 'fake server: one open stream');
      assert.strictEqual(api.activeStreams(), 1, 'extension: one stream in flight');
    }
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'streaming');
    console.log(`20 back to back: ${chatRequests(server).length} reached the server, 1 left running`);
    await vscode.commands.executeCommand('flashlight.stop');
    await Promise.all(started);
    await settled('20 back to back');
  });

  it('200 answers in a row leak no memory, timers, sockets or listeners in the extension host', async () => {
    const { server, api } = await flashlight();
    server.setDefault({ text: 'A short answer with `code` and a [link](https://example.com).', chunkSize: 8 });
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 3);
    const measure = async () => {
      await settled('measure');
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 3; i++) gc();
      const resources = process.getActiveResourcesInfo();
      const count = (name: string) => resources.filter((resource) => resource === name).length;
      return {
        heap: process.memoryUsage().heapUsed,
        timeouts: count('Timeout'),
        sockets: count('TCPSocketWrap'),
        listeners: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0),
      };
    };
    for (let i = 0; i < 20; i++) await vscode.commands.executeCommand('flashlight.explainSelection');
    const before = await measure();
    for (let i = 0; i < 200; i++) await vscode.commands.executeCommand('flashlight.explainSelection');
    const after = await measure();
    assert.strictEqual(api.panelAnswer()!.state, 'done');
    assert.strictEqual(chatRequests(server).length, 220);
    const grew = (after.heap - before.heap) / 1024 / 1024;
    console.log(
      `200 answers: heap ${(before.heap / 1048576).toFixed(1)} → ${(after.heap / 1048576).toFixed(1)} MB (${grew.toFixed(2)} MB), timeouts ${before.timeouts} → ${after.timeouts}, sockets ${before.sockets} → ${after.sockets}, process listeners ${before.listeners} → ${after.listeners}`,
    );
    assert.ok(grew < 8, `heap grew ${grew.toFixed(2)} MB over 200 answers`);
    assert.ok(after.timeouts <= before.timeouts + 2, `timers ${before.timeouts} → ${after.timeouts}`);
    assert.ok(after.sockets <= before.sockets + 2, `sockets ${before.sockets} → ${after.sockets}`);
    assert.ok(after.listeners <= before.listeners, `process listeners ${before.listeners} → ${after.listeners}`);
  });
});
