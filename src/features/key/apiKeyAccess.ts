// The one way every request path gets the key (Explain, the chat, the code actions, Show Key
// Status): it refuses a base URL the key must not travel to, asks for a key when none is set,
// and asks once before the key goes to an origin it was not checked against (keyOrigins.ts).
import * as vscode from 'vscode';
import { promptForApiKey } from './apiKeyCommands';
import type { FlashlightSettings } from '../../host/settings/settings';
import type { KeyDeps } from './keyDeps';
import { checkBaseUrl, originVerdict, withAnswer } from '../../core/key/keyOrigins';
import type { KeySource } from '../../host/secrets/apiKeyStore';

const missingKeyReason = 'Flashlight needs an OpenRouter API key to answer. Paste it to go on.';

/** One question per origin at a time: requests started together wait for the same answer. */
const pendingQuestions = new Map<string, Promise<boolean>>();

/**
 * The key to send to `settings.baseUrl`, or undefined (the user was told why, or declined).
 * `ifMissing`: `ask` prompts for a key (a request); `tell` says none is set and offers Set API Key.
 */
export async function apiKeyFor(
  deps: KeyDeps,
  settings: FlashlightSettings,
  { ifMissing = 'ask' }: { ifMissing?: 'ask' | 'tell' } = {},
): Promise<string | undefined> {
  const target = checkBaseUrl(settings.baseUrl);
  if (!target.ok) {
    deps.log.warn(`key not sent: ${target.message}`);
    void refusedNotice(`Flashlight: ${target.message}`, 'Open Settings');
    return undefined;
  }
  const found = await deps.keys.getWithSource();
  if (!found) {
    if (ifMissing === 'ask') return promptForApiKey(deps, missingKeyReason);
    const choice = await vscode.window.showWarningMessage('Flashlight: no OpenRouter API key is set.', 'Set API Key');
    return choice === 'Set API Key' ? promptForApiKey(deps) : undefined;
  }
  const binding = deps.keys.binding(found.source);
  switch (originVerdict(binding, target.origin)) {
    case 'send':
      return found.key;
    case 'adopt':
      await deps.keys.setBinding(found.source, withAnswer(binding, target.origin, 'adopt'));
      return found.key;
    case 'refused':
      return offerNewKey(
        deps,
        `Flashlight: you chose not to send your OpenRouter key to ${target.host}. Set a key for it, or point “flashlight.baseUrl” back.`,
      );
    case 'ask': {
      const allowed = await askOnce(deps, found.source, target.origin, target.host);
      if (allowed) return found.key;
      return undefined;
    }
  }
}

function askOnce(deps: KeyDeps, source: KeySource, origin: string, host: string): Promise<boolean> {
  const key = `${source} ${origin}`;
  let pending = pendingQuestions.get(key);
  if (!pending) {
    pending = ask(deps, source, origin, host).finally(() => pendingQuestions.delete(key));
    pendingQuestions.set(key, pending);
  }
  return pending;
}

async function ask(deps: KeyDeps, source: KeySource, origin: string, host: string): Promise<boolean> {
  const binding = deps.keys.binding(source);
  const home = binding?.home ? new URL(binding.home).host : undefined;
  const send = `Send Key to ${host}`;
  const refuse = 'Don’t Send';
  const detail = [
    home
      ? `Your key was checked with ${home}.`
      : source === 'environment'
        ? 'Your key comes from OPENROUTER_API_KEY.'
        : 'Your key has not been sent anywhere yet.',
    `“flashlight.baseUrl” in your user settings now points at ${host}: whoever runs that server can use your key and spend your credits.`,
    `Your answer is remembered for ${host}.`,
  ].join(' ');
  const choice = await vscode.window.showWarningMessage(`Send your OpenRouter key to ${host}?`, { modal: true, detail }, send, refuse);
  if (choice === send || choice === refuse) {
    await deps.keys.setBinding(source, withAnswer(deps.keys.binding(source), origin, choice === send ? 'allow' : 'refuse'));
    deps.log.info(`key ${choice === send ? 'allowed' : 'refused'} for ${origin}`);
  }
  return choice === send;
}

async function offerNewKey(deps: KeyDeps, message: string): Promise<string | undefined> {
  const choice = await vscode.window.showWarningMessage(message, 'Set API Key', 'Open Settings');
  if (choice === 'Set API Key') return promptForApiKey(deps);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.baseUrl');
  return undefined;
}

async function refusedNotice(message: string, button: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, button);
  if (choice === button) await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.baseUrl');
}
