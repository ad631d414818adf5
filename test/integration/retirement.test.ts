// Models that retire (issue 19, item 2), in a real VS Code: choosing a model the list says has
// retired (Gemini 2.0 Flash, expiration_date 2026-03-31 in the fake's /models) brings a quiet,
// non-modal warning naming it and the date, with the one-click switch to
// ~google/gemini-flash-latest; clicking it saves the alias as the model. Once a day per model.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { flashlight, waitFor } from './support';

describe('Models that retire: the warning and its one-click switch', function () {
  this.timeout(60_000);

  it('a retired model chosen: the warning names it, and its button switches to ~google/gemini-flash-latest', async () => {
    const { api } = await flashlight();
    // The retirement dates come from the cached model list: the list for this base URL first.
    await api.loadModelList();
    const shown: Array<{ message: string; items: unknown[] }> = [];
    const showWarningMessage = vscode.window.showWarningMessage;
    Object.defineProperty(vscode.window, 'showWarningMessage', {
      configurable: true,
      writable: true,
      value: (message: string, ...items: unknown[]) => {
        shown.push({ message, items });
        return Promise.resolve(items.find((item) => typeof item === 'string' && item.startsWith('Switch to ')));
      },
    });
    const config = () => vscode.workspace.getConfiguration('flashlight');
    try {
      await config().update('model', 'google/gemini-2.0-flash-001', vscode.ConfigurationTarget.Global);
      await waitFor('the warning', () => shown.find((entry) => entry.message.includes('google/gemini-2.0-flash-001')), 20_000);
      const warning = shown.find((entry) => entry.message.includes('google/gemini-2.0-flash-001'))!;
      assert.strictEqual(
        warning.message,
        'Flashlight: google/gemini-2.0-flash-001 was retired on 2026-03-31. Switch to ~google/gemini-flash-latest, which always routes to the newest Gemini Flash?',
      );
      assert.deepStrictEqual(warning.items, ['Switch to ~google/gemini-flash-latest'], 'quiet: no modal option, one button');
      await waitFor('the switch', () => (config().get<string>('model') === '~google/gemini-flash-latest' ? true : undefined), 10_000);

      // Once a day per model: choosing it again today brings no second warning.
      const before = shown.length;
      await config().update('model', 'google/gemini-2.0-flash-001', vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.strictEqual(shown.length, before);
    } finally {
      Object.defineProperty(vscode.window, 'showWarningMessage', { configurable: true, writable: true, value: showWarningMessage });
      await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
