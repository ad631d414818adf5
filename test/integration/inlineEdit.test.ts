// Edit in place inside a real VS Code: Flashlight: Edit… streams the reply into the editor as an
// inline diff (decorations only: the document is untouched until Accept), Accept writes exactly
// the replacement as one undoable edit, Reject leaves the file byte for byte, an edit inside the
// range turns Accept off while an edit above it only moves it, and the lightbulb's Fix Problem on
// a real TypeScript diagnostic goes through the same inline diff, Follow up refines the edit with
// the first request and reply kept, Open as diff hands it to the side-by-side diff. Also: the first painted line's
// latency (first content delta to decorations set), printed as p50/p95.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, flashlight, openFixture, select, waitFor } from './support';

type End = { state: string; reason?: string };
type Outcome = { applied: true } | { applied: false; reason: string };

const original = ['function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price;', '  return sum;', '}'].join('\n');
const edited = ['async function total(items) {', '  let sum = 0;', '  for (const item of await items) sum += item.price;', '  return sum;', '}'].join('\n');
const reply = `\`\`\`javascript\n${edited}\n\`\`\`\n\nWhy: it awaits the items now.\n`;
const fileText = `// header\n${original}\n\nconsole.log(total([]));\n`;

const typeError = "Type 'string' is not assignable to type 'number'.";
const fixedFunction = [
  'export function restock(item: Item, amount: number): Item {',
  '  const quantity: number = item.quantity + amount;',
  '  return { ...item, quantity };',
  '}',
].join('\n');

async function startEdit(instruction = 'make it async'): Promise<{ editor: vscode.TextEditor; ended: Thenable<End> }> {
  const editor = await openFixture(fileText, 'javascript');
  select(editor, 1, 5);
  const ended = vscode.commands.executeCommand<End>('flashlight.edit', { instruction });
  return { editor, ended };
}

/** The edit-in-place lenses VS Code would draw on the document now (titles and commands). */
async function flashlightLenses(uri: vscode.Uri): Promise<{ title: string; command?: string }[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((lens) => lens.command && (lens.command.command.startsWith('flashlight.inlineEdit') || lens.command.title.includes('Flashlight')))
    .map((lens) => ({ title: lens.command!.title, command: lens.command!.command || undefined }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('Edit in place', function () {
  this.timeout(180_000);
  const warnings: string[] = [];
  let restoreWarning: (() => void) | undefined;

  before(() => {
    const real = vscode.window.showWarningMessage;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    };
    restoreWarning = () => ((vscode.window as { showWarningMessage: unknown }).showWarningMessage = real);
  });

  after(() => restoreWarning?.());

  beforeEach(async () => {
    const { server } = await flashlight();
    server.reset();
    warnings.length = 0;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.inlineEdit.reject');
    for (const document of vscode.workspace.textDocuments) {
      if (document.isUntitled && document.isDirty) {
        await vscode.window.showTextDocument(document, { preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('streams the edit as decorations, then Accept writes exactly the replacement and one undo restores the file', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: reply, chunkSize: 6, chunkDelayMs: 25 });
    const { editor, ended } = await startEdit();
    const midStream = await waitFor('the first new line painted mid-stream', () => {
      const view = api.inlineEdit(editor.document.uri);
      return view && view.state === 'streaming' && view.paint.some((row) => row.added.length > 0) && view;
    });
    assert.strictEqual(editor.document.getText(), fileText, 'nothing is written while the edit streams');
    assert.ok(
      midStream.paint.some((row) => row.added.includes('async function total(items) {')),
      JSON.stringify(midStream.paint),
    );
    assert.strictEqual((await ended).state, 'done');
    const done = api.inlineEdit(editor.document.uri)!;
    assert.deepStrictEqual(done.newLines, edited.split('\n'));
    assert.deepStrictEqual(
      done.paint.filter((row) => row.removed).map((row) => row.row),
      [0, 2],
      'the two changed lines are the removed rows',
    );
    assert.strictEqual(editor.document.getText(), fileText, 'still nothing written before Accept');
    const body = chatRequests(server)[0].body;
    const user = body.messages.find((message: { role: string }) => message.role === 'user').content as string;
    assert.match(user, /Instruction: make it async/);
    assert.ok(user.includes(original), 'the range is sent');

    const outcome = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept');
    assert.deepStrictEqual(outcome, { applied: true });
    assert.strictEqual(editor.document.getText(), `// header\n${edited}\n\nconsole.log(total([]));\n`);
    assert.strictEqual(api.inlineEdit(editor.document.uri), undefined, 'the inline diff is gone after Accept');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), fileText, 'one undo restores the file');
  });

  it('Reject leaves the file byte for byte as it was, and no Accept is left to press after the decision', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: reply, chunkSize: 40 });
    const { editor, ended } = await startEdit();
    const version = editor.document.version;
    assert.strictEqual((await ended).state, 'done');
    const outcome = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.reject');
    assert.deepStrictEqual(outcome, { applied: false, reason: 'rejected' });
    assert.strictEqual(editor.document.getText(), fileText);
    assert.strictEqual(editor.document.version, version, 'not one edit was made');
    assert.strictEqual(api.inlineEdit(editor.document.uri), undefined);
    const again = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept');
    assert.strictEqual(again.applied, false, 'no stale Accept after the decision');
  });

  it('an edit above the range moves it; an edit inside it makes Accept refuse with a clear message', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: reply, chunkSize: 40 });
    const { editor, ended } = await startEdit();
    assert.strictEqual((await ended).state, 'done');
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    assert.strictEqual(api.inlineEdit(editor.document.uri)!.startLine, 3, 'the range moved down two lines');
    assert.strictEqual(api.inlineEdit(editor.document.uri)!.rangeChanged, false);
    const accepted = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept');
    assert.deepStrictEqual(accepted, { applied: true });
    assert.strictEqual(editor.document.getText(), `// one\n// two\n// header\n${edited}\n\nconsole.log(total([]));\n`);

    server.enqueue({ text: reply, chunkSize: 40 });
    const second = await startEdit();
    assert.strictEqual((await second.ended).state, 'done');
    await second.editor.edit((builder) => builder.insert(new vscode.Position(2, 2), 'x'));
    assert.strictEqual(api.inlineEdit(second.editor.document.uri)!.rangeChanged, true);
    const before = second.editor.document.getText();
    const refused = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept');
    assert.strictEqual(refused.applied, false);
    assert.match(warnings.join('\n'), /changed while it was shown, so it was not applied/);
    assert.strictEqual(second.editor.document.getText(), before, 'nothing written over the user’s change');
  });

  it('a cut-off reply keeps its partial diff with Accept off; Stop keeps what arrived; a reply without code goes to the panel', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: '```javascript\nasync function total(items) {\n  let sum = 0;\n', finishReason: 'length', chunkSize: 40 });
    const cut = await startEdit();
    assert.strictEqual((await cut.ended).state, 'cutOff');
    assert.deepStrictEqual(api.inlineEdit(cut.editor.document.uri)!.newLines, ['async function total(items) {', '  let sum = 0;']);
    const refused = await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept');
    assert.strictEqual(refused.applied, false);
    assert.match(warnings.join('\n'), /cut off/);
    assert.strictEqual(cut.editor.document.getText(), fileText);
    await vscode.commands.executeCommand('flashlight.inlineEdit.reject');

    server.enqueue({ text: reply, chunkSize: 8, chunkDelayMs: 150 });
    const stopped = await startEdit();
    await waitFor('a first line', () => (api.inlineEdit(stopped.editor.document.uri)?.newLines.length ?? 0) > 0);
    await vscode.commands.executeCommand('flashlight.inlineEdit.stop');
    assert.strictEqual((await stopped.ended).state, 'stopped');
    const kept = api.inlineEdit(stopped.editor.document.uri)!;
    assert.ok(kept.newLines.length > 0 && kept.newLines.length < 5, `what arrived is kept: ${JSON.stringify(kept.newLines)}`);
    assert.strictEqual((await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept')).applied, false);
    await vscode.commands.executeCommand('flashlight.inlineEdit.reject');
    assert.strictEqual(stopped.editor.document.getText(), fileText);

    const explanation = 'I cannot make this async: it has no asynchronous work to await.';
    server.enqueue({ text: explanation });
    const prose = await startEdit();
    assert.strictEqual((await prose.ended).state, 'notCode');
    assert.strictEqual(prose.editor.document.getText(), fileText, 'never written');
    await waitFor('the explanation in the panel', () => api.panelAnswer()?.text === explanation);
  });

  it('an empty instruction sends nothing; a range over the context limit is refused before sending', async () => {
    const { server } = await flashlight();
    const { ended } = await startEdit('   ');
    assert.strictEqual((await ended).state, 'refused');
    await vscode.workspace.getConfiguration('flashlight').update('contextLength', 50, vscode.ConfigurationTarget.Global);
    try {
      const big = await startEdit('make it async');
      assert.strictEqual((await big.ended).state, 'refused');
      assert.match(warnings.join('\n'), /Nothing was sent/);
    } finally {
      await vscode.workspace.getConfiguration('flashlight').update('contextLength', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual(chatRequests(server).length, 0);
  });

  it('Fix Problem on a real TypeScript diagnostic goes through the inline diff and Accept fixes the file', async () => {
    const { server } = await flashlight();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'src/inventory.ts');
    const pristine = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    try {
      const diagnostic = await waitFor(
        'the TypeScript server to report the type error',
        () => vscode.languages.getDiagnostics(uri).find((candidate) => candidate.message === typeError),
        120_000,
      );
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range)) ?? [];
      const fix = actions.find((action) => action.title === 'Fix with Flashlight');
      assert.ok(fix?.command, 'the Quick Fix is offered');
      server.enqueue({ text: `\`\`\`typescript\n${fixedFunction}\n\`\`\`\nWhy: String(amount) made it a string.\n`, chunkSize: 16 });
      const end = await vscode.commands.executeCommand<End>(fix.command.command, ...(fix.command.arguments ?? []));
      assert.strictEqual(end.state, 'done', JSON.stringify(end));
      assert.strictEqual(editor.document.getText(), pristine, 'nothing written before Accept');
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff);
      assert.strictEqual(tabs.length, 0, 'no diff editor opened');
      assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept'), { applied: true });
      assert.ok(editor.document.getText().includes(fixedFunction));
      await waitFor('the type error to go', () => !vscode.languages.getDiagnostics(uri).some((candidate) => candidate.message === typeError), 60_000);
    } finally {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, editor.document.lineCount, 0), pristine);
      await vscode.workspace.applyEdit(edit);
      await editor.document.save();
    }
  });

  it('Follow up refines the edit: the second request carries the first instruction and reply, and the refined diff replaces the first', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: reply, chunkSize: 40 });
    const { editor, ended } = await startEdit();
    assert.strictEqual((await ended).state, 'done');
    const uri = editor.document.uri.toString();
    const refined = ['/** The sum of the items’ prices. */', ...edited.split('\n')].join('\n');
    server.enqueue({ text: `\`\`\`javascript\n${refined}\n\`\`\`\n\nWhy: documented.\n`, chunkSize: 40 });
    const end = await vscode.commands.executeCommand<End>('flashlight.inlineEdit.followUp', uri, 'add JSDoc');
    assert.strictEqual(end.state, 'done', JSON.stringify(end));

    const requests = chatRequests(server);
    assert.strictEqual(requests.length, 2);
    const messages = requests[1].body.messages as { role: string; content: string }[];
    assert.deepStrictEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.match(messages[1].content, /Instruction: make it async/, 'the first instruction is kept');
    assert.ok(messages[1].content.includes(original), 'the code to replace is the original range');
    assert.strictEqual(messages[2].content, reply, 'the first reply is kept');
    assert.match(messages[3].content, /^Follow-up instruction: add JSDoc$/m);

    const view = api.inlineEdit(editor.document.uri)!;
    assert.deepStrictEqual(view.newLines, refined.split('\n'), 'the diff shown is the refined one');
    assert.strictEqual(editor.document.getText(), fileText, 'nothing written before Accept');
    const lenses = await flashlightLenses(editor.document.uri);
    assert.strictEqual(lenses.filter((lens) => lens.command === 'flashlight.inlineEdit.accept').length, 1, 'one Accept, for the refined edit');
    assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept'), { applied: true });
    assert.strictEqual(editor.document.getText(), `// header\n${refined}\n\nconsole.log(total([]));\n`);
    assert.deepStrictEqual(await flashlightLenses(editor.document.uri), [], 'no lens is left after Accept');
  });

  it('Open as diff opens the side-by-side diff with the proposed text; accepting there writes it and no inline lens is left', async () => {
    const { server, api } = await flashlight();
    server.enqueue({ text: reply, chunkSize: 40 });
    const { editor, ended } = await startEdit();
    assert.strictEqual((await ended).state, 'done');
    const errors: string[] = [];
    const realError = vscode.window.showErrorMessage;
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = (message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    };
    let opened: { opened: boolean } | undefined;
    try {
      opened = await vscode.commands.executeCommand<{ opened: boolean } | undefined>('flashlight.inlineEdit.openAsDiff', editor.document.uri.toString());
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = realError;
    }
    assert.deepStrictEqual(errors, [], 'no error shown');
    assert.strictEqual(opened?.opened, true, JSON.stringify(opened));
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'flashlight-proposal');
    assert.strictEqual(tabs.length, 1, 'one side-by-side diff');
    const input = tabs[0].input as vscode.TabInputTextDiff;
    assert.strictEqual(input.original.toString(), editor.document.uri.toString(), 'the live file on the left');
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.strictEqual(proposed.getText(), `// header\n${edited}\n\nconsole.log(total([]));\n`, 'the proposed text on the right');
    assert.strictEqual(api.inlineEdit(editor.document.uri), undefined, 'the inline session ended');
    assert.deepStrictEqual(await flashlightLenses(editor.document.uri), [], 'no inline lens is left');
    assert.strictEqual(editor.document.getText(), fileText, 'nothing written before Accept');

    assert.deepStrictEqual(await vscode.commands.executeCommand<Outcome>('flashlight.acceptSuggestion'), { applied: true });
    assert.strictEqual(editor.document.getText(), `// header\n${edited}\n\nconsole.log(total([]));\n`);
    assert.strictEqual((await vscode.commands.executeCommand<Outcome>('flashlight.inlineEdit.accept')).applied, false, 'no inline Accept is left');
    assert.deepStrictEqual(await flashlightLenses(editor.document.uri), [], 'still no inline lens');
  });

  it('Ctrl+Alt+U is free in VS Code’s default keybindings (Flashlight: Edit… is its only binding)', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = await waitFor('the default keybindings', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document && document.getText().includes('"key":') && document.getText();
    });
    const entries = [...text.matchAll(/\{\s*"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((match) => ({ key: match[1], command: match[2] }));
    assert.ok(entries.length > 100, `read ${entries.length} default keybindings`);
    const taken = entries.filter((entry) => entry.key === 'ctrl+alt+u' || entry.key === 'cmd+alt+u');
    assert.deepStrictEqual(
      taken.map((entry) => entry.command).filter((command) => command !== 'flashlight.edit'),
      [],
    );
  });

  it('first content delta to first new line painted: p50 and p95 over 20 edits', async () => {
    const { server, api } = await flashlight();
    const latencies: number[] = [];
    const fromLine: number[] = [];
    for (let run = 0; run < 20; run++) {
      server.enqueue({ text: reply, chunkSize: 12, chunkDelayMs: 5 });
      const { editor, ended } = await startEdit();
      await ended;
      const view = api.inlineEdit(editor.document.uri)!;
      assert.ok(view.firstContentAt !== undefined && view.firstPaintAt !== undefined && view.firstPaintAt >= view.firstContentAt);
      latencies.push(view.firstPaintAt - view.firstContentAt);
      fromLine.push(view.firstPaintAt - view.firstLineAt!);
      await vscode.commands.executeCommand('flashlight.inlineEdit.reject');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    latencies.sort((a, b) => a - b);
    fromLine.sort((a, b) => a - b);
    console.log(
      `inline edit: first content delta to first painted line over ${latencies.length} edits: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms; from the delta that completed the first code line: p50 ${percentile(fromLine, 50).toFixed(2)} ms, p95 ${percentile(fromLine, 95).toFixed(2)} ms`,
    );
  });
});
