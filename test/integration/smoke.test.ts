// The smallest real test: the extension is installed in this VS Code and activates.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

// out/test/integration/smoke.test.js -> the repo's package.json
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('smoke', () => {
  it(`${EXTENSION_ID} is present and activates`, async () => {
    assert.strictEqual(EXTENSION_ID, 'flashlight-dev.flashlight');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
    console.log(`host: uiKind=${vscode.UIKind[vscode.env.uiKind]} appHost=${vscode.env.appHost} ` + `appName=${vscode.env.appName} vscode=${vscode.version}`);
  });
});
