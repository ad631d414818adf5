// Explain: Flashlight: Explain Selection (palette, context menu, Ctrl+Alt+E) and the lightbulb's
// Explain. Each finds its code at the editor's edge, then both take the one path: explainRun
// builds the run, the Answers port shows it where answers go.
import * as vscode from 'vscode';
import type { Answers } from '../../core/answers/answers';
import { codeUnderCursor } from '../../host/editor/codeUnderCursor';
import { refusal, resolveTarget } from '../../host/editor/target';
import { commandIds } from '../../core/codeActions/actions';
import type { RequestSettings } from '../../core/prompts/request';
import { explainRun, type ExplainTarget } from '../../core/explain/explainRun';
import type { GatherContext } from '../../host/grounding/gatherContext';

export interface ExplainDeps {
  answers: Answers;
  settings(): RequestSettings;
  /** The definitions and surroundings of the code, from the language servers (flashlight.context). */
  gatherContext: GatherContext;
}

/**
 * The one Explain path: refuses with a clear message (nothing sent), else gathers the code's
 * context (bounded in time) and hands the run to the answers.
 */
export async function explain(deps: ExplainDeps, target: ExplainTarget, where?: { document: vscode.TextDocument; range: vscode.Range }): Promise<void> {
  // Refused (blank, binary, too large) before any provider is asked: nothing to gather for.
  const plain = explainRun(target, deps.settings());
  const gathers = where !== undefined && 'run' in plain;
  // Gathering waits on the language servers (up to flashlight.context.timeoutMs): a first panel's
  // webview loads meanwhile instead of after the request has left.
  if (gathers) deps.answers.prepare?.();
  const grounding = gathers ? await deps.gatherContext(where.document, where.range) : undefined;
  // Context that would push the prompt past the window is left out rather than refusing the question.
  const grounded = grounding ? explainRun({ ...target, grounding }, deps.settings()) : plain;
  const built = 'run' in grounded ? grounded : plain;
  if ('refused' in built) {
    void vscode.window.showWarningMessage(built.refused);
    return;
  }
  await deps.answers.ask(built.run);
}

/** Explain Selection: the selection as it is, or with none the enclosing block. */
export async function explainSelection(deps: ExplainDeps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Flashlight: open a file and select the code to explain.');
    return;
  }
  const found = await codeUnderCursor(editor);
  if (!found) {
    void vscode.window.showWarningMessage('Flashlight: nothing to explain here. Select some code, or put the cursor inside a block.');
    return;
  }
  await explain(deps, { context: found.context, note: found.note }, { document: editor.document, range: found.range });
}

/** The lightbulb's Explain: the whole lines the code action was offered on. */
export async function explainCodeAction(deps: ExplainDeps, args?: unknown): Promise<void> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'explain');
  if (refused || !target) {
    void vscode.window.showWarningMessage(refused ?? 'Flashlight: nothing to explain here.');
    return;
  }
  await explain(deps, { context: target.context, note: target.note }, { document: target.document, range: target.range });
}

/** Both Explain commands; the lightbulb offers `flashlight.explainCode` (core/codeActions/actions.ts). */
export function registerExplain(deps: ExplainDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flashlight.explainSelection', () => explainSelection(deps)),
    vscode.commands.registerCommand(commandIds.explain, (args: unknown) => explainCodeAction(deps, args)),
  ];
}
