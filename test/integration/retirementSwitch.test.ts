// Named to run after retirement.test.ts: this test sets the retired model too, and the quiet warning comes once a day per model.
// A retired model asked (issue 19, item 2), in a real VS Code: OpenRouter (the fake) answers a
// model whose expiration_date has passed with 404 "No endpoints found for <model>."; the panel says
// the model retired and when, and its "Switch to ~google/gemini-flash-latest" saves the alias and
// asks the same question again with it, so the answer arrives without a second step.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, flashlight, openFixture, waitFor } from './support';

describe('A retired model: the error says so and its button switches and answers', function () {
  this.timeout(60_000);

  it('Explain with google/gemini-2.0-flash-001: "was retired on 2026-03-31", and the switch answers with the alias', async () => {
    const { server, api } = await flashlight();
    server.reset();
    await api.loadModelList();
    const showWarningMessage = vscode.window.showWarningMessage;
    // The quiet retirement warning of the model setting is not what this test is about: declined.
    Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: () => Promise.resolve(undefined) });
    const config = () => vscode.workspace.getConfiguration('flashlight');
    try {
      await config().update('model', 'google/gemini-2.0-flash-001', vscode.ConfigurationTarget.Global);
      server.setDefault({ refuseRetired: true, text: 'Answered by the newest Gemini Flash.' });
      const editor = await openFixture('export const answer = 42;\n', 'typescript');
      editor.selection = new vscode.Selection(0, 0, 1, 0);
      await vscode.commands.executeCommand('flashlight.explainSelection');
      const failed = await waitFor('the refusal', () => (api.panelAnswer()?.state === 'error' ? api.panelAnswer() : undefined), 20_000);
      assert.strictEqual(chatRequests(server)[0].body.model, 'google/gemini-2.0-flash-001');
      assert.strictEqual(failed.error?.kind, 'modelRetired');
      assert.strictEqual(failed.error?.title, 'The model has retired');
      assert.match(failed.error?.detail ?? '', /^google\/gemini-2\.0-flash-001 was retired on 2026-03-31\. Switch to ~google\/gemini-flash-latest/);
      assert.deepStrictEqual(failed.error?.actions, ['switchToLatest', 'chooseModel']);

      api.postFromPanel({ type: 'errorAction', action: 'switchToLatest' });
      const answered = await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 20_000);
      assert.strictEqual(answered.text, 'Answered by the newest Gemini Flash.');
      assert.strictEqual(config().get<string>('model'), '~google/gemini-flash-latest', 'the alias is saved');
      assert.strictEqual(chatRequests(server).length, 2);
      assert.strictEqual(chatRequests(server)[1].body.model, '~google/gemini-flash-latest', 'the same question asked again with the alias');
    } finally {
      Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: showWarningMessage });
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
      server.reset();
    }
  });
});
