// Flashlight: Show Key Status: what OpenRouter says about the key in use (`GET /key`): its label,
// usage, limit and whether it is on the free tier. The key itself is never shown or logged.
import * as vscode from 'vscode';
import { FlashlightError } from '../../core/openrouter/errors';
import { clientConfigFor } from './keyedAccess';
import { apiKeyFor } from './apiKeyAccess';
import { promptForApiKey } from './apiKeyCommands';
import type { KeyDeps } from './keyDeps';
import { creditsUrl } from '../errorActions/errorActions';
import { describeKeyStatus, type KeyStatus } from '../../core/key/keyStatusText';

export async function showKeyStatus(deps: KeyDeps): Promise<void> {
  const settings = deps.settings();
  // Without a key this says so and offers Set API Key; the key goes only where it may (apiKeyAccess.ts).
  const key = await apiKeyFor(deps, settings, { ifMissing: 'tell' });
  if (!key) return;
  const source = (await deps.keys.hasStoredKey()) ? 'stored' : 'environment';
  let info: KeyStatus;
  try {
    info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Asking OpenRouter about the key…' }, () =>
      deps.client.checkKey(clientConfigFor(settings, key)),
    );
  } catch (error) {
    const failure = error instanceof FlashlightError ? error : undefined;
    if (failure?.kind === 'badKey') {
      const choice = await vscode.window.showErrorMessage('Flashlight: OpenRouter does not accept the key: it is wrong, disabled or revoked.', 'Set API Key');
      if (choice === 'Set API Key') await promptForApiKey(deps);
      return;
    }
    void vscode.window.showErrorMessage(`Flashlight: could not get the key’s status. ${failure?.message ?? 'Unknown error.'}`);
    return;
  }
  deps.freeRequests?.remember(info);
  const described = describeKeyStatus(info, source);
  const summary = described.summary;
  const detail = deps.budgetLine ? `${described.detail}\n${deps.budgetLine()}` : described.detail;
  deps.log.info(`key status: ${summary} | ${detail.split('\n').join(' | ')}`);
  const addCredits: vscode.MessageItem = { title: 'Add Credits' };
  const choice = await vscode.window.showInformationMessage(summary, { modal: true, detail }, { title: 'OK', isCloseAffordance: true }, addCredits);
  if (choice === addCredits) await vscode.env.openExternal(vscode.Uri.parse(creditsUrl));
}
