// Context from the language servers, inside a real VS Code with its built-in TypeScript server:
// Explain Selection of `const cfg = parseConfig(raw); return merge(cfg, defaults);` in
// src/grounding/load.ts sends the definition of `parseConfig` from src/grounding/config.ts before
// the question; the panel's header names what was used and opens an item from the extension's own
// record; flashlight.context.enabled off sends the selection alone.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { chatRequests, flashlight, waitFor, workspaceFile } from './support';

/** Opens load.ts, selects its two statements and waits (bounded) until the TypeScript server can say where parseConfig is. */
async function selectInLoad(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile('src/grounding/load.ts'));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const first = document
    .getText()
    .split('\n')
    .findIndex((line) => line.includes('const cfg = parseConfig(raw);'));
  assert.ok(first > 0, 'load.ts has the selection the test explains');
  editor.selection = new vscode.Selection(first, 0, first + 1, document.lineAt(first + 1).text.length);
  const call = new vscode.Position(first, document.lineAt(first).text.indexOf('parseConfig') + 2);
  const until = Date.now() + 45_000;
  for (;;) {
    const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', document.uri, call);
    if (found?.some((location) => ('targetUri' in location ? location.targetUri : location.uri).path.endsWith('/config.ts'))) return editor;
    if (Date.now() > until) throw new Error('the TypeScript server did not answer a definition of parseConfig within 45 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The request's user message; its messages are also kept in test-results/ (not committed) for the note on what Explain sends. */
function userMessage(server: Awaited<ReturnType<typeof flashlight>>['server'], record: string): string {
  const sent = chatRequests(server);
  assert.strictEqual(sent.length, 1);
  const messages = sent[0].body.messages as Array<{ role: string; content: string }>;
  const results = path.join(__dirname, '../../../test-results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `grounding-${record}.json`), JSON.stringify(messages, null, 2));
  return messages.find((message) => message.role === 'user')!.content;
}

describe('Context gathered from the language servers', function () {
  this.timeout(90_000);
  const config = () => vscode.workspace.getConfiguration('flashlight');

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
    // The machine running the suite is shared: a generous bound here; the default (300 ms) is the unit tests' and the benchmark's.
    await config().update('context.timeoutMs', 5_000, vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    await config().update('context.timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await config().update('context.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('flashlight.stop');
  });

  it("Explain Selection sends parseConfig's definition from another file before the question, and the header opens it", async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'It parses the raw config and fills the gaps from the defaults.' });
    await selectInLoad();
    await vscode.commands.executeCommand('flashlight.explainSelection');

    const user = userMessage(server, 'after');
    const definition = user.indexOf('Definition of `parseConfig`, src/grounding/config.ts lines 7–15:');
    assert.ok(definition >= 0, `no definition of parseConfig on the wire:\n${user.slice(0, 2000)}`);
    assert.match(
      user,
      /\/\*\* Reads a JSON config, keeping only the fields it knows\. \*\/\nexport function parseConfig\(raw: string\): Partial<Config> \{\n {2}const data = JSON\.parse\(raw\)/,
    );
    assert.match(user, /Definition of `merge`, src\/grounding\/merge\.ts lines 5–8:/);
    const question = user.indexOf('Explain this typescript code from src/grounding/load.ts lines 5–6');
    assert.ok(question > definition, 'the context comes before the question and the selection');
    assert.match(user.slice(question), /```typescript\n {2}const cfg = parseConfig\(raw\);\n {2}return merge\(cfg, defaults\);\n```/);

    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'done');
    const grounding = shown.question.grounding;
    assert.ok(grounding, 'the panel record names the context');
    assert.match(grounding.summary, /^\d+ definitions from 2 files/);
    assert.strictEqual(grounding.partial, undefined);
    const index = grounding.items.findIndex((item) => item.label.startsWith('parseConfig · src/grounding/config.ts:7'));
    assert.ok(index >= 0, `items: ${grounding.items.map((item) => item.label).join(', ')}`);

    // A click names the item by its index; the extension opens it from its own record.
    api.postFromPanel({ type: 'openGroundingItem', answer: { requestId: shown.requestId }, item: index });
    const opened = await waitFor('config.ts to open at parseConfig', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.path.endsWith('/grounding/config.ts') ? editor : undefined;
    });
    assert.strictEqual(opened.selection.start.line, 6);
    // An index the record does not hold, or another answer's, opens nothing.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('src/grounding/load.ts')));
    api.postFromPanel({ type: 'openGroundingItem', answer: { requestId: shown.requestId }, item: 999 });
    api.postFromPanel({ type: 'openGroundingItem', answer: { requestId: shown.requestId + 100 }, item: index });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/grounding/load.ts'));
  });

  it("the first Explain's panel is created while its context is gathered, before the request leaves", async () => {
    const { server, api } = await flashlight();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // no panel: the first Explain creates it
    const editor = await selectInLoad();
    server.enqueue({ text: 'It loads the config.' });
    // A language server that takes a second to answer (another extension's provider, as a busy server would).
    const slow = vscode.languages.registerDefinitionProvider(
      { language: 'typescript' },
      { provideDefinition: () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000)) },
    );
    // Other code than the selection gathered ahead (from its indentation on), asked for at once: this Explain gathers anew.
    const { start, end } = editor.selection;
    editor.selection = new vscode.Selection(start.line, 2, end.line, end.character);
    let created: number | undefined;
    const marks = api.onPanelMark((mark) => {
      if (mark === 'created') created ??= performance.timeOrigin + performance.now();
    });
    try {
      await vscode.commands.executeCommand('flashlight.explainSelection');
    } finally {
      marks.dispose();
      slow.dispose();
    }
    const [request] = chatRequests(server);
    assert.ok(created !== undefined, 'the panel was created');
    // The request waited for the slow provider; the panel's page did not wait for the request.
    const lead = request.receivedAt - created;
    assert.ok(lead > 500, `the panel was created only ${lead.toFixed(0)} ms before the request arrived`);
    assert.match(userMessage(server, 'first-explain'), /Definition of `parseConfig`/, 'and the request still carries the context');
  });

  it('a selection that rests is gathered for ahead: Explain a moment later sends at once, with what a slow language server gave', async () => {
    const { server, api } = await flashlight();
    await selectInLoad();
    server.enqueue({ text: 'It loads the config.' });
    // Another extension's definition provider that takes a second, naming a file the TypeScript server would not: its answer must be on the wire.
    const slow = vscode.languages.registerDefinitionProvider(
      { language: 'typescript' },
      {
        provideDefinition: (document, position) =>
          document.getText(document.getWordRangeAtPosition(position)) === 'defaults'
            ? new Promise<vscode.Location>((resolve) =>
                setTimeout(() => resolve(new vscode.Location(workspaceFile('src/hello.ts'), new vscode.Position(0, 0))), 1_000),
              )
            : undefined,
      },
    );
    try {
      // The selection made again, now that the slow provider is there, then read for a moment, as a person would.
      const editor = vscode.window.activeTextEditor!;
      const selected = editor.selection;
      editor.selection = new vscode.Selection(selected.active, selected.active);
      editor.selection = selected;
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const pressed = performance.timeOrigin + performance.now();
      await vscode.commands.executeCommand('flashlight.explainSelection');
      const [request] = chatRequests(server);
      const waited = request.receivedAt - pressed;
      assert.ok(waited < 500, `the request left ${waited.toFixed(0)} ms after the command: its context was not gathered ahead`);
    } finally {
      slow.dispose();
    }
    const user = userMessage(server, 'gathered-ahead');
    assert.match(user, /Definition of `parseConfig`, src\/grounding\/config\.ts lines 7–15:/);
    assert.match(user, /Definition of `defaults`, src\/hello\.ts lines 1–3:\n```typescript\nexport function greet/, "the slow provider's answer is sent");
    assert.strictEqual(api.panelAnswer()!.question.grounding?.partial, undefined);
  });

  it('a code action (Simplify) sends the same context before its task; the suggestion is still only the selection', async () => {
    const { server } = await flashlight();
    server.enqueue({ text: '```typescript\n  return merge(parseConfig(raw), defaults);\n```\nWhy: one expression.' });
    await selectInLoad();
    // The side-by-side diff editor (the inline diff, the default, is covered by inlineEdit.test.ts).
    const codeActions = vscode.workspace.getConfiguration('flashlight.codeActions');
    await codeActions.update('diffStyle', 'sideBySide', vscode.ConfigurationTarget.Global);
    const outcome = await vscode.commands
      .executeCommand<{ opened: boolean }>('flashlight.simplifyCode')
      .then(async (result) => (await codeActions.update('diffStyle', undefined, vscode.ConfigurationTarget.Global), result));
    assert.ok(outcome?.opened, 'the suggestion opened as a diff');
    const user = userMessage(server, 'simplify');
    const definition = user.indexOf('Definition of `parseConfig`, src/grounding/config.ts lines 7–15:');
    assert.ok(definition >= 0, user.slice(0, 1500));
    assert.ok(definition < user.indexOf('Simplify this typescript code.'), 'the context comes before the task');
    await vscode.commands.executeCommand('flashlight.rejectSuggestion');
  });

  it('in the chat, Add Selection to Chat attaches the gathered definitions as chips; one removed before sending is not on the wire', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'It loads the config.' });
    await selectInLoad();
    await vscode.commands.executeCommand('flashlight.newChat');
    await vscode.commands.executeCommand('flashlight.addSelectionToChat');
    const pending = await waitFor('the chips', () => (api.chatPending().length > 1 ? api.chatPending() : undefined), 15_000);
    assert.strictEqual(pending[0].label, 'load.ts:5–6', 'the selection chip first');
    const parse = pending.find((chip) => chip.label.startsWith('parseConfig · src/grounding/config.ts'));
    const merge = pending.find((chip) => chip.label.startsWith('merge · src/grounding/merge.ts'));
    assert.ok(parse && merge, `chips: ${pending.map((chip) => chip.label).join(', ')}`);
    api.postFromChat({ type: 'removeAttachment', id: merge.id });
    const before = api.chat().turns.length;
    api.postFromChat({
      type: 'chatSend',
      text: 'What does this do?',
      contextIds: pending.filter((chip) => chip.id !== merge.id).map((chip) => chip.id),
      imageIds: [],
    });
    await waitFor('the answer', () => api.chat().turns.length > before + 1 && !api.chatBusy(), 20_000);
    const messages = chatRequests(server)[0].body.messages as Array<{ role: string; content: string }>;
    const user = messages.at(-1)!.content;
    assert.match(user, /From src\/grounding\/config\.ts lines 7–15:\n```typescript\n\/\*\* Reads a JSON config/);
    assert.doesNotMatch(user, /export function merge\(/, 'the removed chip is not sent');
    assert.ok(user.indexOf('export function parseConfig') < user.indexOf('From src/grounding/load.ts lines 5–6:'), 'context before the code');
    assert.deepStrictEqual(api.chatPending(), []);
  });

  it('with flashlight.context.enabled off, only the selection is sent and the header names no context', async () => {
    const { server, api } = await flashlight();
    await config().update('context.enabled', false, vscode.ConfigurationTarget.Global);
    server.enqueue({ text: 'ok' });
    await selectInLoad();
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const user = userMessage(server, 'before');
    assert.doesNotMatch(user, /Context from the workspace|Definition of/);
    assert.ok(user.startsWith('Explain this typescript code from src/grounding/load.ts lines 5–6'), user.slice(0, 200));
    assert.strictEqual(api.panelAnswer()!.question.grounding, undefined);
  });
});
