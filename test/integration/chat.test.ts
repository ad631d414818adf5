// The sidebar chat inside a real VS Code: send, follow-up with attached code, stop, retry,
// apply a code block through a diff, trimming to the context window, and reopening a saved chat.
// Messages go through the same checks as the chat webview's (api.postFromChat).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatAssistantTurn } from '../../src/protocol';
import { chatRequests, flashlight, openFixture, select, waitFor } from './support';

type Message = { role: string; content: string };

async function sendAndWait(text: string, contextIds: string[] = []): Promise<ChatAssistantTurn> {
  const { api } = await flashlight();
  const before = api.chat().turns.length;
  api.postFromChat({ type: 'chatSend', text, contextIds, imageIds: [] });
  return waitFor(
    'the answer to end',
    () => {
      const turns = api.chat().turns;
      const last = turns[turns.length - 1];
      return turns.length > before && last?.role === 'assistant' && last.answer.state !== 'streaming' && !api.chatBusy() ? last : undefined;
    },
    20_000,
  );
}

describe('Chat', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const { server, api } = await flashlight();
    server.reset();
    api.postFromChat({ type: 'chatNew' });
    await waitFor('a new chat', () => api.chat().turns.length === 0);
  });

  it('sends a question and streams the answer into the conversation', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'A closure captures variables from its scope.', chunkSize: 6, chunkDelayMs: 3 });
    const answer = await sendAndWait('What is a closure?');
    assert.strictEqual(answer.answer.text, 'A closure captures variables from its scope.');
    assert.strictEqual(answer.answer.state, 'done');
    const messages = chatRequests(server)[0].body.messages as Message[];
    assert.deepStrictEqual(
      messages.map((message) => message.role),
      ['system', 'user'],
    );
    assert.strictEqual(messages[1].content, 'What is a closure?');
    assert.strictEqual(api.chat().title, 'What is a closure?');
  });

  it('a follow-up carries the conversation and the attached selection', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'First answer.' }, { text: 'The loop goes one past the end.' });
    await sendAndWait('Hello');
    const editor = await openFixture('const a = 1;\nfor (let i = 0; i <= a; i++) {}\n', 'typescript');
    select(editor, 1, 1);
    await vscode.commands.executeCommand('flashlight.addSelectionToChat');
    const chip = await waitFor('the selection chip', () => api.chatPending()[0]);
    assert.match(chip.label, /:2$/);
    await sendAndWait('Is this right?', [chip.id]);
    const messages = chatRequests(server)[1].body.messages as Message[];
    assert.deepStrictEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.strictEqual(messages[2].content, 'First answer.');
    assert.match(messages[3].content, /line 2:\n```typescript\nfor \(let i = 0; i <= a; i\+\+\) \{\}\n```\n\nIs this right\?$/);
    assert.deepStrictEqual(api.chatPending(), [], 'sent attachments leave the composer');
  });

  it('stop keeps the partial answer in the conversation, and frees the request', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'partial '.repeat(2_000), chunkSize: 8, chunkDelayMs: 15 });
    api.postFromChat({ type: 'chatSend', text: 'Go on and on', contextIds: [], imageIds: [] });
    await waitFor('some text', () => {
      const last = api.chat().turns.at(-1);
      return last?.role === 'assistant' && last.answer.text.length > 40;
    });
    api.postFromChat({ type: 'stop', requestId: -1 });
    const stopped = await waitFor('the stop', () => {
      const last = api.chat().turns.at(-1);
      return last?.role === 'assistant' && last.answer.state === 'stopped' && !api.chatBusy() ? last : undefined;
    });
    assert.ok(stopped.answer.text.length > 40 && stopped.answer.text.length < 16_000);
    await waitFor('the request to close on the wire', () => server.openStreams() === 0);
  });

  it('retry regenerates the answer from the same question, without duplicating it', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ status: 503 }, { status: 503 }, { text: 'Second try works.' });
    const failed = await sendAndWait('Why?');
    assert.strictEqual(failed.answer.state, 'error');
    api.postFromChat({ type: 'chatRetry', turnId: failed.id });
    const retried = await waitFor(
      'the retried answer',
      () => {
        const last = api.chat().turns.at(-1);
        return last?.role === 'assistant' && last.id !== failed.id && last.answer.state === 'done' ? last : undefined;
      },
      20_000,
    );
    assert.strictEqual(retried.answer.text, 'Second try works.');
    assert.deepStrictEqual(
      api.chat().turns.map((turn) => turn.role),
      ['user', 'assistant'],
    );
    const messages = chatRequests(server).at(-1)!.body.messages as Message[];
    assert.deepStrictEqual(
      messages.map((message) => message.role),
      ['system', 'user'],
    );
  });

  it('Apply opens a diff and writes only after Accept; one undo restores the file', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'Like this:\n\n```ts\n  return 2;\n```\n' });
    const answer = await sendAndWait('Return 2 instead');
    const original = 'function f() {\n  return 1;\n}\n';
    const editor = await openFixture(original, 'typescript');
    select(editor, 1, 1);
    api.postFromChat({ type: 'applyCode', answer: { turnId: answer.id }, block: 0 });
    await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'flashlight-proposal'),
    );
    assert.strictEqual(editor.document.getText(), original, 'nothing is written before Accept');
    await vscode.commands.executeCommand('flashlight.acceptSuggestion');
    assert.strictEqual(editor.document.getText(), 'function f() {\n  return 2;\n}\n');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), original);
  });

  it('Apply re-indents a flush-left code block like the selection it replaces, as the code actions do', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: '```ts\nf() {\n  return 2;\n}\n```' });
    const answer = await sendAndWait('Return 2 instead');
    const original = 'class A {\n  f() {\n    return 1;\n  }\n}\n';
    const editor = await openFixture(original, 'typescript');
    editor.selection = new vscode.Selection(1, 2, 3, 3); // from "f()", after its indentation, to the method's closing brace
    api.postFromChat({ type: 'applyCode', answer: { turnId: answer.id }, block: 0 });
    // This file's diff (its left side is the file itself), not one an earlier test left open.
    const diff = await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .map((tab) => tab.input)
        .find(
          (input): input is vscode.TabInputTextDiff =>
            input instanceof vscode.TabInputTextDiff &&
            input.modified.scheme === 'flashlight-proposal' &&
            input.original.toString() === editor.document.uri.toString(),
        ),
    );
    const proposed = await vscode.workspace.openTextDocument(diff.modified);
    assert.strictEqual(proposed.getText(), 'class A {\n  f() {\n    return 2;\n  }\n}\n');
    await vscode.commands.executeCommand('flashlight.acceptSuggestion');
    assert.strictEqual(editor.document.getText(), 'class A {\n  f() {\n    return 2;\n  }\n}\n');
  });

  it('a long conversation is trimmed to the context window, oldest first', async () => {
    const { server } = await flashlight();
    const config = vscode.workspace.getConfiguration('flashlight');
    await config.update('contextLength', 3_000, vscode.ConfigurationTarget.Global);
    await config.update('maxTokens', 500, vscode.ConfigurationTarget.Global);
    try {
      const long = 'x'.repeat(4_000); // about 1,000 tokens each: three do not fit in 3,000 with 500 kept for the answer
      for (let turn = 0; turn < 4; turn++) {
        server.enqueue({ text: `answer ${turn} ${long}` });
        await sendAndWait(`question ${turn}`);
      }
      const messages = chatRequests(server).at(-1)!.body.messages as Message[];
      assert.strictEqual(messages[0].role, 'system');
      assert.strictEqual(messages.at(-1)!.content, 'question 3');
      assert.ok(!messages.some((message) => message.content === 'question 0'), 'the oldest question was left out');
      assert.ok(messages.length < 8);
    } finally {
      await config.update('contextLength', undefined, vscode.ConfigurationTarget.Global);
      await config.update('maxTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a saved conversation reopens from disk with its answers', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'Saved answer.' });
    await sendAndWait('Remember me');
    const id = api.chat().id;
    api.postFromChat({ type: 'chatNew' });
    await waitFor('a new chat', () => api.chat().id !== id);
    api.postFromChat({ type: 'chatOpen', id });
    const reopened = await waitFor('the saved chat', () => (api.chat().id === id ? api.chat() : undefined));
    assert.deepStrictEqual(
      reopened.turns.map((turn) => turn.role),
      ['user', 'assistant'],
    );
    assert.strictEqual((reopened.turns[1] as ChatAssistantTurn).answer.text, 'Saved answer.');
  });

  it('messages that are not in the protocol are ignored', async () => {
    const { server, api } = await flashlight();
    api.postFromChat({ type: 'chatSend', text: 42, contextIds: 'nope' } as never);
    api.postFromChat({ type: 'runCommand', command: 'workbench.action.closeAllEditors' } as never);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.strictEqual(chatRequests(server).length, 0);
    assert.strictEqual(api.chat().turns.length, 0);
  });
});
