// Flashlight: Explain Selection. Refuses empty, binary and oversized input with a clear message
// before anything is sent.
import * as vscode from 'vscode';
import { codeUnderCursor } from '../editor/codeUnderCursor';
import { FlashlightError } from '../openrouter/errors';
import { assertFits, defaultContextLength } from '../prompts/budget';
import { explainMessages } from '../prompts/explain';
import { randomUUID } from 'node:crypto';
import type { ContextChip, QuestionSummary } from '../protocol';
import type { Services } from '../services';
import { runInPanel } from './runInPanel';

const excerptLines = 4;

export function excerptOf(code: string): string {
  const lines = code.replace(/^\s*\n/, '').split('\n');
  const head = lines.slice(0, excerptLines).map((line) => (line.length > 120 ? `${line.slice(0, 119)}…` : line));
  return lines.length > excerptLines ? `${head.join('\n')}\n…` : head.join('\n');
}

export async function explainSelection(services: Services): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Flashlight: open a file and select the code to explain.');
    return;
  }
  const code = await codeUnderCursor(editor);
  if (!code || !code.context.code.trim()) {
    void vscode.window.showWarningMessage('Flashlight: nothing to explain here. Select some code, or put the cursor inside a block.');
    return;
  }
  if (code.context.code.includes('\u0000')) {
    void vscode.window.showWarningMessage('Flashlight: this looks like a binary file, so nothing was sent.');
    return;
  }
  const settings = services.settings();
  const messages = explainMessages(code.context, [], code.note);
  try {
    assertFits(messages, settings.contextLength ?? defaultContextLength, settings.maxTokens ?? 8_192);
  } catch (error) {
    void vscode.window.showWarningMessage(`Flashlight: ${(error as FlashlightError).message}`);
    return;
  }
  const { context } = code;
  const question: QuestionSummary = {
    title: 'Explain',
    file: context.fileName,
    lines: context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}–${context.endLine}`,
    language: context.languageId,
    excerpt: excerptOf(context.code),
    note: code.note,
  };
  const base = (context.fileName ?? 'untitled').split('/').pop();
  const chip: ContextChip = {
    id: randomUUID(),
    kind: 'selection',
    label: `${base}:${question.lines}`,
    fileName: context.fileName ?? 'untitled',
    languageId: context.languageId,
    code: context.code,
    startLine: context.startLine,
    endLine: context.endLine,
  };
  await runInPanel(services, {
    question,
    chatQuestion: { text: code.note ? `Explain this code. (${code.note})` : 'Explain this code.', contexts: [chip] },
    request: {
      model: settings.model,
      fallbackModels: settings.fallbackModels,
      messages,
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
    },
  }, settings);
}
