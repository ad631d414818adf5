// The client's vocabulary, free of `vscode` so it is tested in plain Node.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { PrivacyLevel } from './privacy';

export type ChatMessage = ChatCompletionMessageParam;

export interface ClientConfig {
  baseUrl: string;
  apiKey: string;
  /** No byte for this long (headers, data or OpenRouter's keep-alive comments) ends the request. */
  stallTimeoutMs: number;
  /** Attribution headers OpenRouter shows on its app rankings. */
  appUrl: string;
  appTitle: string;
  /** `flashlight.redactSecrets`: only an explicit false sends secrets as they are (core/privacy). */
  redactSecrets?: boolean;
  /** `flashlight.privacy`, sent as OpenRouter's provider preferences (core/privacy/providerPolicy.ts); undefined is `default`. */
  privacy?: PrivacyLevel;
}

export interface ChatRequest {
  model: string;
  fallbackModels?: string[];
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** OpenRouter's `reasoning` parameter, set only for a model known to take it (reasoning.ts). */
  reasoning?: { effort: 'minimal' | 'low' | 'medium' | 'high' };
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens?: number;
  cachedTokens?: number;
  cost?: number;
}

export interface StreamStats {
  model?: string;
  provider?: string;
  generationId?: string;
  finishReason?: string;
  usage?: Usage;
  /** From the call to the first content or reasoning token. */
  timeToFirstTokenMs?: number;
  /** Completion tokens over the time from the first token to the end. */
  tokensPerSecond?: number;
  totalMs: number;
  /** Set when OpenRouter's `models` fallback answered: the model that was asked for. */
  fallbackFrom?: string;
  /** The secrets taken out of the request before it was sent: kind and where, never the value. */
  redactions?: Redaction[];
  /** The body exactly as it was sent (messages after redaction), for "View request". */
  sent?: Record<string, unknown>;
}

/** One secret taken out of a request: its kind, the message (1-based) and the line in it. */
export interface Redaction {
  kind: string;
  message: number;
  line: number;
}

/**
 * The step the client runs over a request's messages just before sending (core/privacy's
 * redactMessages, given by the composition root): the messages to send and what was taken out.
 */
export type RedactStep = (messages: readonly ChatMessage[]) => { messages: readonly ChatMessage[]; redactions: Redaction[] };

export type StreamEvent = { type: 'reasoning'; text: string } | { type: 'content'; text: string } | { type: 'end'; stats: StreamStats };

/** `GET /key`'s `data`: what OpenRouter says about a key (never the key itself). */
export interface KeyInfo {
  label?: string;
  usage?: number;
  limit?: number | null;
  limit_remaining?: number | null;
  is_free_tier?: boolean;
}
