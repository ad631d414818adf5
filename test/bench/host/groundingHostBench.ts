// The grounding bench's part inside VS Code's extension host (code-server), loaded as the
// workbench's `extensionTestsPath` by test/bench/grounding/vscodeGroundingBench.js, which built
// the large workspace, scripts the fake OpenRouter and reads its request times. Here:
// 1. the built-in TypeScript server is warmed (a definition across files answers), then each
//    selection is explained twice, context on and off (flashlight.context.enabled, alternating
//    which goes first), noting the time just before executeCommand: the keystroke;
// 2. tool rounds: each Explain gets a scripted read_file or search_text turn from the fake; the
//    runner times the round from the turn's end to the follow-up's headers. Beside them, the same
//    tools run alone here, and the naive ways (vscode.workspace.fs for every file, in turn).
import * as vscode from 'vscode';
import type { FlashlightApi } from '../../../src/host/testApi';
import { ripgrepPath, workspaceTools } from '../../../src/host/tools/workspaceTools';
import { SearchIndex } from '../../../src/host/tools/searchIndex';

const EXTENSION_ID = 'flashlight-dev.flashlight';
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokens = (text: string) => Math.ceil(text.length / 4);

interface Selection {
  file: string;
  line: number;
  name: string;
  character: number;
}
interface Plan {
  selections: Selection[];
  reads: Array<{ path: string }>;
  searches: string[];
  naiveRuns: number;
}

async function coordinator<T>(step: string, body: unknown): Promise<T> {
  const base = process.env.FLASHLIGHT_BENCH_COORDINATOR;
  if (!base) throw new Error('FLASHLIGHT_BENCH_COORDINATOR is not set: run this through test/bench/grounding/vscodeGroundingBench.js');
  const response = await fetch(`${base}/${step}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`coordinator ${step}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function folder(): vscode.Uri {
  const first = vscode.workspace.workspaceFolders?.[0];
  if (!first) throw new Error('no workspace folder open');
  return first.uri;
}

const fileUri = (relative: string) => vscode.Uri.joinPath(folder(), ...relative.split('/'));

/** Waits until the TypeScript server answers where `name` is defined with a place in another file. */
async function warmLanguageServer(selection: Selection): Promise<number> {
  const started = now();
  const document = await vscode.workspace.openTextDocument(fileUri(selection.file));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const position = new vscode.Position(selection.line, selection.character + 1);
  for (;;) {
    const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      document.uri,
      position,
    );
    const elsewhere = (found ?? []).some((location) => ('targetUri' in location ? location.targetUri : location.uri).toString() !== document.uri.toString());
    if (elsewhere) return now() - started;
    if (now() - started > 180_000) throw new Error(`the TypeScript server gave no definition of ${selection.name} in 180 s`);
    await sleep(500);
  }
}

/** Keeps the editor's tabs to the last few files, as a person's would be, so "every open file" stays a real figure. */
async function keepTabs(most: number): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText);
  if (tabs.length > most) await vscode.window.tabGroups.close(tabs.slice(0, tabs.length - most));
}

/** The text of every file open in a tab: what "send every open file" would send. */
function openFilesTokens(): { files: number; tokens: number } {
  const uris = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : undefined))
    .filter((uri): uri is string => !!uri);
  const open = vscode.workspace.textDocuments.filter((document) => uris.includes(document.uri.toString()));
  return { files: open.length, tokens: open.reduce((total, document) => total + tokens(document.getText()), 0) };
}

async function select(selection: Selection): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fileUri(selection.file));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  editor.selection = new vscode.Selection(selection.line, 0, selection.line, 0); // so selecting the line again is a change
  const text = document.lineAt(selection.line).text;
  const indent = text.length - text.trimStart().length;
  editor.selection = new vscode.Selection(selection.line, indent, selection.line, text.length);
  return document;
}

async function setContext(enabled: boolean): Promise<void> {
  await vscode.workspace.getConfiguration('flashlight').update('context.enabled', enabled, vscode.ConfigurationTarget.Global);
}

/** Naive search: every file through vscode.workspace.fs, one after another, matched line by line in JS. */
async function naiveSearch(query: string): Promise<number> {
  const uris = await vscode.workspace.findFiles('**/*');
  let hits = 0;
  const decoder = new TextDecoder();
  for (const uri of uris) {
    const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    for (const line of text.split('\n')) if (line.includes(query)) hits++;
  }
  return hits;
}

/** Until an answer newer than `before` is done (so the round's search engine can be read), 10 s at most. */
async function answered(api: FlashlightApi, before: number | undefined): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(20)) {
    const answer = api.panelAnswer();
    if (answer && answer.requestId !== before && answer.state !== 'streaming') return;
  }
}

export async function run(): Promise<void> {
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
    const api = (await extension.activate()) as FlashlightApi;
    // Tools are offered only to a model the cached list says takes them.
    await api.loadModelList();
    const plan = await coordinator<Plan>('plan', {});
    const warmupMs = await warmLanguageServer(plan.selections[0]);
    await sleep(2000);

    // 1. Keystroke to request, context on and off, alternating which goes first.
    const explains: Array<{
      index: number;
      enabled: boolean;
      start: number;
      wholeFileTokens: number;
      open: { files: number; tokens: number };
      grounding?: unknown;
    }> = [];
    for (const [index, selection] of plan.selections.entries()) {
      await keepTabs(5);
      for (const enabled of index % 2 ? [true, false] : [false, true]) {
        await setContext(enabled);
        await sleep(150);
        // Selected with the setting as it is, so context on has what a person's selection starts (the context gathered ahead).
        const document = await select(selection);
        await sleep(400); // a person reads the line before asking
        const start = now();
        await vscode.commands.executeCommand('flashlight.explainSelection');
        explains.push({
          index,
          enabled,
          start,
          wholeFileTokens: tokens(document.getText()),
          open: openFilesTokens(),
          grounding: enabled ? api.panelAnswer()?.question.grounding : undefined,
        });
        await sleep(200);
      }
    }
    await coordinator('explains', { warmupMs, explains });

    // 2. Tool rounds, context off (its gathering is before the first request, not in a round).
    await setContext(false);
    await select(plan.selections[0]);
    const rounds: Array<{ kind: string; index: number; start: number; engine?: string }> = [];
    const count = Math.max(plan.reads.length, plan.searches.length);
    for (let index = 0; index < count; index++) {
      // search_text_ripgrep: the same search with a glob that takes every file, which the kept
      // index leaves to ripgrep: the way every search ran before, in the same run.
      for (const kind of ['read_file', 'search_text', 'search_text_ripgrep'] as const) {
        if ((kind === 'read_file' ? plan.reads : plan.searches).length <= index) continue;
        await coordinator('tool-next', { kind, index });
        const before = api.panelAnswer()?.requestId;
        const start = now();
        await vscode.commands.executeCommand('flashlight.explainSelection');
        await answered(api, before);
        rounds.push({ kind, index, start, engine: kind === 'read_file' ? undefined : api.lastSearchEngine() });
        await sleep(200);
      }
    }

    // The same tools alone (no loop, no HTTP), and the naive ways, in turn.
    const toolsOf = (index?: SearchIndex) =>
      new Map(workspaceTools({ allowSecret: () => Promise.resolve(false), index }).map((tool) => [tool.definition.function.name, tool]));
    const tools = toolsOf();
    const index = new SearchIndex(ripgrepPath);
    const kept = toolsOf(index);
    const signal = new AbortController().signal;
    // The index is built after the first search ripgrep answers, as in the extension.
    await kept.get('search_text')!.run({ query: plan.searches[0] }, signal);
    await index.whenBuilt();
    const alone: Record<string, number[]> = { read_file: [], search_text: [], search_text_ripgrep: [], naive_read: [], naive_search: [] };
    const hits: number[] = [];
    for (let index = 0; index < plan.naiveRuns; index++) {
      const read = plan.reads[index % plan.reads.length];
      const query = plan.searches[index % plan.searches.length];
      let t = now();
      await tools.get('read_file')!.run({ path: read.path }, signal);
      alone.read_file.push(now() - t);
      t = now();
      await vscode.workspace.fs.readFile(fileUri(read.path));
      alone.naive_read.push(now() - t);
      t = now();
      await kept.get('search_text')!.run({ query }, signal);
      alone.search_text.push(now() - t);
      t = now();
      await tools.get('search_text')!.run({ query }, signal);
      alone.search_text_ripgrep.push(now() - t);
      t = now();
      hits.push(await naiveSearch(query));
      alone.naive_search.push(now() - t);
    }
    index.dispose();
    await coordinator('rounds', { rounds, alone, naiveHits: hits });
  } catch (error) {
    await coordinator('error', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }).catch(() => undefined);
    throw error;
  }
}
