// Privacy in a real VS Code (issue 16, items 2 and 3): "View request" opens the request as it left,
// redacted; flashlight.privacy zeroRetention goes on the wire as provider.zdr, a model with no
// zero-retention endpoint is answered with "no provider meets your privacy setting" and its
// "Relax for this request" button, which sends that one request unrestricted. The daily budget
// (item 4) refuses the request after the limit, sending nothing, and its button raises it for today.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, flashlight, openFixture, waitFor } from './support';

const accessKeyId = ['AKIA', 'IOSFODNN7', 'EXAMPLQ'].join('');

describe('Privacy and spend: View request, providers that keep no data, the daily budget', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('flashlight').update('privacy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('flashlight.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('View request shows the redacted request: the placeholder, never the key', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'It reads an AWS key.', usage: { prompt_tokens: 321, completion_tokens: 5, cost: 0.0002 } });
    const editor = await openFixture(`const awsKey = '${accessKeyId}';\nexport default awsKey;\n`, 'typescript');
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const shown = await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined));
    api.postFromPanel({ type: 'viewRequest', answer: { requestId: shown.requestId } });
    const opened = await waitFor('the request document', () =>
      vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.scheme === 'flashlight-request'),
    );
    const text = opened.document.getText();
    assert.match(text, new RegExp(`^# Request ${shown.requestId}, as sent to OpenRouter`));
    assert.match(text, /\[REDACTED aws-access-key-id\]/);
    assert.ok(!text.includes(accessKeyId), 'the document holds the key');
    assert.match(text, /Secrets redacted: aws-access-key-id/);
    assert.match(text, /321 counted by OpenRouter/);
    assert.match(text, /Cost: \$0\.000200/);
    assert.strictEqual(opened.document.languageId, 'markdown');
    assert.strictEqual(chatRequests(server).length, 1, 'viewing sends nothing');
  });

  it('zeroRetention goes on the wire; no provider meets it; Relax for this request sends that one request without it', async () => {
    const { server, api } = await flashlight();
    await vscode.workspace.getConfiguration('flashlight').update('privacy', 'zeroRetention', vscode.ConfigurationTarget.Global);
    server.setDefault({ dataPolicy: { zeroRetention: false }, text: 'Served without the restriction.' });
    const editor = await openFixture('export const answer = 42;\n', 'typescript');
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const failed = await waitFor('the refusal', () => (api.panelAnswer()?.state === 'error' ? api.panelAnswer() : undefined));
    assert.deepStrictEqual(chatRequests(server)[0].body.provider, { zdr: true });
    assert.strictEqual(failed.error?.kind, 'privacyUnavailable');
    assert.strictEqual(failed.error?.title, 'No provider meets your privacy setting');
    assert.match(failed.error?.detail ?? '', /No provider of this model meets your privacy setting/);
    assert.deepStrictEqual(failed.error?.actions, ['relaxPrivacy', 'chooseModel', 'openSettings']);

    api.postFromPanel({ type: 'errorAction', action: 'relaxPrivacy' });
    const relaxed = await waitFor('the relaxed answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined));
    assert.strictEqual(relaxed.text, 'Served without the restriction.');
    assert.strictEqual(chatRequests(server).length, 2);
    assert.strictEqual(chatRequests(server)[1].body.provider, undefined, 'the retried request went unrestricted');

    // The next request is restricted again.
    await vscode.commands.executeCommand('flashlight.explainSelection');
    await waitFor('the third request', () => chatRequests(server).length === 3);
    assert.deepStrictEqual(chatRequests(server)[2].body.provider, { zdr: true });
  });

  it('the daily budget refuses the request after the limit, sends nothing, and Raise today’s budget lets it through', async () => {
    const { server, api } = await flashlight();
    const warnings: string[] = [];
    const showWarningMessage = vscode.window.showWarningMessage;
    Object.defineProperty(vscode.window, 'showWarningMessage', {
      configurable: true,
      writable: true,
      value: (message: string) => {
        warnings.push(message);
        return Promise.resolve(undefined);
      },
    });
    try {
      // Earlier tests of this run spent money today too: the budget is set just above what they spent
      // (the line shows it rounded to the cent from $0.01 on: 0.01 above covers the rounding), and
      // this answer's cost passes it.
      await vscode.workspace.getConfiguration('flashlight').update('budget.dailyUsd', 1000, vscode.ConfigurationTarget.Global);
      const spent = Number(/Daily budget: \$([\d.]+) of/.exec(api.budgetLine())?.[1]);
      assert.ok(Number.isFinite(spent), api.budgetLine());
      const limit = spent + 0.01;
      const limitText = `\\$${limit.toFixed(2).replace('.', '\\.')}`;
      await vscode.workspace.getConfiguration('flashlight').update('budget.dailyUsd', limit, vscode.ConfigurationTarget.Global);
      server.setDefault({ text: 'Costly answer.', usage: { prompt_tokens: 100, completion_tokens: 10, cost: 0.02 } });
      const editor = await openFixture('export const spend = 1;\n', 'typescript');
      editor.selection = new vscode.Selection(0, 0, 1, 0);
      // Earlier answers of this run count toward today too; this one passes the budget mid-way and is not cut.
      await vscode.commands.executeCommand('flashlight.explainSelection');
      const first = await waitFor('the first answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined));
      assert.strictEqual(first.text, 'Costly answer.');
      await waitFor('the warning', () => warnings.length === 1);
      assert.match(warnings[0], new RegExp(`Daily budget: \\$[\\d.]+ of ${limitText} spent today \\(\\d{3}%\\)`));

      // The next one is refused before anything is sent.
      await vscode.commands.executeCommand('flashlight.explainSelection');
      const refused = await waitFor('the refusal', () => (api.panelAnswer()?.state === 'error' ? api.panelAnswer() : undefined));
      assert.strictEqual(chatRequests(server).length, 1, 'a refused request sends nothing');
      assert.strictEqual(refused.error?.kind, 'overBudget');
      assert.match(refused.error?.detail ?? '', new RegExp(`Today's Flashlight budget is spent: \\$[\\d.]+ of ${limitText} .*Nothing was sent`));
      assert.deepStrictEqual(refused.error?.actions, ['raiseBudget', 'openSettings']);

      api.postFromPanel({ type: 'errorAction', action: 'raiseBudget' });
      await waitFor('the answer after the raise', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined));
      assert.strictEqual(chatRequests(server).length, 2);
    } finally {
      Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: showWarningMessage });
      await vscode.workspace.getConfiguration('flashlight').update('budget.dailyUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });
  it('a request above flashlight.confirmAboveTokens is asked about, with its price; declined it is not sent, confirmed it is', async () => {
    const { server, api } = await flashlight();
    const questions: string[] = [];
    let answer: string | undefined;
    const showWarningMessage = vscode.window.showWarningMessage;
    Object.defineProperty(vscode.window, 'showWarningMessage', {
      configurable: true,
      writable: true,
      value: (message: string) => {
        questions.push(message);
        return Promise.resolve(answer);
      },
    });
    try {
      await vscode.workspace.getConfiguration('flashlight').update('confirmAboveTokens', 500, vscode.ConfigurationTarget.Global);
      const editor = await openFixture(`export const table = [\n${'  "a row of the table",\n'.repeat(200)}];\n`, 'typescript');
      editor.selection = new vscode.Selection(0, 0, editor.document.lineCount - 1, 0);
      await vscode.commands.executeCommand('flashlight.explainSelection');
      const declined = await waitFor('the refusal', () => (api.panelAnswer()?.state === 'error' ? api.panelAnswer() : undefined));
      assert.match(
        questions[0] ?? '',
        /^Send about [\d,]+ tokens to \S+\? That is more than flashlight\.confirmAboveTokens; (about \$[\d.]+ for the prompt at its list price|its price is not in the model list)\.$/,
      );
      assert.match(declined.error?.detail ?? declined.error?.title ?? '', /Not sent: you chose not to send/);
      assert.strictEqual(chatRequests(server).length, 0, 'declined, nothing was sent');

      answer = 'Send';
      await vscode.commands.executeCommand('flashlight.explainSelection');
      await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined));
      assert.strictEqual(chatRequests(server).length, 1, 'confirmed, it was sent');
    } finally {
      Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: showWarningMessage });
      await vscode.workspace.getConfiguration('flashlight').update('confirmAboveTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
