// Explain Screenshot inside a real VS Code: the fixture PNG reaches OpenRouter as a valid base64
// PNG after the text (decoded by the panel's webview on the way), with the selection when there
// is one; a file that is not an image is refused with nothing sent; a text-only model is warned
// about before anything is sent (the warning answered through the command's argument).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { pngSizeOfDataUrl } from '../images/makePng';
import { chatRequests, flashlight, openFixture, select, waitFor } from './support';

const images = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');
const fixture = vscode.Uri.file(path.join(images, 'red-blue-64x48.png'));

async function setModel(model: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('flashlight').update('model', model, vscode.ConfigurationTarget.Global);
}

describe('Explain Screenshot', function () {
  this.timeout(90_000);

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
    await setModel(undefined);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
    await setModel(undefined);
  });

  it('sends the picked PNG as a base64 data: URL after the text and streams the answer into the panel', async () => {
    const { server, api } = await flashlight();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.enqueue({ text: 'A red half and a blue half.', chunkSize: 5, chunkDelayMs: 3 });
    const outcome = await vscode.commands.executeCommand('flashlight.explainImage', fixture);
    assert.strictEqual(outcome, 'sent');
    const sent = chatRequests(server);
    assert.strictEqual(sent.length, 1);
    const user = sent[0].body.messages.find((message: { role: string }) => message.role === 'user');
    assert.deepStrictEqual(
      user.content.map((part: { type: string }) => part.type),
      ['text', 'image_url'],
    );
    assert.match(user.content[0].text, /Explain what this image shows/);
    assert.deepStrictEqual(pngSizeOfDataUrl(user.content[1].image_url.url), { width: 64, height: 48 });
    await waitFor('the answer', () => api.panelAnswer()?.state === 'done');
    assert.strictEqual(api.panelAnswer()!.text, 'A red half and a blue half.');
    assert.strictEqual(api.panelAnswer()!.question.imageCount, 1);
  });

  it('sends the selection too when there is one', async () => {
    const { server } = await flashlight();
    server.enqueue({ text: 'The button is misaligned by the margin.' });
    const editor = await openFixture('.button {\n  margin-left: 13px;\n}\n', 'css');
    select(editor, 0, 2);
    assert.strictEqual(await vscode.commands.executeCommand('flashlight.explainImage', { uri: fixture }), 'sent');
    const user = chatRequests(server)[0].body.messages.find((message: { role: string }) => message.role === 'user');
    assert.match(user.content[0].text, /```css\n\.button \{\n {2}margin-left: 13px;\n\}\n```/);
    assert.deepStrictEqual(pngSizeOfDataUrl(user.content[1].image_url.url), { width: 64, height: 48 });
  });

  it('refuses a text file named .png; nothing is sent', async () => {
    const { server } = await flashlight();
    const outcome = await vscode.commands.executeCommand('flashlight.explainImage', vscode.Uri.file(path.join(images, 'not-an-image.png')));
    assert.strictEqual(outcome, 'refused');
    assert.strictEqual(chatRequests(server).length, 0);
  });

  it('a text-only model: nothing is sent when the warning is dismissed; "Use" switches to an image-capable Gemini Flash and sends', async () => {
    const { server } = await flashlight();
    await setModel('meta-llama/llama-3.3-70b-instruct');
    const declined = await vscode.commands.executeCommand('flashlight.explainImage', { uri: fixture, answerModelWarning: 'cancel' });
    assert.strictEqual(declined, 'modelDeclined');
    assert.strictEqual(chatRequests(server).length, 0, 'nothing sent without the user’s choice');

    server.enqueue({ text: 'Explained by Gemini.' });
    const switched = await vscode.commands.executeCommand('flashlight.explainImage', { uri: fixture, answerModelWarning: 'useSuggested' });
    assert.strictEqual(switched, 'sent');
    assert.strictEqual(vscode.workspace.getConfiguration('flashlight').get('model'), '~google/gemini-flash-latest');
    const sent = chatRequests(server);
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(sent[0].body.model, '~google/gemini-flash-latest');
  });
});
