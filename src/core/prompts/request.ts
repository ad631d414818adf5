// The one mapping from the user's settings and a prompt to a request, and the one check that a
// prompt fits the model's window. Every use case (Explain, the chat, code actions, images) builds
// its request here, so a new setting is added once. Pure: no `vscode`.
import type { FlashlightError } from '../openrouter/errors';
import { assertFits, defaultContextLength } from './budget';
import type { ChatMessage, ChatRequest } from '../openrouter/types';
import { reasoningParameter, type ReasoningEffort } from '../openrouter/reasoning';

/** The part of the settings a request is made of. */
export interface RequestSettings {
  model: string;
  fallbackModels: string[];
  temperature?: number;
  maxTokens?: number;
  /** The window used to refuse oversized input; undefined: the model's (Gemini Flash's). */
  contextLength?: number;
  /** `flashlight.reasoningEffort`; undefined is `auto`. */
  reasoningEffort?: ReasoningEffort;
  /** The chosen model's `supported_parameters` from the cached model list; undefined when not known yet. */
  modelParameters?: readonly string[];
}

/** Room kept for the answer when `maxTokens` leaves it to the model. */
export const defaultAnswerReserve = 8_192;

export function requestFrom(settings: RequestSettings, messages: ChatMessage[]): ChatRequest {
  return {
    model: settings.model,
    fallbackModels: settings.fallbackModels,
    messages,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    reasoning: reasoningParameter(settings.reasoningEffort, settings.modelParameters),
  };
}

export function contextWindowOf(settings: RequestSettings): number {
  return settings.contextLength ?? defaultContextLength;
}

export function answerReserveOf(settings: RequestSettings): number {
  return settings.maxTokens ?? defaultAnswerReserve;
}

/** Undefined when the prompt fits; else the error that says how big it is. Nothing is sent. */
export function tooLargeFor(settings: RequestSettings, messages: ChatMessage[]): FlashlightError | undefined {
  try {
    assertFits(messages, contextWindowOf(settings), answerReserveOf(settings));
    return undefined;
  } catch (error) {
    return error as FlashlightError;
  }
}
