// Set API Key checks the key with OpenRouter (`GET /key`) before storing it, and binds it to the
// origin it was checked against (keyOrigins.ts); Clear removes it. The base URL comes from the
// user's own settings only, and a plain-http one off this machine is refused before a key is asked for.
import * as vscode from 'vscode';
import { FlashlightError } from '../../core/openrouter/errors';
import { clientConfigFor } from './keyedAccess';
import { checkBaseUrl, defaultOrigin, freshBinding } from '../../core/key/keyOrigins';
import type { KeyDeps } from './keyDeps';

const keyPattern = /^\S{8,}$/;

export async function promptForApiKey(deps: KeyDeps, reason?: string): Promise<string | undefined> {
  for (;;) {
    const settings = deps.settings();
    const target = checkBaseUrl(settings.baseUrl);
    if (!target.ok) {
      const choice = await vscode.window.showErrorMessage(`Flashlight: ${target.message}`, 'Open Settings');
      if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.baseUrl');
      return undefined;
    }
    // A key is checked with, and then sent only to, this origin: say which when it is not OpenRouter.
    const where = target.origin === defaultOrigin ? '' : ` It is checked with, and sent only to, ${target.host} (“flashlight.baseUrl”).`;
    const entered = await vscode.window.showInputBox({
      title: 'Flashlight: OpenRouter API Key',
      prompt: (reason ?? 'Paste your OpenRouter API key (openrouter.ai/keys). It is kept in VS Code’s secret storage, nowhere else.') + where,
      placeHolder: 'sk-or-v1-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (keyPattern.test(value.trim()) ? undefined : 'Paste the whole key, without spaces.'),
    });
    const key = entered?.trim();
    if (!key) return undefined;
    try {
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the key with OpenRouter…' }, () =>
        deps.client.checkKey(clientConfigFor(settings, key)),
      );
      await deps.keys.set(key, freshBinding(target.origin));
      deps.freeRequests?.remember(info);
      deps.log.info(`API key saved for ${target.origin} (label ${info.label ?? 'unknown'}, free tier: ${info.is_free_tier ?? 'unknown'})`);
      void vscode.window.showInformationMessage('Flashlight: OpenRouter key saved.');
      return key;
    } catch (error) {
      const failure = error instanceof FlashlightError ? error : undefined;
      if (failure?.kind === 'badKey') {
        const choice = await vscode.window.showErrorMessage('OpenRouter did not accept that key: it is wrong, disabled or revoked.', 'Try Again');
        if (choice === 'Try Again') continue;
        return undefined;
      }
      const why = failure?.message ?? 'unknown error';
      const choice = await vscode.window.showWarningMessage(`Could not check the key with OpenRouter: ${why}`, 'Save Anyway', 'Try Again');
      if (choice === 'Save Anyway') {
        await deps.keys.set(key, freshBinding(target.origin));
        deps.log.warn('API key saved without checking: OpenRouter could not be reached');
        return key;
      }
      if (choice === 'Try Again') continue;
      return undefined;
    }
  }
}

export async function clearApiKey(deps: KeyDeps): Promise<void> {
  if (!(await deps.keys.hasStoredKey())) {
    void vscode.window.showInformationMessage('Flashlight: no OpenRouter key is stored.');
    return;
  }
  await deps.keys.clear();
  deps.log.info('API key cleared');
  const fromEnvironment = process.env.OPENROUTER_API_KEY ? ' OPENROUTER_API_KEY from the environment will be used.' : '';
  void vscode.window.showInformationMessage(`Flashlight: OpenRouter key cleared.${fromEnvironment}`);
}
