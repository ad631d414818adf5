// The quiet warning when the chosen model or one of its fallbacks retires within 30 days, or has
// retired (the model list's `expiration_date`): at most once per model per day, never modal, with
// the one-click switch to the alias that always routes to the newest Gemini Flash. Checked when
// the model list arrives or changes and when the model settings change; never delays a request.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../../core/openrouter/models';
import { latestFlash, retirementOf, retirementWarning } from '../../core/models/retirement';
import { saveModel } from './saveModel';

const warnedKey = 'flashlight.retirementWarned';
export const switchLabel = `Switch to ${latestFlash}`;

export interface RetirementDeps {
  catalog: Pick<ModelCatalog, 'find' | 'onDidChange'>;
  /** The model and fallbacks requests use (the user's, or the workspace's once accepted). */
  models(): { model: string; fallbackModels: string[] };
  store: vscode.Memento;
  log(line: string): void;
  now?(): number;
}

export function registerRetirementWarnings(deps: RetirementDeps): vscode.Disposable[] {
  const check = () => void warnOfRetirements(deps).catch((error: unknown) => deps.log(`Retirement check failed: ${String(error)}`));
  const listening = deps.catalog.onDidChange(check);
  return [
    { dispose: () => listening.dispose() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('flashlight.model') || event.affectsConfiguration('flashlight.fallbackModels')) check();
    }),
  ];
}

/** Warns of each retiring model in use not yet warned of today; the switch saves `latestFlash` as the model. */
export async function warnOfRetirements(deps: RetirementDeps): Promise<void> {
  const now = deps.now?.() ?? Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const { model, fallbackModels } = deps.models();
  const warned = deps.store.get<Record<string, string>>(warnedKey) ?? {};
  for (const id of [model, ...fallbackModels]) {
    if (id === latestFlash || warned[id] === today) continue;
    const retirement = retirementOf(deps.catalog.find(id), now);
    if (!retirement) continue;
    warned[id] = today;
    await deps.store.update(warnedKey, { ...warned });
    deps.log(`Model ${id}: ${retirement.state === 'retired' ? 'retired' : 'retiring'} on ${retirement.date}`);
    void vscode.window.showWarningMessage(retirementWarning(id, retirement), switchLabel).then(async (picked) => {
      if (picked !== switchLabel) return;
      // The chosen model becomes the alias; a retiring fallback is replaced by it (once in the chain).
      if (id === model) return saveModel(latestFlash);
      const chain = fallbackModels.filter((other) => other !== id);
      if (model !== latestFlash && !chain.includes(latestFlash)) chain.push(latestFlash);
      await vscode.workspace.getConfiguration('flashlight').update('fallbackModels', chain, vscode.ConfigurationTarget.Global);
    });
  }
}
