// Show Key Status in a real VS Code against the fake's GET /key (issue 16, item 4): the key's limit
// and the free-model daily requests left, as the modal dialog says them, and the same count in the
// status bar tooltip's spend lines afterwards. The modal is stubbed (a test cannot dismiss one).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { flashlight, testKey } from './support';

describe('Show Key Status: the key limit and the free-model requests left', function () {
  this.timeout(30_000);

  it('says "Free models: 988 of 1000 requests left today" from GET /key, and the tooltip repeats it', async () => {
    const { server, api } = await flashlight();
    server.reset();
    const shown: { message: string; detail?: string }[] = [];
    const real = vscode.window.showInformationMessage;
    (vscode.window as { showInformationMessage: unknown }).showInformationMessage = (message: string, options?: { detail?: string }) => {
      shown.push({ message, detail: options?.detail });
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('flashlight.showKeyStatus');
    } finally {
      (vscode.window as { showInformationMessage: unknown }).showInformationMessage = real;
    }
    assert.strictEqual(shown.length, 1, JSON.stringify(shown));
    assert.strictEqual(shown[0].message, 'OpenRouter key “sk-or-v1-int...def”');
    const detail = shown[0].detail ?? '';
    assert.match(detail, /^Limit: none on this key\nFree models: 988 of 1000 requests left today \(resets at midnight UTC\)$/m);
    assert.ok(!detail.includes(testKey), 'the key is never shown');
    assert.ok(
      server.requests.some((request) => request.method === 'GET' && request.path.endsWith('/key')),
      'the count came from GET /key',
    );
    assert.match(api.spendTooltip(), /^Free models: 988 of 1000 requests left today \(resets at midnight UTC\), as of \d\d:\d\d$/m);
  });
});
