// Flashlight: Show Key Status: what OpenRouter says about the key in use (`GET /key`): its label,
// usage, limit and whether it is on the free tier. The key itself is never shown or logged.
import * as vscode from 'vscode';
import { FlashlightError } from '../openrouter/errors';
import { apiKeyFor } from '../secrets/apiKeyAccess';
import type { Services } from '../services';
import { describeKeyStatus, type KeyStatus } from './keyStatusText';

const creditsUrl = 'https://openrouter.ai/settings/credits';

export async function showKeyStatus(services: Services): Promise<void> {
  const settings = services.settings();
  // Without a key this says so and offers Set API Key; the key goes only where it may (apiKeyAccess.ts).
  const key = await apiKeyFor(services, settings, { ifMissing: 'tell' });
  if (!key) return;
  const source = (await services.keys.hasStoredKey()) ? 'stored' : 'environment';
  let info: KeyStatus;
  try {
    info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Asking OpenRouter about the key…' },
      () => services.client.checkKey(services.clientConfig(settings, key)),
    );
  } catch (error) {
    const failure = error instanceof FlashlightError ? error : undefined;
    if (failure?.kind === 'badKey') {
      const choice = await vscode.window.showErrorMessage('Flashlight: OpenRouter does not accept the key: it is wrong, disabled or revoked.', 'Set API Key');
      if (choice === 'Set API Key') await vscode.commands.executeCommand('flashlight.setApiKey');
      return;
    }
    void vscode.window.showErrorMessage(`Flashlight: could not get the key’s status. ${failure?.message ?? 'Unknown error.'}`);
    return;
  }
  const { summary, detail } = describeKeyStatus(info, source);
  services.log.info(`key status: ${summary} | ${detail.split('\n').join(' | ')}`);
  const addCredits: vscode.MessageItem = { title: 'Add Credits' };
  const choice = await vscode.window.showInformationMessage(summary, { modal: true, detail }, { title: 'OK', isCloseAffordance: true }, addCredits);
  if (choice === addCredits) await vscode.env.openExternal(vscode.Uri.parse(creditsUrl));
}
