// The one way every request path gets the key (Explain, the chat, the code actions, Show Key
// Status): it refuses a base URL the key must not travel to, asks for a key when none is set,
// and asks once before the key goes to an origin it was not checked against (keyOrigins.ts).
import * as vscode from 'vscode';
import { promptForApiKey } from '../commands/apiKeyCommands';
import type { FlashlightSettings } from '../config';
import type { Services } from '../services';
import { checkBaseUrl, originVerdict, withAnswer } from './keyOrigins';
import type { KeySource } from './apiKeyStore';

const missingKeyReason = 'Flashlight needs an OpenRouter API key to answer. Paste it to go on.';

/** One question per origin at a time: requests started together wait for the same answer. */
const pendingQuestions = new Map<string, Promise<boolean>>();

/**
 * The key to send to `settings.baseUrl`, or undefined (the user was told why, or declined).
 * `ifMissing`: `ask` prompts for a key (a request); `tell` says none is set and offers Set API Key.
 */
export async function apiKeyFor(services: Services, settings: FlashlightSettings, { ifMissing = 'ask' }: { ifMissing?: 'ask' | 'tell' } = {}): Promise<string | undefined> {
  const target = checkBaseUrl(settings.baseUrl);
  if (!target.ok) {
    services.log.warn(`key not sent: ${target.message}`);
    void refusedNotice(`Flashlight: ${target.message}`, 'Open Settings');
    return undefined;
  }
  const found = await services.keys.getWithSource();
  if (!found) {
    if (ifMissing === 'ask') return promptForApiKey(services, missingKeyReason);
    const choice = await vscode.window.showWarningMessage('Flashlight: no OpenRouter API key is set.', 'Set API Key');
    return choice === 'Set API Key' ? promptForApiKey(services) : undefined;
  }
  const binding = services.keys.binding(found.source);
  switch (originVerdict(binding, target.origin)) {
    case 'send':
      return found.key;
    case 'adopt':
      await services.keys.setBinding(found.source, withAnswer(binding, target.origin, 'adopt'));
      return found.key;
    case 'refused':
      return offerNewKey(services, `Flashlight: you chose not to send your OpenRouter key to ${target.host}. Set a key for it, or point “flashlight.baseUrl” back.`);
    case 'ask': {
      const allowed = await askOnce(services, found.source, target.origin, target.host);
      if (allowed) return found.key;
      return undefined;
    }
  }
}

function askOnce(services: Services, source: KeySource, origin: string, host: string): Promise<boolean> {
  const key = `${source} ${origin}`;
  let pending = pendingQuestions.get(key);
  if (!pending) {
    pending = ask(services, source, origin, host).finally(() => pendingQuestions.delete(key));
    pendingQuestions.set(key, pending);
  }
  return pending;
}

async function ask(services: Services, source: KeySource, origin: string, host: string): Promise<boolean> {
  const binding = services.keys.binding(source);
  const home = binding?.home ? new URL(binding.home).host : undefined;
  const send = `Send Key to ${host}`;
  const refuse = 'Don’t Send';
  const detail = [
    home ? `Your key was checked with ${home}.` : source === 'environment' ? 'Your key comes from OPENROUTER_API_KEY.' : 'Your key has not been sent anywhere yet.',
    `“flashlight.baseUrl” in your user settings now points at ${host}: whoever runs that server can use your key and spend your credits.`,
    `Your answer is remembered for ${host}.`,
  ].join(' ');
  const choice = await vscode.window.showWarningMessage(`Send your OpenRouter key to ${host}?`, { modal: true, detail }, send, refuse);
  if (choice === send || choice === refuse) {
    await services.keys.setBinding(source, withAnswer(services.keys.binding(source), origin, choice === send ? 'allow' : 'refuse'));
    services.log.info(`key ${choice === send ? 'allowed' : 'refused'} for ${origin}`);
  }
  return choice === send;
}

async function offerNewKey(services: Services, message: string): Promise<string | undefined> {
  const choice = await vscode.window.showWarningMessage(message, 'Set API Key', 'Open Settings');
  if (choice === 'Set API Key') return promptForApiKey(services);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.baseUrl');
  return undefined;
}

async function refusedNotice(message: string, button: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, button);
  if (choice === button) await vscode.commands.executeCommand('workbench.action.openSettings', 'flashlight.baseUrl');
}
