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
  /** Functions the model may call (OpenAI-compatible `tools`); sent only to a model that takes them. */
  tools?: ToolDefinition[];
  /** `none` asks for an answer with no further calls (the last round); default `auto`. */
  toolChoice?: 'auto' | 'none';
}

/** One function the model may call: its name, what it does, and its arguments as JSON Schema. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** A call the model asked for, assembled from its streamed pieces; `arguments` is the raw JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
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
  /** Where it was in the workspace, when the prompt named the file the code came from. */
  file?: string;
  fileLine?: number;
}

/**
 * The step the client runs over a request's messages just before sending (core/privacy's
 * redactMessages, given by the composition root): the messages to send and what was taken out.
 */
export type RedactStep = (messages: readonly ChatMessage[]) => { messages: readonly ChatMessage[]; redactions: Redaction[] };

export type StreamEvent =
  | { type: 'reasoning'; text: string }
  | { type: 'content'; text: string }
  /**
   * The turn ended with `finish_reason: "tool_calls"`: the calls, and the assistant's
   * `reasoning_details` to send back unchanged with the results (Gemini 3 rejects a follow-up
   * without them). Comes just before `end`.
   */
  | { type: 'toolCalls'; calls: ToolCall[]; reasoningDetails?: unknown[] }
  | { type: 'end'; stats: StreamStats };

/** `GET /key`'s `data`: what OpenRouter says about a key (never the key itself). */
export interface KeyInfo {
  label?: string;
  usage?: number;
  limit?: number | null;
  limit_remaining?: number | null;
  is_free_tier?: boolean;
}
