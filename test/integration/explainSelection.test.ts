// Explain Selection inside a real VS Code: what crosses the wire, what the panel is given, Stop,
// cancellation by a newer request, errors, and input refused before sending.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, fixtureText, flashlight, openFixture, select, testKey, waitFor } from './support';

/** The fixture's `sum` (test/fixtures/workspace/src/hello.ts, also what the e2e tests explain), with its final newline. */
function sumSource(): string {
  const hello = fixtureText('src/hello.ts');
  const start = hello.indexOf('export function sum(');
  const end = hello.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error('src/hello.ts in the fixture workspace has no `export function sum(...) {...}`');
  return hello.slice(start, end + '\n}\n'.length);
}
const source = sumSource();

describe('Explain Selection', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
  });

  it('a settings change reaches the very next request: the settings are read once per change, not per use', async () => {
    const { server } = await flashlight();
    const config = () => vscode.workspace.getConfiguration('flashlight');
    const editor = await openFixture(source, 'typescript');
    const explainOnce = async () => {
      server.enqueue({ text: 'Sums the values.' });
      select(editor, 2, 4);
      await vscode.commands.executeCommand('flashlight.explainSelection');
      return chatRequests(server).at(-1)!.body;
    };
    try {
      assert.strictEqual((await explainOnce()).model, '~google/gemini-flash-latest', 'read before the change');
      await config().update('model', 'google/gemini-2.5-flash', vscode.ConfigurationTarget.Global);
      await config().update('temperature', 0.25, vscode.ConfigurationTarget.Global);
      const changed = await explainOnce();
      assert.strictEqual(changed.model, 'google/gemini-2.5-flash');
      assert.strictEqual(changed.temperature, 0.25);
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
      await config().update('temperature', undefined, vscode.ConfigurationTarget.Global);
      const back = await explainOnce();
      assert.strictEqual(back.model, '~google/gemini-flash-latest', 'the change undone is seen at once too');
      assert.strictEqual(back.temperature, undefined);
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
      await config().update('temperature', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('sends the selection with its language and lines, and streams the whole answer in order into the panel', async () => {
    const { server, api } = await flashlight();
    const answer =
      'The loop runs one step too far: `i <= values.length` reads `values[values.length]`, which is `undefined`, so the sum is `NaN`.\n\n```ts\nfor (let i = 0; i < values.length; i++) {\n  total += values[i];\n}\n```\n';
    server.enqueue({
      text: answer,
      chunkSize: 9,
      chunkDelayMs: 3,
      reasoning: 'Checking the loop bounds.',
      usage: { prompt_tokens: 120, completion_tokens: 48, cost: 0.0001 },
    });
    const editor = await openFixture(source, 'typescript');
    select(editor, 2, 4);
    await vscode.commands.executeCommand('flashlight.explainSelection');

    const sent = chatRequests(server);
    assert.strictEqual(sent.length, 1);
    const body = sent[0].body;
    assert.strictEqual(body.stream, true);
    assert.strictEqual(body.model, '~google/gemini-flash-latest');
    const user = body.messages.find((message: { role: string }) => message.role === 'user').content as string;
    assert.match(user, /```typescript\n {2}for \(let i = 0; i <= values.length; i\+\+\) \{\n {4}total \+= values\[i\];\n {2}\}\n```/);
    assert.match(user, /lines 3–5/);
    assert.strictEqual(sent[0].headers['x-title'], 'Flashlight');

    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'done');
    assert.strictEqual(shown.text, answer);
    assert.strictEqual(shown.reasoning, 'Checking the loop bounds.');
    assert.strictEqual(shown.question.lines, '3–5');
    assert.match(shown.question.excerpt ?? '', /for \(let i = 0/);
    assert.strictEqual(shown.stats?.completionTokens, 48);
    assert.strictEqual(shown.stats?.cost, 0.0001);
    assert.ok(api.isPanelOpen());
  });

  it("the lightbulb's Explain, sent to the chat, asks as a person would: an instruction and the code as a chip, not the raw prompt", async () => {
    const { server, api } = await flashlight();
    const config = vscode.workspace.getConfiguration('flashlight');
    await config.update('answerDestination', 'chat', vscode.ConfigurationTarget.Global);
    try {
      server.enqueue({ text: 'Explained in the chat.' });
      const editor = await openFixture(source, 'typescript');
      const last = editor.document.lineCount - 2;
      await vscode.commands.executeCommand('flashlight.explainCode', {
        uri: editor.document.uri.toString(),
        range: [0, 0, last, editor.document.lineAt(last).text.length],
      });
      const answered = await waitFor('the chat answer', () => {
        const turn = api.chat().turns.at(-1);
        return turn?.role === 'assistant' && turn.answer.state === 'done' ? turn : undefined;
      });
      assert.strictEqual(answered.role, 'assistant');
      const question = api.chat().turns.at(-2);
      assert.ok(question?.role === 'user', 'the question is the turn before the answer');
      assert.strictEqual(question.text, 'Explain this code.');
      assert.strictEqual(question.contexts.length, 1);
      assert.match(question.contexts[0].code, /export function sum\(/);
      assert.doesNotMatch(question.text, /```/, 'the chat shows the instruction, not the fenced prompt');
    } finally {
      await config.update('answerDestination', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('with no selection, sends the enclosing block and says so', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'It adds the values.' });
    const editor = await openFixture(source, 'typescript');
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const user = chatRequests(server)[0].body.messages[1].content as string;
    assert.match(user, /No selection: used the enclosing block/);
    assert.match(user, /for \(let i = 0; i <= values.length; i\+\+\)/);
    assert.match(api.panelAnswer()!.question.note ?? '', /enclosing block/);
  });

  it('Stop ends the stream at once, keeps what arrived, and frees the request', async () => {
    const { server, api } = await flashlight();
    const long = 'word '.repeat(2_000);
    server.enqueue({ text: long, chunkSize: 10, chunkDelayMs: 15 });
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 6);
    const before = api.panelAnswer()?.requestId;
    const running = vscode.commands.executeCommand('flashlight.explainSelection');
    await waitFor('the first words', () => api.panelAnswer()?.requestId !== before && (api.panelAnswer()?.text.length ?? 0) > 20);
    await vscode.commands.executeCommand('flashlight.stop');
    await running;
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'stopped');
    assert.ok(shown.text.length > 20 && shown.text.length < long.length, `kept ${shown.text.length} chars`);
    assert.ok(long.startsWith(shown.text));
    await waitFor('the server to see the request closed', () => server.openStreams() === 0, 5_000);
  });

  it('a new explain cancels the one running, cleanly', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'slow '.repeat(2_000), chunkSize: 10, chunkDelayMs: 15 }, { text: 'The second answer.' });
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 6);
    const before = api.panelAnswer()?.requestId;
    const first = vscode.commands.executeCommand('flashlight.explainSelection');
    await waitFor('the first answer to start', () => api.panelAnswer()?.requestId !== before && (api.panelAnswer()?.text.length ?? 0) > 0);
    const firstId = api.panelAnswer()!.requestId;
    const second = vscode.commands.executeCommand('flashlight.explainSelection');
    await Promise.all([first, second]);
    const shown = api.panelAnswer()!;
    assert.notStrictEqual(shown.requestId, firstId);
    assert.strictEqual(shown.state, 'done');
    assert.ok(shown.text === 'The second answer.', `the panel shows the second answer, not ${shown.text.length} chars of another`);
    await waitFor('only the second request to be left, and closed', () => server.openStreams() === 0, 5_000);
  });

  it('a wrong key shows the 401 message with a Set API Key action, and never the key', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ status: 401, errorMessage: 'User not found.' });
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 2);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'error');
    assert.strictEqual(shown.error?.kind, 'badKey');
    assert.deepStrictEqual(shown.error?.actions, ['setApiKey']);
    assert.match(shown.error.detail, /User not found/);
    assert.ok(!JSON.stringify(shown).includes(testKey));
  });

  it('an error in the middle of the answer keeps the text that arrived', async () => {
    const { server, api } = await flashlight();
    server.enqueue({
      text: 'Part one of the answer. Part two never comes.',
      chunkSize: 6,
      midStreamErrorAfterChunks: 4,
      midStreamError: { code: 502, message: 'Provider disconnected' },
    });
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 2);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'error');
    assert.strictEqual(shown.error?.kind, 'midStream');
    assert.strictEqual(shown.text, 'Part one of the answer. '.slice(0, 24));
  });

  it('rate limits, no credits and a provider outage each get their own message', async () => {
    const { server, api } = await flashlight();
    const editor = await openFixture(source, 'typescript');
    select(editor, 0, 2);
    for (const [status, kind] of [
      [402, 'noCredits'],
      [429, 'rateLimited'],
      [503, 'providerDown'],
    ] as const) {
      server.enqueue({ status, retryAfterSeconds: status === 429 ? 1 : undefined });
      server.setDefault({ status });
      await vscode.commands.executeCommand('flashlight.explainSelection');
      assert.strictEqual(api.panelAnswer()!.error?.kind, kind, `status ${status}`);
    }
    server.setDefault({});
  });

  it('blank and oversized input is refused before anything is sent', async () => {
    const { server } = await flashlight();
    const blank = await openFixture('\n\n   \n', 'plaintext');
    select(blank, 0, 2);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const huge = await openFixture('x'.repeat(5 * 1024 * 1024), 'plaintext');
    select(huge, 0, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    assert.strictEqual(chatRequests(server).length, 0);
  });
});
