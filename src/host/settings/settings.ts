// Settings, read fresh on each use so a change applies to the next request without a reload.
// A workspace's settings never decide where the key goes or what is logged (`baseUrl`,
// `debugLogging`: the user's own values only), and decide what a request costs (`model`,
// `fallbackModels`, `maxTokens`) only once the user accepted them (settings/workspaceOverrides.ts).
import * as vscode from 'vscode';
import { userValue, workspaceValue } from '../../core/settings/workspaceOverrides';
import { effectivePrivacy } from '../../core/privacy/providerPolicy';
import { defaultConfirmAboveTokens } from '../../core/privacy/largeRequest';
import type { PrivacyLevel } from '../../core/openrouter/privacy';
import { parseReasoningEffort, type ReasoningEffort } from '../../core/openrouter/reasoning';

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
  reasoningEffort: ReasoningEffort;
  /** Secrets replaced by placeholders before a request leaves. The user's own value only: a cloned repository cannot switch it off. */
  redactSecrets: boolean;
  /** `flashlight.privacy`: the user's level, made stricter (never laxer) by a workspace's (core/privacy/providerPolicy.ts). */
  privacy: PrivacyLevel;
  /** `flashlight.budget.dailyUsd`, the user's own value (a workspace cannot lift it); 0 is none. */
  budgetDailyUsd: number;
  /** `flashlight.confirmAboveTokens`, the user's own value (a workspace cannot silence the question); 0 never asks. */
  confirmAboveTokens: number;
  /** `flashlight.tools.*`: the user's own values only (a cloned repository cannot turn tools on or add rounds). */
  toolsEnabled: boolean;
  toolsMaxRounds: unknown;
}

/** The user's own value (user or machine settings, else the default): a workspace's is never read. */
function userSetting<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  return userValue(config.inspect<T>(key)) ?? fallback;
}

/**
 * `workspaceChoiceAccepted`: whether the user said yes to this workspace's cost settings (model,
 * fallbacks, max tokens) as they are now (features/settings/workspaceSettingsGuard.ts); until
 * then a workspace's values for those are not read.
 */
export function readSettings(workspaceChoiceAccepted = false): FlashlightSettings {
  const config = vscode.workspace.getConfiguration('flashlight');
  // A workspace's model, fallbacks and max tokens count only once the user accepted them.
  const costly = workspaceChoiceAccepted
    ? <T>(key: string, fallback: T) => config.get<T>(key, fallback)
    : <T>(key: string, fallback: T) => userSetting(config, key, fallback);
  const temperature = config.get<number | null>('temperature', null);
  const maxTokens = costly<number>('maxTokens', 0);
  const contextLength = config.get<number>('contextLength', 0);
  const model = costly<string>('model', defaultModel);
  const fallbackModels = costly<string[]>('fallbackModels', []);
  const baseUrl = userSetting<string>(config, 'baseUrl', defaultBaseUrl);
  return {
    model: (typeof model === 'string' && model.trim()) || defaultModel,
    fallbackModels: Array.isArray(fallbackModels)
      ? fallbackModels
          .filter((id) => typeof id === 'string')
          .map((id) => id.trim())
          .filter(Boolean)
      : [],
    baseUrl: ((typeof baseUrl === 'string' && baseUrl.trim()) || defaultBaseUrl).replace(/\/+$/, ''),
    temperature: temperature ?? undefined,
    maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined,
    stallTimeoutMs: Math.max(1, config.get<number>('stallTimeoutSeconds', 30)) * 1000,
    contextLength: contextLength > 0 ? contextLength : undefined,
    answerDestination: config.get<string>('answerDestination', 'panel') === 'chat' ? 'chat' : 'panel',
    // More thinking costs more: like the model, a workspace's value counts only once accepted.
    reasoningEffort: parseReasoningEffort(costly<string>('reasoningEffort', 'auto')),
    redactSecrets: userSetting<boolean>(config, 'redactSecrets', true) !== false,
    privacy: readPrivacy(config),
    budgetDailyUsd: readBudget(config),
    confirmAboveTokens: readConfirmAbove(config),
    toolsEnabled: userSetting<boolean>(config, 'tools.enabled', true) !== false,
    toolsMaxRounds: userSetting<unknown>(config, 'tools.maxRounds', 8),
  };
}

function readBudget(config: vscode.WorkspaceConfiguration): number {
  const value = userSetting<number>(config, 'budget.dailyUsd', 0);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function readConfirmAbove(config: vscode.WorkspaceConfiguration): number {
  const value = userSetting<number>(config, 'confirmAboveTokens', defaultConfirmAboveTokens);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : defaultConfirmAboveTokens;
}

/** A workspace may ask for more privacy than the user (a repository of sensitive code), never for less. */
function readPrivacy(config: vscode.WorkspaceConfiguration): PrivacyLevel {
  const inspected = config.inspect<string>('privacy');
  return effectivePrivacy(userValue(inspected), workspaceValue(inspected));
}

/** `flashlight.debugLogging` from the user's settings (never a workspace's): only then may request bodies (the user's code) reach the output channel. */
export function readDebugLogging(): boolean {
  return userSetting<boolean>(vscode.workspace.getConfiguration('flashlight'), 'debugLogging', false) === true;
}

/** `flashlight.context.*`: what the editor gathers and sends with a question (host/grounding). */
export interface ContextSettings {
  enabled: boolean;
  maxTokens: number;
  timeoutMs: number;
}

/**
 * The user's own values, like `redactSecrets`: a workspace's could only add its own code to a
 * request or turn the context off, but what leaves the machine stays the user's decision.
 */
export function readContextSettings(): ContextSettings {
  const config = vscode.workspace.getConfiguration('flashlight');
  const maxTokens = userSetting<number>(config, 'context.maxTokens', 16_000);
  const timeoutMs = userSetting<number>(config, 'context.timeoutMs', 300);
  return {
    enabled: userSetting<boolean>(config, 'context.enabled', true) !== false,
    maxTokens: typeof maxTokens === 'number' && Number.isFinite(maxTokens) && maxTokens > 0 ? Math.floor(maxTokens) : 16_000,
    timeoutMs: typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0 ? Math.min(Math.floor(timeoutMs), 10_000) : 300,
  };
}
