// Settings, read fresh on each use so a change applies to the next request without a reload.
import * as vscode from 'vscode';

export const defaultBaseUrl = 'https://openrouter.ai/api/v1';
export const defaultModel = '~google/gemini-flash-latest';

export interface FlashlightSettings {
  model: string;
  fallbackModels: string[];
  baseUrl: string;
  temperature: number | undefined;
  maxTokens: number | undefined;
  stallTimeoutMs: number;
  contextLength: number | undefined;
  answerDestination: 'panel' | 'chat';
}

export function readSettings(): FlashlightSettings {
  const config = vscode.workspace.getConfiguration('flashlight');
  const temperature = config.get<number | null>('temperature', null);
  const maxTokens = config.get<number>('maxTokens', 0);
  const contextLength = config.get<number>('contextLength', 0);
  return {
    model: config.get<string>('model', defaultModel).trim() || defaultModel,
    fallbackModels: config.get<string[]>('fallbackModels', []).map((id) => id.trim()).filter(Boolean),
    baseUrl: (config.get<string>('baseUrl', defaultBaseUrl).trim() || defaultBaseUrl).replace(/\/+$/, ''),
    temperature: temperature ?? undefined,
    maxTokens: maxTokens > 0 ? maxTokens : undefined,
    stallTimeoutMs: Math.max(1, config.get<number>('stallTimeoutSeconds', 30)) * 1000,
    contextLength: contextLength > 0 ? contextLength : undefined,
    answerDestination: config.get<string>('answerDestination', 'panel') === 'chat' ? 'chat' : 'panel',
  };
}

/** `flashlight.debugLogging`: only then may request bodies (the user's code) reach the output channel. */
export function readDebugLogging(): boolean {
  return vscode.workspace.getConfiguration('flashlight').get<boolean>('debugLogging', false);
}
