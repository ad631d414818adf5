// The key's commands: Set API Key (checked with OpenRouter, bound to the origin it was checked
// against), Clear API Key, Show Key Status.
import * as vscode from 'vscode';
import type { KeyDeps } from './keyDeps';
import { clearApiKey, promptForApiKey } from './apiKeyCommands';
import { showKeyStatus } from './keyStatus';

export function registerKey(deps: KeyDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flashlight.setApiKey', () => promptForApiKey(deps)),
    vscode.commands.registerCommand('flashlight.clearApiKey', () => clearApiKey(deps)),
    vscode.commands.registerCommand('flashlight.showKeyStatus', () => showKeyStatus(deps)),
  ];
}
