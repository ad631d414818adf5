// The quick switch of how much the model thinks (flashlight.reasoningEffort): a pick of five
// levels, "Fast" being minimal, written to the user's settings. Opened from the palette and from
// the status bar's tooltip; the chat composer's switch writes through writeThinkingLevel. What is sent, and to which models, is core/openrouter/reasoning.ts.
import * as vscode from 'vscode';
import { parseReasoningEffort, thinkingLabels, type ReasoningEffort } from '../../core/openrouter/reasoning';

const levels: ReadonlyArray<{ effort: ReasoningEffort; detail: string }> = [
  { effort: 'auto', detail: 'The model’s own default' },
  { effort: 'minimal', detail: 'Hardly any thinking: the quickest answers (minimal)' },
  { effort: 'low', detail: 'A little thinking' },
  { effort: 'medium', detail: 'More thinking, slower and costlier answers' },
  { effort: 'high', detail: 'The most thinking the model allows' },
];

export async function setThinkingLevel(): Promise<ReasoningEffort | undefined> {
  const config = vscode.workspace.getConfiguration('flashlight');
  const current = parseReasoningEffort(config.inspect<string>('reasoningEffort')?.globalValue ?? 'auto');
  const picked = await vscode.window.showQuickPick(
    levels.map((level) => ({ ...level, label: thinkingLabels[level.effort], description: level.effort === current ? 'current' : undefined })),
    { title: 'Flashlight: how much the model thinks', placeHolder: 'Sent only to models that take it (their OpenRouter entry lists reasoning)' },
  );
  if (!picked) return undefined;
  await writeThinkingLevel(picked.effort);
  return picked.effort;
}

/** Saves a level to the user's settings (auto removes the setting: the default); the pick and the chat composer's switch both write here. */
export async function writeThinkingLevel(effort: ReasoningEffort): Promise<void> {
  await vscode.workspace.getConfiguration('flashlight').update('reasoningEffort', effort === 'auto' ? undefined : effort, vscode.ConfigurationTarget.Global);
}
