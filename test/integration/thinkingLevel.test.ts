// The thinking level's quick switch (issue 19, item 1), in a real VS Code: Set Thinking Level's
// pick writes flashlight.reasoningEffort, and the next Explain carries OpenRouter's `reasoning`
// with that effort to a model whose /models entry takes it, and no `reasoning` to one that
// does not. Auto sends none.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, flashlight, openFixture, waitFor } from './support';

describe('Thinking level: the quick switch, on the wire', function () {
  this.timeout(60_000);

  it('each level picked reaches the wire as reasoning.effort for a thinking model; none for a model without reasoning', async () => {
    const { server, api } = await flashlight();
    server.reset();
    // Reasoning goes only to a model the cached list says takes it: the list for this base URL first.
    await api.loadModelList();
    const showQuickPick = vscode.window.showQuickPick;
    let choose = 'Fast';
    Object.defineProperty(vscode.window, 'showQuickPick', {
      configurable: true,
      writable: true,
      value: (items: Array<{ label: string }>) => Promise.resolve(items.find((item) => item.label === choose)),
    });
    const config = () => vscode.workspace.getConfiguration('flashlight');
    const explain = async (): Promise<Record<string, unknown>> => {
      const before = chatRequests(server).length;
      const editor = await openFixture('export const answer = 42;\n', 'typescript');
      editor.selection = new vscode.Selection(0, 0, 1, 0);
      await vscode.commands.executeCommand('flashlight.explainSelection');
      await waitFor('the answer', () => (chatRequests(server).length > before && api.panelAnswer()?.state === 'done' ? true : undefined));
      return chatRequests(server).at(-1)!.body;
    };
    try {
      await config().update('model', 'google/gemini-2.5-flash', vscode.ConfigurationTarget.Global);
      const seen: Record<string, unknown> = {};
      for (const [label, effort] of [
        ['Fast', 'minimal'],
        ['Low', 'low'],
        ['Medium', 'medium'],
        ['High', 'high'],
      ]) {
        choose = label;
        await vscode.commands.executeCommand('flashlight.setThinkingLevel');
        assert.strictEqual(config().get('reasoningEffort'), effort);
        seen[effort] = (await explain()).reasoning;
      }
      assert.deepStrictEqual(seen, { minimal: { effort: 'minimal' }, low: { effort: 'low' }, medium: { effort: 'medium' }, high: { effort: 'high' } });

      await config().update('model', 'meta-llama/llama-3.3-70b-instruct', vscode.ConfigurationTarget.Global);
      assert.strictEqual((await explain()).reasoning, undefined, 'a model without reasoning gets none');

      choose = 'Auto';
      await config().update('model', 'google/gemini-2.5-flash', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('flashlight.setThinkingLevel');
      assert.strictEqual((await explain()).reasoning, undefined, 'Auto leaves it to the model');
    } finally {
      Object.defineProperty(vscode.window, 'showQuickPick', { configurable: true, writable: true, value: showQuickPick });
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
      await config().update('reasoningEffort', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
