// Flashlight: Explain Screenshot…: one image (picked, or the explorer's file), with the editor's
// selection when there is one, explained where answers go (`flashlight.answerDestination`). The
// image is decoded and shrunk by the webview that will show the answer; then it takes the one
// Explain path (explainRun) like Explain Selection.
import * as vscode from 'vscode';
import type { Answers } from '../../core/answers/answers';
import { relativeName } from '../../host/editor/codeUnderCursor';
import { explainRun } from '../../core/explain/explainRun';
import type { Log } from '../../core/log';
import { looksBinary, type CodeContext } from '../../core/prompts/code';
import type { RequestSettings } from '../../core/prompts/request';
import type { ModelWarningAnswer } from '../../core/images/modelCheck';
import { prepareImage, type ShrinkOutcomeFor } from '../../core/images/prepareImage';

export interface ExplainImageArgs {
  uri?: vscode.Uri;
  /** Answers the text-only-model warning without a click (tests). */
  answerModelWarning?: ModelWarningAnswer;
}

export type ExplainImageOutcome = 'sent' | 'cancelled' | 'refused' | 'modelDeclined';

export interface ExplainImageDeps {
  answers: Answers;
  settings(): RequestSettings & { answerDestination: 'panel' | 'chat' };
  log: Log;
  pickImage(): Promise<vscode.Uri | undefined>;
  readImageFile(uri: vscode.Uri): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }>;
  /** Decodes and shrinks in the webview of that destination, opening it (it will show the answer). */
  shrinkIn(destination: 'panel' | 'chat'): ShrinkOutcomeFor;
  confirmModel(imageCount: number, answer?: ModelWarningAnswer): Promise<boolean>;
}

export async function explainImage(deps: ExplainImageDeps, args: ExplainImageArgs): Promise<ExplainImageOutcome> {
  const uri = args.uri ?? (await deps.pickImage());
  if (!uri) return 'cancelled';
  const name = uri.path.split('/').pop() || 'image';
  const refuse = (message: string): ExplainImageOutcome => {
    deps.log.info(`images: refused ${name}: ${message}`);
    void vscode.window.showWarningMessage(message.startsWith('Flashlight:') ? message : `Flashlight: ${message}`);
    return 'refused';
  };
  const context = selectedCode();
  const read = await deps.readImageFile(uri);
  if (!read.ok) return refuse(read.message);
  const prepared = await prepareImage(name, read.bytes, deps.shrinkIn(deps.settings().answerDestination));
  if (!prepared.ok) return refuse(prepared.message);
  const { chip, data } = prepared.image;
  if (!(await deps.confirmModel(1, args.answerModelWarning))) return 'modelDeclined';
  const built = explainRun({ context, image: { name, data, chip } }, deps.settings());
  if ('refused' in built) return refuse(built.refused);
  await deps.answers.ask(built.run);
  return 'sent';
}

/** The active editor's selection, when it selects text (no enclosing-block guess here; binary is left out). */
function selectedCode(): CodeContext | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  const code = document.getText(selection);
  if (!code.trim() || looksBinary(code)) return undefined;
  return { code, languageId: document.languageId, fileName: relativeName(document), startLine: selection.start.line + 1, endLine: selection.end.line + 1 };
}
