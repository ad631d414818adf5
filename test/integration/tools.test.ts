// Tools the model calls, inside a real VS Code on the fixture workspace: Explain Selection offers
// the read-only tools to a model whose /models entry lists them; the fake streams a round of two
// parallel calls (read_file and search_text, arguments in pieces), checks that the follow-up
// carries one `tool` message per call id, and only then answers. What the tools sent the model is
// asserted on the wire; a path outside the workspace is refused to the model, never read.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequests, flashlight, waitFor, workspaceFile } from './support';

async function explainLoad(): Promise<void> {
  const document = await vscode.workspace.openTextDocument(workspaceFile('src/grounding/load.ts'));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const first = document
    .getText()
    .split('\n')
    .findIndex((line) => line.includes('const cfg = parseConfig(raw);'));
  editor.selection = new vscode.Selection(first, 0, first + 1, document.lineAt(first + 1).text.length);
  await vscode.commands.executeCommand('flashlight.explainSelection');
}

type WireMessage = { role: string; content?: unknown; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string } }> };

function toolResults(messages: WireMessage[]): Map<string, string> {
  return new Map(messages.filter((message) => message.role === 'tool').map((message) => [message.tool_call_id ?? '', String(message.content)]));
}

describe('Tools the model calls, in a real workspace', function () {
  this.timeout(90_000);

  beforeEach(async () => {
    const { server, api } = await flashlight();
    server.reset();
    // Tools are offered only to a model the cached list says takes them: the list for this base URL first.
    await api.loadModelList();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('flashlight.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a round reads a file and searches the workspace, then the final answer arrives with its steps', async () => {
    const { server, api } = await flashlight();
    server.enqueue(
      {
        toolCalls: [
          { id: 'call_read', name: 'read_file', arguments: JSON.stringify({ path: 'src/grounding/config.ts' }) },
          { id: 'call_search', name: 'search_text', arguments: JSON.stringify({ query: 'parseConfig' }) },
        ],
      },
      { expectToolResults: ['call_read', 'call_search'], text: 'parseConfig turns the raw text into a Config.' },
    );
    await explainLoad();
    const answer = await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 60_000);
    assert.strictEqual(answer.text, 'parseConfig turns the raw text into a Config.');

    const sent = chatRequests(server);
    assert.strictEqual(sent.length, 2, 'one tool round, then the answer');
    const offered = (sent[0].body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name).sort();
    assert.deepStrictEqual(offered, ['find_symbol', 'get_definition', 'get_diagnostics', 'list_files', 'read_file', 'search_text']);
    const followUp = sent[1].body.messages as WireMessage[];
    const assistant = followUp.find((message) => message.role === 'assistant' && message.tool_calls);
    assert.deepStrictEqual(
      assistant?.tool_calls?.map((call) => [call.id, call.function.name]),
      [
        ['call_read', 'read_file'],
        ['call_search', 'search_text'],
      ],
    );
    const results = toolResults(followUp);
    assert.match(results.get('call_read') ?? '', /export function parseConfig/, 'the file as the workspace has it');
    assert.match(results.get('call_search') ?? '', /load\.ts/, 'the search found the call in load.ts');
    assert.strictEqual(api.lastSearchEngine(), 'ripgrep', "the search ran through VS Code's ripgrep, not the JS fallback");

    const steps = answer.steps ?? [];
    assert.deepStrictEqual(
      steps.map((step) => [step.name, step.state]),
      [
        ['read_file', 'done'],
        ['search_text', 'done'],
      ],
    );
    assert.match(steps[0].summary, /src\/grounding\/config\.ts/);
  });

  it('a path outside the workspace is refused to the model and nothing outside is read', async () => {
    const { server, api } = await flashlight();
    server.enqueue(
      { toolCalls: [{ id: 'call_out', name: 'read_file', arguments: JSON.stringify({ path: '../../../../../../etc/passwd' }) }] },
      { expectToolResults: ['call_out'], text: 'I cannot read that file.' },
    );
    await explainLoad();
    const answer = await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 60_000);
    assert.strictEqual(answer.text, 'I cannot read that file.');
    const result = toolResults(chatRequests(server)[1].body.messages as WireMessage[]).get('call_out') ?? '';
    assert.match(result, /only files inside the workspace/);
    assert.ok(!result.includes('root:'), 'the model was sent /etc/passwd');
    assert.strictEqual(answer.steps?.[0].state, 'error');
  });
  it('a workspace file holding a GitHub token, read by a tool, reaches the wire redacted', async () => {
    const { server, api } = await flashlight();
    const token = ['ghp', '_', 'Zq3T9xLmW2vBn8KpR4sYcD7fHj1uE6aGo5Ni'].join('');
    const file = workspaceFile('src/grounding/deploy-notes.md');
    await vscode.workspace.fs.writeFile(file, Buffer.from(`# Deploy\n\nThe CI token is ${token} (rotate monthly).\n`));
    try {
      server.enqueue(
        { toolCalls: [{ id: 'call_notes', name: 'read_file', arguments: JSON.stringify({ path: 'src/grounding/deploy-notes.md' }) }] },
        { expectToolResults: ['call_notes'], text: 'The notes name a CI token.' },
      );
      await explainLoad();
      await waitFor('the answer', () => (api.panelAnswer()?.state === 'done' ? api.panelAnswer() : undefined), 60_000);
      const result = toolResults(chatRequests(server)[1].body.messages as WireMessage[]).get('call_notes') ?? '';
      assert.match(result, /The CI token is \[REDACTED github-token\] \(rotate monthly\)/);
      assert.ok(!chatRequests(server).some((request) => JSON.stringify(request.body).includes(token)), 'the token left the machine');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('a repeated search is answered from the kept file texts, the same as ripgrep; a file saved since is found', async function () {
    this.timeout(120_000);
    const { server, api } = await flashlight();
    let round = 0;
    const searchOnce = async (query: string) => {
      const id = `call_search_${++round}`;
      server.reset();
      server.enqueue({ toolCalls: [{ id, name: 'search_text', arguments: JSON.stringify({ query }) }] }, { expectToolResults: [id], text: 'Found it.' });
      await explainLoad();
      await waitFor(
        'the answer',
        () => (api.panelAnswer()?.state === 'done' && api.panelAnswer()?.text === 'Found it.' ? api.panelAnswer() : undefined),
        60_000,
      );
      return { result: toolResults(chatRequests(server)[1].body.messages as WireMessage[]).get(id) ?? '', engine: api.lastSearchEngine() };
    };
    const first = await searchOnce('parseConfig');
    assert.match(first.result, /load\.ts/);
    // The index is built after a search ripgrep answered, once the workspace's folders have been still
    // for a moment (the fixture was just copied): ask again until the answer comes from memory.
    let again = await searchOnce('parseConfig');
    const until = Date.now() + 20_000;
    while (again.engine !== 'index' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      again = await searchOnce('parseConfig');
    }
    assert.strictEqual(again.engine, 'index', 'a repeated search came from the kept file texts');
    assert.strictEqual(again.result, first.result, 'the same text as ripgrep sent');

    const later = workspaceFile('src/grounding/later.ts');
    await vscode.workspace.fs.writeFile(later, Buffer.from('export const afterParseConfig = 1;\n'));
    try {
      const fresh = await searchOnce('parseConfig');
      assert.match(fresh.result, /src\/grounding\/later\.ts:1: export const afterParseConfig = 1;/, 'the file saved since the index was built is found');
      assert.strictEqual(fresh.engine, 'ripgrep', 'a folder that changed sends the search to ripgrep');
    } finally {
      await vscode.workspace.fs.delete(later);
    }
  });
});
