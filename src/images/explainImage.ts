// Flashlight: Explain Screenshot…: one image (picked, or the explorer's file), with the editor's
// selection when there is one, explained in the panel or the chat (`flashlight.answerDestination`).
// The image is decoded and shrunk by the webview that will show the answer.
import * as vscode from 'vscode';
import type { ChatFeature } from '../chat/registerChat';
import { runInPanel } from '../commands/runInPanel';
import { excerptOf } from '../commands/explainSelection';
import { relativeName } from '../editor/codeUnderCursor';
import type { ModelCatalog } from '../openrouter/models';
import { explainMessages } from '../prompts/explain';
import type { CodeContext } from '../prompts/code';
import type { QuestionSummary } from '../protocol';
import type { Services } from '../services';
import { confirmImageModel } from './confirmImageModel';
import type { ModelWarningAnswer } from './modelCheck';
import { prepareImage } from './prepareImage';

export interface ExplainImageArgs {
  uri?: vscode.Uri;
  /** Answers the text-only-model warning without a click (tests). */
  answerModelWarning?: ModelWarningAnswer;
}

export type ExplainImageOutcome = 'sent' | 'cancelled' | 'refused' | 'modelDeclined';

interface Helpers {
  pickImage(): Promise<vscode.Uri | undefined>;
  readImageFile(uri: vscode.Uri): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }>;
  until(condition: () => boolean, timeoutMs: number): Promise<void>;
}

const imageNote = 'The attached image goes with this code (a screenshot of what it shows, an error, or a design): explain them together.';

export async function explainImage(services: Services, chat: ChatFeature, catalog: ModelCatalog, args: ExplainImageArgs, helpers: Helpers): Promise<ExplainImageOutcome> {
  const uri = args.uri ?? (await helpers.pickImage());
  if (!uri) return 'cancelled';
  const name = uri.path.split('/').pop() || 'image';
  const refuse = (message: string): ExplainImageOutcome => {
    services.log.info(`images: refused ${name}: ${message}`);
    void vscode.window.showWarningMessage(`Flashlight: ${message}`);
    return 'refused';
  };
  const selection = selectedCode();
  const toChat = services.settings().answerDestination === 'chat';
  const read = await helpers.readImageFile(uri);
  if (!read.ok) return refuse(read.message);

  // Decode and shrink in the webview that will show the answer: it is being opened anyway.
  const prepared = await prepareImage(name, read.bytes, async (image) => {
    if (toChat) {
      await chat.view.reveal();
      await helpers.until(() => chat.view.isReady, 15_000);
      return services.shrinks.request((message) => chat.view.post(message), image);
    }
    services.panel.reveal();
    await helpers.until(() => services.panel.isReady, 15_000);
    return services.shrinks.request((message) => services.panel.post(message), image);
  });
  if (!prepared.ok) return refuse(prepared.message);
  const { chip, data } = prepared.image;
  if (!(await confirmImageModel(catalog, 1, { answer: args.answerModelWarning, log: (line) => services.log.info(line) }))) return 'modelDeclined';

  if (toChat) {
    chat.images.hold(chip.id, data);
    const text = selection ? 'Explain this image together with the attached code.' : 'Explain what this image shows. If it is an error, say what causes it and how to fix it.';
    await services.chat?.reveal();
    await chat.controller.ask(text, selection ? [selection.chip] : [], [chip]);
    return 'sent';
  }
  const settings = services.settings();
  const question: QuestionSummary = {
    title: 'Explain screenshot',
    file: selection?.context.fileName ?? name,
    lines: selection ? linesOf(selection.context) : undefined,
    language: selection?.context.languageId,
    excerpt: selection ? excerptOf(selection.context.code) : undefined,
    note: [selection ? `With ${name}` : undefined, chip.note ? `${name} ${chip.note}` : undefined].filter(Boolean).join('; ') || undefined,
    imageCount: 1,
  };
  await runInPanel(services, {
    question,
    request: {
      model: settings.model,
      fallbackModels: settings.fallbackModels,
      messages: explainMessages(selection?.context, [data], selection ? imageNote : undefined),
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
    },
  });
  return 'sent';
}

function linesOf(context: CodeContext): string {
  return context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}–${context.endLine}`;
}

/** The active editor's selection, when it selects something (no enclosing-block guess here). */
function selectedCode(): { context: CodeContext; chip: import('../protocol').ContextChip } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  const code = document.getText(selection);
  if (!code.trim() || code.includes('\u0000')) return undefined;
  const fileName = relativeName(document);
  const context: CodeContext = { code, languageId: document.languageId, fileName, startLine: selection.start.line + 1, endLine: selection.end.line + 1 };
  const base = fileName.split('/').pop() ?? fileName;
  return {
    context,
    chip: { id: `sel-${Date.now().toString(36)}`, kind: 'selection', label: `${base}:${linesOf(context)}`, fileName, languageId: document.languageId, code, startLine: context.startLine, endLine: context.endLine },
  };
}
