// Before images are sent: warns (without a modal) when the chosen model does not take them and
// offers an image-capable Gemini Flash, the model picker, or sending anyway. Nothing is sent
// unless the user picks one; dismissing the warning cancels.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../../core/openrouter/models';
import { saveModel } from '../models/saveModel';
import { imageSupport, modelWarningText, type ModelWarningAnswer } from '../../core/images/modelCheck';

export interface ModelCheckOptions {
  /** Answers the warning without showing it: for tests, passed as a command argument. */
  answer?: ModelWarningAnswer;
  log(line: string): void;
  /** The model in use now (the user's settings, or the workspace's once accepted). */
  model(): string;
  /** The model picker; resolves with the chosen id. */
  chooseModel(): Promise<string | undefined>;
}

/** True when the request may go on; the model setting may have changed by then. */
export async function confirmImageModel(catalog: ModelCatalog, imageCount: number, options: ModelCheckOptions): Promise<boolean> {
  const modelId = options.model();
  const list = await catalog.load();
  const support = imageSupport(modelId, list.models);
  if (support.kind !== 'no') return true;
  const text = modelWarningText(support, imageCount);
  options.log(`images: ${modelId} is text only (model list: ${list.source}); asking before sending`);
  const use = support.suggestion ? `Use ${support.suggestion.name}` : undefined;
  const buttons = [...(use ? [use] : []), 'Choose Model', 'Send Anyway'];
  let answer: ModelWarningAnswer;
  if (options.answer) {
    answer = options.answer;
    void vscode.window.showWarningMessage(text); // still shown, so a person watching a test sees it
  } else {
    const picked = await vscode.window.showWarningMessage(text, ...buttons);
    answer = picked === undefined ? 'cancel' : picked === use ? 'useSuggested' : picked === 'Choose Model' ? 'chooseModel' : 'sendAnyway';
  }
  options.log(`images: model warning answered ${answer}`);
  switch (answer) {
    case 'useSuggested':
      if (!support.suggestion) return false;
      await saveModel(support.suggestion.id);
      return true;
    case 'chooseModel': {
      const chosen = await options.chooseModel();
      if (!chosen) return false;
      // A text-only pick asks again (a scripted answer would ask forever, so it stops there).
      return imageSupport(chosen, list.models).kind !== 'no' || (!options.answer && (await confirmImageModel(catalog, imageCount, options)));
    }
    case 'sendAnyway':
      return true;
    default:
      return false;
  }
}

/** The check as the chat and Explain Screenshot call it: the number of images, and a scripted answer for tests. */
export type ImageModelCheck = (imageCount: number, answer?: ModelWarningAnswer) => Promise<boolean>;

export function imageModelCheck(catalog: ModelCatalog, options: Omit<ModelCheckOptions, 'answer'>): ImageModelCheck {
  return (imageCount, answer) => confirmImageModel(catalog, imageCount, { ...options, answer });
}
