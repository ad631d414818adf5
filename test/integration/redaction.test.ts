// Secrets in a selection, inside a real VS Code: Explain Selection of code holding an AWS key pair
// and a PEM private key reaches the (fake) OpenRouter with placeholders in their place, and the
// panel's answer says what was redacted, by kind and line. flashlight.redactSecrets off sends them.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { chatRequests, flashlight, openFixture } from './support';

// The same real-shaped fake secrets the unit tests use (generated at load time, not stored).
const corpus = require(path.join(__dirname, '../../../test/fixtures/secrets/fakeSecrets.js')) as {
  entries: Array<{ kind: string; secret: string; text: string }>;
};
const fake = (kind: string) => corpus.entries.find((entry) => entry.kind === kind)!;
const accessKeyId = fake('aws-access-key-id').secret;
const secretAccessKey = fake('aws-secret-access-key').secret;
const pem = fake('private-key').secret;

const source = [
  "import { S3Client } from '@aws-sdk/client-s3';",
  '',
  'export const s3 = new S3Client({',
  '  credentials: {',
  `    accessKeyId: '${accessKeyId}',`,
  `    secretAccessKey: '${secretAccessKey}',`,
  '  },',
  '});',
  '',
  `export const signingKey = \`${pem}\`;`,
  '',
].join('\n');

describe('Secrets redacted before sending', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('flashlight').update('redactSecrets', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('flashlight.stop');
  });

  it('Explain Selection of an AWS key pair and a PEM block reaches the server redacted, and the panel says what was redacted', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: 'It builds an S3 client from hard-coded credentials.' });
    const editor = await openFixture(source, 'typescript');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount - 1, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');

    const sent = chatRequests(server);
    assert.strictEqual(sent.length, 1);
    const wire = JSON.stringify(sent[0].body);
    assert.ok(!wire.includes(accessKeyId), 'the access key id left the machine');
    assert.ok(!wire.includes(secretAccessKey), 'the secret access key left the machine');
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!wire.includes(line), 'a line of the private key left the machine');
    const user = (sent[0].body.messages as Array<{ role: string; content: string }>).find((message) => message.role === 'user')!.content;
    assert.match(user, /accessKeyId: '\[REDACTED aws-access-key-id\]'/);
    assert.match(user, /secretAccessKey: '\[REDACTED aws-secret-access-key\]'/);
    assert.match(user, /signingKey = `\[REDACTED private-key\]`/);
    assert.match(user, /new S3Client/, 'the code around the secrets is sent as it is');

    const userIndex = (sent[0].body.messages as Array<{ role: string }>).findIndex((message) => message.role === 'user') + 1;
    const lineOf = (needle: string) => user.slice(0, user.indexOf(needle)).split('\n').length;
    // Where each was in the document, as people count lines (the selection starts at its first line).
    const file = /code from (\S+) lines 1–/.exec(user)?.[1];
    assert.ok(file, 'the prompt names the document');
    const sourceLine = (needle: string) => source.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const expected = [
      { kind: 'aws-access-key-id', message: userIndex, line: lineOf('[REDACTED aws-access-key-id]'), file, fileLine: sourceLine(accessKeyId) },
      { kind: 'aws-secret-access-key', message: userIndex, line: lineOf('[REDACTED aws-secret-access-key]'), file, fileLine: sourceLine(secretAccessKey) },
      { kind: 'private-key', message: userIndex, line: lineOf('[REDACTED private-key]'), file, fileLine: sourceLine('-----BEGIN') },
    ];
    const shown = api.panelAnswer()!;
    assert.strictEqual(shown.state, 'done');
    assert.deepStrictEqual(shown.stats?.redactions, expected);
    assert.ok(!JSON.stringify(shown.stats).includes(accessKeyId), 'what was redacted is named, never its value');
  });

  it('with flashlight.redactSecrets off, the selection is sent as it is and nothing is reported', async () => {
    const { server, api } = await flashlight();
    await vscode.workspace.getConfiguration('flashlight').update('redactSecrets', false, vscode.ConfigurationTarget.Global);
    server.enqueue({ text: 'ok' });
    const editor = await openFixture(source, 'typescript');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount - 1, 0);
    await vscode.commands.executeCommand('flashlight.explainSelection');
    const wire = JSON.stringify(chatRequests(server)[0].body);
    assert.ok(wire.includes(accessKeyId));
    assert.strictEqual(api.panelAnswer()!.stats?.redactions, undefined);
  });
});
