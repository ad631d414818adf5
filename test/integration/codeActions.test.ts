// Code actions inside a real VS Code: a real diagnostic from the built-in TypeScript server, the
// Quick Fix it gets, what crosses the wire (recorded by the fake OpenRouter), the diff, Accept as
// one undoable edit, Reject, the changed-file guard, the settings, Write Tests and Explain.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { chatRequests, flashlight, waitFor, workspaceFile } from './support';

type Outcome = { applied: true } | { applied: false; reason: string };
type Proposed = { opened: true; uri: vscode.Uri } | { opened: false; reason: string };

const typeError = "Type 'string' is not assignable to type 'number'.";

// test/fixtures/workspace/src/inventory.ts, lines 6-9 (1-based): the function with the error.
const brokenFunction = [
  'export function restock(item: Item, amount: number): Item {',
  '  const quantity: number = item.quantity + String(amount);',
  '  return { ...item, quantity };',
  '}',
].join('\n');
const fixedFunction = [
  'export function restock(item: Item, amount: number): Item {',
  '  const quantity: number = item.quantity + amount;',
  '  return { ...item, quantity };',
  '}',
].join('\n');
const fixReply = `Here is the fix:\n\n\`\`\`typescript\n${fixedFunction}\n\`\`\`\n\nWhy: \`String(amount)\` made the sum a string.\n`;

async function openFile(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** Waits for the TypeScript server's diagnostic (it may take a while to start on a busy machine). */
async function typeErrorIn(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  return waitFor(
    'the TypeScript server to report the type error',
    () => vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.message === typeError),
    120_000,
  );
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

function flashlightActions(actions: vscode.CodeAction[]): vscode.CodeAction[] {
  return actions.filter((action) => action.command?.command.startsWith('flashlight.'));
}

async function run(action: vscode.CodeAction): Promise<Proposed> {
  assert.ok(action.command, `${action.title} carries a command`);
  return await vscode.commands.executeCommand<Proposed>(action.command.command, ...(action.command.arguments ?? []));
}

function proposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'flashlight-proposal');
}

function userMessage(server: FakeOpenRouter, index = 0): string {
  const body = chatRequests(server)[index].body;
  return body.messages.find((message: { role: string }) => message.role === 'user').content as string;
}

/** Opens inventory.ts, waits for its type error and picks "Fix with Flashlight" on it. */
async function proposeFix(server: FakeOpenRouter, reply = fixReply): Promise<{ document: vscode.TextDocument; proposed: Proposed }> {
  const editor = await openFile('src/inventory.ts');
  const diagnostic = await typeErrorIn(editor.document.uri);
  const fix = flashlightActions(await codeActions(editor.document.uri, diagnostic.range)).find((action) => action.title === 'Fix with Flashlight');
  assert.ok(fix, 'the Quick Fix is offered');
  server.enqueue({ text: reply, chunkSize: 16 });
  return { document: editor.document, proposed: await run(fix) };
}

/** The fixtures as they were before any test: code-server saves edits by itself (web default `files.autoSave: afterDelay`). */
const pristine = new Map<string, string>();

async function rememberFixtures(): Promise<void> {
  for (const relative of ['src/inventory.ts', 'src/pricing.ts', 'src/pricing.test.ts']) {
    const uri = workspaceFile(relative);
    if (!pristine.has(uri.toString())) pristine.set(uri.toString(), new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  }
}

async function closeEverything(): Promise<void> {
  // Put every fixture back as it was (an edit then a save, so no dialog asks about unsaved
  // changes), drop the untitled documents the tests opened, then close the editors.
  await vscode.window.tabGroups.close(proposalTabs(), true);
  for (const document of vscode.workspace.textDocuments) {
    if (document.isUntitled && document.isDirty) {
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      continue;
    }
    const original = pristine.get(document.uri.toString());
    if (original === undefined || (document.getText() === original && !document.isDirty)) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await document.save();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Code actions', function () {
  this.timeout(180_000);

  // These tests cover the side-by-side diff editor, which flashlight.codeActions.diffStyle keeps
  // (the inline diff, the default, is covered by inlineEdit.test.ts).
  before(async () => {
    await rememberFixtures();
    await vscode.workspace.getConfiguration('flashlight.codeActions').update('diffStyle', 'sideBySide', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('flashlight.codeActions').update('diffStyle', undefined, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('flashlight.codeActions').update('fix', undefined, vscode.ConfigurationTarget.Global);
    await closeEverything();
  });

  it('offers "Fix with Flashlight" on a real TypeScript diagnostic, sending nothing until it is picked', async () => {
    const { server } = await flashlight();
    const editor = await openFile('src/inventory.ts');
    const diagnostic = await typeErrorIn(editor.document.uri);
    assert.strictEqual(diagnostic.source, 'ts');
    const ours = flashlightActions(await codeActions(editor.document.uri, diagnostic.range));
    const fix = ours.find((action) => action.title === 'Fix with Flashlight');
    assert.ok(fix, `offered: ${ours.map((action) => action.title).join(', ')}`);
    assert.strictEqual(fix.kind?.value, 'quickfix.flashlight');
    const args = fix.command?.arguments?.[0] as { diagnostic?: { message: string; source?: string; code?: number } };
    assert.deepStrictEqual([args.diagnostic?.message, args.diagnostic?.source, args.diagnostic?.code], [typeError, 'ts', 2322]);
    assert.strictEqual(fix.edit, undefined, 'a command, not a precomputed edit');
    assert.strictEqual(chatRequests(server).length, 0, 'nothing is sent while the menu is built');
  });

  it('sends the diagnostic with the code around it, then shows the suggestion as a diff; the file is untouched until Accept', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server);
    assert.ok(proposed.opened, proposed.opened ? '' : proposed.reason);

    assert.strictEqual(chatRequests(server).length, 1);
    const user = userMessage(server);
    assert.ok(user.includes(typeError), 'the request carries the diagnostic message');
    assert.match(user, /error \[ts 2322\]/, 'with its source and code');
    assert.strictEqual(user.split(typeError).length - 1, 1, 'the diagnostic goes once: in the task, not again in the gathered context');
    assert.match(user, /line 7, column 9/);
    assert.ok(user.includes(`\`\`\`typescript\n${brokenFunction}\n\`\`\``), 'and the enclosing function, fenced');
    assert.match(user, /Just above it \(for reference only/);

    const tabs = proposalTabs();
    assert.strictEqual(tabs.length, 1, 'one diff editor is open');
    const input = tabs[0].input as vscode.TabInputTextDiff;
    assert.strictEqual(input.original.toString(), document.uri.toString());
    const proposal = await vscode.workspace.openTextDocument(input.modified);
    const original = document.getText();
    assert.strictEqual(proposal.getText(), original.replace(brokenFunction, fixedFunction));
    assert.strictEqual(proposal.languageId, 'typescript');
    assert.strictEqual(document.isDirty, false, 'nothing applied yet');
  });

  it('Accept applies exactly the suggested edit, and one undo restores the file', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server);
    assert.ok(proposed.opened);
    const before = document.getText();

    const outcome = await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion');
    assert.deepStrictEqual(outcome, { applied: true });
    assert.strictEqual(document.getText(), before.replace(brokenFunction, fixedFunction));
    assert.strictEqual(proposalTabs().length, 0, 'the diff closes');
    assert.strictEqual(vscode.window.activeTextEditor?.document, document, 'the file is shown');

    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), before, 'one undo restores the file');
  });

  it('Reject changes nothing and closes the diff', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server);
    assert.ok(proposed.opened);
    const before = document.getText();
    const version = document.version;

    const outcome = await vscode.commands.executeCommand<Outcome>('flashlight.rejectSuggestion');
    assert.strictEqual(outcome?.applied, false);
    assert.strictEqual(document.getText(), before);
    assert.strictEqual(document.version, version);
    assert.strictEqual(document.isDirty, false);
    assert.strictEqual(proposalTabs().length, 0);
    // Nothing left to accept.
    const late = await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion');
    assert.strictEqual(late?.applied, false);
    assert.strictEqual(document.getText(), before);
  });

  it('a 429 is retried once, after the wait OpenRouter asks for, as Explain and the chat do', async () => {
    const { server } = await flashlight();
    server.enqueue({ status: 429, retryAfterSeconds: 1 }); // before the fix's reply, which proposeFix enqueues
    const started = Date.now();
    const { proposed } = await proposeFix(server);
    assert.ok(proposed.opened, proposed.opened ? '' : proposed.reason);
    assert.strictEqual(chatRequests(server).length, 2, 'the 429, then the retry that answered');
    assert.ok(Date.now() - started >= 900, 'the retry waited for the Retry-After');
  });

  it('a 503 twice is retried once, then reported as still failing', async () => {
    const { server } = await flashlight();
    server.enqueue({ status: 503 }, { status: 503 });
    const { document, proposed } = await proposeFix(server);
    assert.strictEqual(proposed.opened, false);
    assert.match(proposed.opened ? '' : proposed.reason, /^Tried again once; it failed again\./);
    assert.strictEqual(chatRequests(server).length, 2, 'one retry, not more');
    assert.strictEqual(proposalTabs().length, 0);
    assert.strictEqual(document.isDirty, false);
  });

  it('refuses to apply when the file changed after the request, instead of editing the wrong lines', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server);
    assert.ok(proposed.opened);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// a line added meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = document.getText();

    const outcome = await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion', (proposalTabs()[0].input as vscode.TabInputTextDiff).modified);
    assert.strictEqual(outcome?.applied, false);
    assert.match(outcome.applied ? '' : outcome.reason, /src\/inventory\.ts changed after Flashlight read it/);
    assert.strictEqual(document.getText(), changed, 'the suggestion was not applied');
  });

  it('the flashlight.codeActions.fix setting turns the Quick Fix off', async () => {
    const editor = await openFile('src/inventory.ts');
    const diagnostic = await typeErrorIn(editor.document.uri);
    await vscode.workspace.getConfiguration('flashlight.codeActions').update('fix', false, vscode.ConfigurationTarget.Global);
    const titles = flashlightActions(await codeActions(editor.document.uri, diagnostic.range)).map((action) => action.title);
    assert.ok(!titles.some((title) => title.startsWith('Fix with Flashlight')), `offered: ${titles.join(', ')}`);
    assert.ok(titles.includes('Document with Flashlight'), 'the others stay');
  });

  it('a reply cut off inside its code block is not offered for applying', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server, '```typescript\nexport function restock(item: Item, amount: number): Item {\n  const quantity');
    assert.strictEqual(proposed.opened, false);
    assert.match(proposed.opened ? '' : proposed.reason, /cut off/);
    assert.strictEqual(proposalTabs().length, 0);
    assert.strictEqual(document.isDirty, false);
  });

  it('a reply that changes nothing opens no diff and says so', async () => {
    const { server } = await flashlight();
    const { document, proposed } = await proposeFix(server, `\`\`\`typescript\n${brokenFunction}\n\`\`\`\nWhy: it is fine as it is.`);
    assert.strictEqual(proposed.opened, false);
    assert.match(proposed.opened ? '' : proposed.reason, /No change suggested: it is fine as it is\./);
    assert.strictEqual(proposalTabs().length, 0);
    assert.strictEqual(document.isDirty, false);
  });

  it('Fix Code from the palette works on an untitled CRLF document: the selection widened to whole lines, one undoable edit', async () => {
    const { server } = await flashlight();
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'def mean(xs):\r\n    return sum(xs) / len(xs)\r\n\r\nprint(mean([]))\r\n',
    });
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(1, 11, 1, 18); // "sum(xs)", inside the line
    server.enqueue({ text: '```python\nreturn sum(xs) / len(xs) if xs else 0.0\n```\nWhy: an empty list divided by zero.' });
    const proposed = await vscode.commands.executeCommand<Proposed>('flashlight.fixCode');
    assert.ok(proposed?.opened, proposed && !proposed.opened ? proposed.reason : 'no result');
    assert.ok(userMessage(server).includes('```python\n    return sum(xs) / len(xs)\n```'), 'the whole line went out');
    assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion'), { applied: true });
    // Re-indented like the line it replaces, and in the document's own line endings.
    assert.strictEqual(document.getText(), 'def mean(xs):\r\n    return sum(xs) / len(xs) if xs else 0.0\r\n\r\nprint(mean([]))\r\n');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(document.getText(), 'def mean(xs):\r\n    return sum(xs) / len(xs)\r\n\r\nprint(mean([]))\r\n');
  });

  it('Document on a selection: the selected lines go out, the documented code comes back as a diff', async () => {
    const { server } = await flashlight();
    const editor = await openFile('src/inventory.ts');
    const selection = new vscode.Selection(10, 0, 12, 1); // isLow
    const documentAction = flashlightActions(await codeActions(editor.document.uri, selection)).find((action) => action.title === 'Document with Flashlight');
    assert.ok(documentAction);
    assert.strictEqual(documentAction.kind?.value, 'refactor.rewrite.flashlight.document');
    const documented = '/** True when fewer than three are left. */\nexport function isLow(item: Item): boolean {\n  return item.quantity < 3;\n}';
    server.enqueue({ text: `\`\`\`ts\n${documented}\n\`\`\`\nWhy: added a TSDoc comment.` });
    const proposed = await run(documentAction);
    assert.ok(proposed.opened);
    assert.match(userMessage(server), /TSDoc/);
    const sent = userMessage(server);
    assert.ok(sent.includes('```typescript\nexport function isLow(item: Item): boolean {\n  return item.quantity < 3;\n}\n```'), sent);
    const before = editor.document.getText();
    assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion'), { applied: true });
    assert.strictEqual(
      editor.document.getText(),
      before.replace('export function isLow', '/** True when fewer than three are left. */\nexport function isLow'),
    );
  });

  it('Write Tests appends to the test file beside the code, after a diff that is accepted', async () => {
    const { server } = await flashlight();
    const editor = await openFile('src/pricing.ts');
    const action = flashlightActions(await codeActions(editor.document.uri, new vscode.Selection(0, 0, 3, 1))).find(
      (a) => a.title === 'Write Tests with Flashlight',
    );
    assert.ok(action);
    const tests = "test('a negative rate is refused', () => {\n  assert.throws(() => withTax(1, -1), RangeError);\n});";
    server.enqueue({ text: `\`\`\`typescript\n${tests}\n\`\`\`\nWhy: covers the error.` });
    const proposed = await run(action);
    assert.ok(proposed.opened, proposed.opened ? '' : proposed.reason);
    const user = userMessage(server);
    assert.match(user, /appended to the end of the existing test file `src\/pricing\.test\.ts`/);
    assert.ok(user.includes("test('adds the tax'"), 'the existing tests are shown to the model');

    const testDocument = await vscode.workspace.openTextDocument(workspaceFile('src/pricing.test.ts'));
    const before = testDocument.getText();
    assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion'), { applied: true });
    assert.strictEqual(testDocument.getText(), `${before}\n${tests}\n`);
  });

  it('Write Tests with no test file opens the tests in a new editor named for the conventional test file', async () => {
    const { server } = await flashlight();
    const editor = await openFile('src/inventory.ts');
    const action = flashlightActions(await codeActions(editor.document.uri, new vscode.Selection(10, 0, 12, 1))).find(
      (a) => a.title === 'Write Tests with Flashlight',
    );
    assert.ok(action);
    const tests = "import { isLow } from './inventory';\n\ntest('two is low', () => expect(isLow({ name: 'a', quantity: 2 })).toBe(true));";
    server.enqueue({ text: `\`\`\`typescript\n${tests}\n\`\`\`\nWhy: one case.` });
    const proposed = await run(action);
    assert.ok(proposed.opened);
    assert.match(userMessage(server), /new file, `src\/inventory\.test\.ts`/);
    const opened = vscode.workspace.textDocuments.find((document) => document.uri.toString() === proposed.uri.toString());
    assert.ok(opened);
    assert.strictEqual(opened.isUntitled, true, 'nothing is written to disk unasked');
    assert.ok(opened.uri.path.endsWith('/src/inventory.test.ts'), opened.uri.path);
    assert.strictEqual(opened.getText(), `${tests}\n`);
    assert.strictEqual(opened.languageId, 'typescript');
  });

  it('Explain from the lightbulb streams into the answer panel', async () => {
    const { server, api } = await flashlight();
    const editor = await openFile('src/inventory.ts');
    const action = flashlightActions(await codeActions(editor.document.uri, new vscode.Selection(10, 0, 12, 1))).find(
      (a) => a.title === 'Explain with Flashlight',
    );
    assert.ok(action);
    server.enqueue({ text: 'It says whether stock is low.' });
    await run(action);
    assert.match(userMessage(server), /Explain this typescript code from src\/inventory\.ts lines 11–13/);
    assert.strictEqual(api.panelAnswer()?.text, 'It says whether stock is low.');
    assert.strictEqual(api.panelAnswer()?.question.lines, '11–13');
  });
});
