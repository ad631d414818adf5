// What one chat completion request should get from the fake OpenRouter, and the defaults that
// fill in whatever a test leaves out. Pure data: no I/O here, so the server and the tests (in
// this process or, through the control endpoints, in another) share one meaning per field.

export type FaultKind =
  | 'refuse' // the socket is destroyed as soon as the request arrives: no status, no headers
  | 'reset-before-headers' // the request is read in full, then the socket is reset (TCP RST)
  | 'html-200' // 200 with an HTML "Bad gateway" page, as a proxy in front of the API would send
  | 'malformed-sse' // a `data: {not json` line amid valid chunks
  | 'invalid-json-chunk' // a real chunk cut off in the middle of its JSON, amid valid chunks
  | 'huge-chunk' // the whole answer in one content delta of hugeChunkBytes characters
  | 'stall-before-headers'; // the request is accepted and never answered

/** What a scripted model's endpoints do with data (providers.ts); both default to true (Gemini via Google and Vertex). */
export interface DataPolicy {
  /** Some endpoint neither trains on nor sells prompts (serves `data_collection: "deny"`). */
  noTraining?: boolean;
  /** Some endpoint keeps nothing (serves `zdr: true`). */
  zeroRetention?: boolean;
}

export interface Scenario {
  status?: number; // non-2xx: respond with that status and {"error":{"code":status,"message","metadata"}}
  errorMessage?: string;
  errorMetadata?: Record<string, unknown>;
  retryAfterSeconds?: number; // with 429 (or 503): a `Retry-After` header, plus OpenRouter's rate-limit metadata
  text?: string; // the answer content
  reasoning?: string; // streamed as delta.reasoning (and reasoning_details) chunks BEFORE any content
  chunkSize?: number; // characters per content delta
  chunkDelayMs?: number; // pause between chunks
  firstTokenDelayMs?: number; // delay before the first data chunk, filled with `: OPENROUTER PROCESSING` comments
  processingComments?: boolean; // send the comment lines at all
  model?: string; // chunk `model` field (default: the request's model, or the first of its `models`)
  provider?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number; cost?: number; reasoning_tokens?: number; cached_tokens?: number };
  finishReason?: string;
  stallAfterChunks?: number; // after N content chunks stop sending but keep the socket open
  dropAfterChunks?: number; // after N content chunks destroy the socket abruptly
  midStreamErrorAfterChunks?: number; // after N content chunks send an error chunk (finish_reason "error"), end without [DONE]
  midStreamError?: { code: number | string; message: string }; // alone (no AfterChunks): sent after all the content
  noDone?: boolean; // end the response without `data: [DONE]`
  usageWithoutCost?: boolean; // the usage chunk has no `cost` (only GET /generation tells it)
  chunksWithoutId?: boolean; // streamed chunks carry no `id`: only the `X-Generation-Id` header names the generation
  generationDelayMs?: number; // GET /generation answers 404 for this long after the generation ended, as OpenRouter does until it is recorded
  endAfterChunks?: number; // after N content chunks end the response cleanly: no finish_reason, no usage, no [DONE] (a truncated stream)
  fault?: FaultKind;
  hugeChunkBytes?: number; // for 'huge-chunk'
  refuseRetired?: boolean; // a request whose every model's expiration_date has passed gets OpenRouter's 404 "No endpoints found for <model>." (retired.ts)
  dataPolicy?: DataPolicy; // what the model's endpoints offer; a request's provider.zdr / data_collection they cannot meet gets a 404 (providers.ts)
  toolCalls?: Array<{ id: string; name: string; arguments: string }>; // a tool turn instead of text (toolScript.ts), finish_reason tool_calls
  expectToolResults?: string[]; // this request must follow up those call ids correctly (toolScript.ts), else 400
}

export const DEFAULT_TEXT = 'Hello from the fake OpenRouter.';
/** Used when the request names no model at all (OpenRouter would use the account's default). */
export const FALLBACK_MODEL = 'google/gemini-2.5-flash';
/** Gemini 2.5 Flash list prices, USD per token: the default cost of a generation. */
export const PROMPT_PRICE = 0.0000003;
export const COMPLETION_PRICE = 0.0000025;
/** How often `: OPENROUTER PROCESSING` is repeated while the first token is awaited. */
export const COMMENT_INTERVAL_MS = 100;

/** A scenario with every default applied; the optional knobs stay optional. */
export type ResolvedScenario = Scenario &
  Required<Pick<Scenario, 'text' | 'chunkSize' | 'chunkDelayMs' | 'firstTokenDelayMs' | 'processingComments' | 'provider' | 'finishReason' | 'hugeChunkBytes'>>;

export function resolveScenario(s: Scenario): ResolvedScenario {
  return {
    ...s,
    text: s.text ?? DEFAULT_TEXT,
    chunkSize: Math.max(1, Math.floor(s.chunkSize ?? 24)),
    chunkDelayMs: Math.max(0, s.chunkDelayMs ?? 0),
    firstTokenDelayMs: Math.max(0, s.firstTokenDelayMs ?? 0),
    processingComments: s.processingComments ?? true,
    provider: s.provider ?? 'Google',
    finishReason: s.finishReason ?? 'stop',
    hugeChunkBytes: Math.max(1, Math.floor(s.hugeChunkBytes ?? 1_000_000)),
  };
}

/** Splits by code points, so a delta never ends in half a surrogate pair (an emoji cut in two). */
export function splitText(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}
