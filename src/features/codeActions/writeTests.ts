// Write Tests. When a test file for the code already exists beside it (foo.test.ts, test_foo.py,
// foo_test.go, …: testFiles.ts), the new tests are appended to it, shown first as a diff to
// accept, like any other edit. Otherwise they open in a new untitled editor named after the
// conventional test file, so Save proposes that path; nothing is written to disk unasked.
import * as vscode from 'vscode';
import { describeLocation } from '../../core/prompts/code';
import { testsMessages } from '../../core/prompts/tests';
import type { ProposalStore } from '../../host/editor/proposals';
import type { SuggestionDeps } from './streamSuggestion';
import { offerRawReply, requestCode, suggestEdit, type EditResult } from './suggestEdit';
import { refusal, resolveTarget } from '../../host/editor/target';
import { isTestFile, testFileCandidates } from '../../core/codeActions/testFiles';

/** At most this much of an existing test file goes into the prompt: enough to show its style. */
const existingTestsChars = 24_000;

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function withPath(uri: vscode.Uri, path: string): vscode.Uri {
  return uri.with({ path });
}

/** The project's JavaScript test framework, from the workspace folder's package.json, if it names one. */
async function javascriptFramework(uri: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'package.json'));
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as { dependencies?: object; devDependencies?: object; scripts?: Record<string, string> };
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const known = ['vitest', 'jest', 'mocha', 'ava', 'jasmine'].find((name) => names.includes(name));
    if (known) return known;
    return Object.values(manifest.scripts ?? {}).some((script) => /node\s+--test/.test(script)) ? 'node:test with node:assert' : undefined;
  } catch {
    return undefined;
  }
}

export async function writeTests(deps: SuggestionDeps, proposals: ProposalStore, args?: unknown): Promise<EditResult> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'test');
  if (refused || !target) {
    void vscode.window.showWarningMessage(refused!);
    return { opened: false, reason: refused! };
  }
  const { document, context } = target;
  const onDisk = document.uri.scheme === 'file';
  const candidates = onDisk && !isTestFile(document.uri.path) ? testFileCandidates(document.uri.path, context.languageId) : [];
  let existing: vscode.Uri | undefined;
  for (const candidate of candidates) {
    if (await exists(withPath(document.uri, candidate))) {
      existing = withPath(document.uri, candidate);
      break;
    }
  }
  const framework = /^(typescript|javascript)/.test(context.languageId) ? await javascriptFramework(document.uri) : undefined;
  const rerun = () => writeTests(deps, proposals, args);
  const title = `Flashlight: writing tests for ${describeLocation(context)}`;

  if (existing) {
    const testDocument = await vscode.workspace.openTextDocument(existing);
    const version = testDocument.version;
    const text = testDocument.getText();
    const end = testDocument.positionAt(text.length);
    const messages = testsMessages({
      context,
      testFileName: vscode.workspace.asRelativePath(existing, false),
      existingTests: text.length > existingTestsChars ? `${text.slice(0, existingTestsChars)}\n…` : text,
      framework,
    });
    const separator = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return suggestEdit(deps, proposals, {
      label: 'Tests',
      progressTitle: title,
      document: testDocument,
      range: new vscode.Range(end, end),
      version,
      original: '',
      languageId: testDocument.languageId,
      messages,
      shape: (code) => `${separator}${code}\n`,
      rerun,
      groundFor: { document, range: target.range },
    });
  }

  const suggested = candidates[0] ? withPath(document.uri, candidates[0]) : undefined;
  const messages = testsMessages({
    context,
    testFileName: suggested ? vscode.workspace.asRelativePath(suggested, false) : `a new test file beside ${context.fileName ?? 'the code'}`,
    framework,
  });
  const result = await requestCode(deps, {
    title,
    messages,
    languageId: context.languageId,
    logLabel: 'code action Tests',
    rerun,
    groundFor: { document, range: target.range },
  });
  if ('reason' in result) return { opened: false, reason: result.reason };
  const testsDocument = await newTestsDocument(suggested, context.languageId, `${result.reply.code}\n`);
  await vscode.window.showTextDocument(testsDocument, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  if (result.cutOff) void offerRawReply('Flashlight: the tests were cut off (the model’s output limit): the file ends early.', result.raw);
  return { opened: true, uri: testsDocument.uri };
}

/** An untitled document that Save proposes to write at `path` (when given and not already open). */
async function newTestsDocument(path: vscode.Uri | undefined, languageId: string, content: string): Promise<vscode.TextDocument> {
  const untitled = path?.with({ scheme: 'untitled' });
  const taken = !untitled || vscode.workspace.textDocuments.some((open) => open.uri.toString() === untitled.toString());
  if (taken) return vscode.workspace.openTextDocument({ language: languageId, content });
  const document = await vscode.workspace.openTextDocument(untitled);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(untitled, new vscode.Position(0, 0), content);
  await vscode.workspace.applyEdit(edit);
  if (document.languageId !== languageId) return vscode.languages.setTextDocumentLanguage(document, languageId);
  return document;
}
