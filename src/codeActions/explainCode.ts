// Explain, from the lightbulb: the same request as Explain Selection, for the range the code action
// was offered on, sent wherever explanations go (explainDestination.ts).
import * as vscode from 'vscode';
import { excerptOf } from '../commands/explainSelection';
import { explainMessages } from '../prompts/explain';
import type { QuestionSummary } from '../protocol';
import type { Services } from '../services';
import { deliverExplanation } from './explainDestination';
import { fitsOrSay } from './streamSuggestion';
import { refusal, resolveTarget } from './target';

export async function explainCode(services: Services, args?: unknown): Promise<void> {
  const target = await resolveTarget(args);
  const refused = refusal(target, 'explain');
  if (refused || !target) {
    void vscode.window.showWarningMessage(refused!);
    return;
  }
  const { context } = target;
  const messages = explainMessages(context, [], target.note);
  if (!fitsOrSay(services, messages)) return;
  const settings = services.settings();
  const question: QuestionSummary = {
    title: 'Explain',
    file: context.fileName,
    lines: context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}–${context.endLine}`,
    language: context.languageId,
    excerpt: excerptOf(context.code),
    note: target.note,
  };
  await deliverExplanation(services, {
    question,
    request: { model: settings.model, fallbackModels: settings.fallbackModels, messages, temperature: settings.temperature, maxTokens: settings.maxTokens },
  });
}
