// Maps what the `openai` SDK and the network throw to a FlashlightError a person can act on.
import { openaiSdk } from './openaiSdk';
import { FlashlightError, plainServerText, serverSaid } from './errors';

interface OpenRouterErrorBody {
  code?: number | string;
  message?: string;
  metadata?: { reasons?: string[]; raw?: unknown; provider_name?: string; retry_after_seconds?: unknown; headers?: Record<string, unknown> };
}

export function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

/** Without a Retry-After header: a provider's `retry_after_seconds`, or OpenRouter's own X-RateLimit-Reset (epoch ms). */
function waitFromMetadata(metadata: OpenRouterErrorBody['metadata']): number | undefined {
  const seconds = Number(metadata?.retry_after_seconds);
  if (metadata?.retry_after_seconds !== undefined && metadata.retry_after_seconds !== null && Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const reset = Number(metadata?.headers?.['X-RateLimit-Reset'] ?? metadata?.headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil((reset - Date.now()) / 1000)) : undefined;
}

export function mapStatus(status: number, body: OpenRouterErrorBody | undefined, headers?: Headers): FlashlightError {
  // The server's words, quoted, cut and attributed: a hostile host must not write Flashlight's message.
  const said = serverSaid(body?.message);
  const details = { status, providerMessage: body?.message };
  switch (status) {
    case 401:
      return new FlashlightError('badKey', `The key is wrong, disabled or revoked. Set a valid OpenRouter key.${said}`, details);
    case 402:
      return new FlashlightError(
        'noCredits',
        `Your OpenRouter account has too few credits for this request. Add credits, or choose a free model.${said}`,
        details,
      );
    case 403: {
      const reasons =
        Array.isArray(body?.metadata?.reasons) && body.metadata.reasons.length ? ` Reasons given: “${plainServerText(body.metadata.reasons.join(', '))}”.` : '';
      return new FlashlightError('moderation', `The provider's moderation flagged the input.${reasons}${said}`, details);
    }
    case 404:
      if (isDataPolicyRefusal(body?.message)) return privacyUnavailable(details, said);
      return new FlashlightError('modelNotFound', `OpenRouter has no such model. Check “flashlight.model”.${said}`, details);
    case 408:
      return new FlashlightError('timeout', `OpenRouter timed out waiting for the model. Try again.${said}`, details);
    case 429: {
      const wait = retryAfterSeconds(headers) ?? waitFromMetadata(body?.metadata);
      const when = wait !== undefined ? `Try again in ${wait} s.` : 'Wait a moment and try again.';
      return new FlashlightError(
        'rateLimited',
        `Too many requests for this key or model. ${when} Free models allow about 20 requests a minute; a paid model or credits lift the limit.${said}`,
        { ...details, retryAfterSeconds: wait },
      );
    }
    case 502:
    case 503:
    case 504:
      if (isDataPolicyRefusal(body?.message)) return privacyUnavailable(details, said);
      return new FlashlightError(
        'providerDown',
        `The model is down or no provider can serve it right now (${status}). Try again, or choose another model.${said}`,
        details,
      );
    default:
      if (status === 400 && /model/i.test(body?.message ?? '') && /(not a valid|not found|no such|invalid)/i.test(body?.message ?? '')) {
        return new FlashlightError('modelNotFound', `OpenRouter does not know this model. Check “flashlight.model”.${said}`, details);
      }
      if (status >= 400 && status < 500) return new FlashlightError('badRequest', `The request was rejected (${status}).${said}`, details);
      return new FlashlightError('providerDown', `OpenRouter answered with an error (${status}).${said}`, details);
  }
}

/**
 * OpenRouter's routing refusal when no endpoint meets the request's data policy (`provider.zdr`,
 * `provider.data_collection`, or the account's privacy settings): 404 "No endpoints found matching
 * your data policy" (newer: "No endpoints available matching your guardrail restrictions and data
 * policy"), or the same words naming zero data retention.
 */
export function isDataPolicyRefusal(message: unknown): boolean {
  return (
    typeof message === 'string' && /no endpoints? (found|available)/i.test(message) && /(data policy|data retention|\bzdr\b|data collection)/i.test(message)
  );
}

function privacyUnavailable(details: { status: number; providerMessage?: string }, said: string): FlashlightError {
  return new FlashlightError(
    'privacyUnavailable',
    `No provider of this model meets your privacy setting (“flashlight.privacy”, or your OpenRouter account's privacy settings). Relax it for this request, or choose another model.${said}`,
    details,
  );
}

/** An error chunk after the stream began (HTTP status already 200). */
export function mapMidStream(body: OpenRouterErrorBody | undefined): FlashlightError {
  const status = typeof body?.code === 'number' ? body.code : Number(body?.code);
  const base = Number.isFinite(status) && status >= 400 ? mapStatus(status, body) : undefined;
  return new FlashlightError(
    'midStream',
    `The provider stopped with an error in the middle of the answer.${serverSaid(body?.message) || ' It gave no reason.'} What arrived so far is kept.${base ? ` (${base.kind})` : ''}`,
    { status: Number.isFinite(status) ? status : undefined, providerMessage: body?.message },
  );
}

export function mapThrown(error: unknown): FlashlightError {
  const ours = findFlashlightError(error);
  if (ours) return ours;
  const { APIConnectionTimeoutError, APIConnectionError, APIError } = openaiSdk();
  if (error instanceof APIConnectionTimeoutError) {
    return new FlashlightError('timeout', 'No response from OpenRouter in time. Check your connection and try again.');
  }
  if (error instanceof APIConnectionError) {
    const cause = describeCause((error as { cause?: unknown }).cause);
    return new FlashlightError('network', `Cannot connect to OpenRouter${cause ? ` (${cause})` : ''}. Check your network, proxy and “flashlight.baseUrl”.`);
  }
  if (error instanceof APIError) {
    if (error.status === undefined) return mapMidStream(error.error as OpenRouterErrorBody);
    const body = (error.error ?? undefined) as OpenRouterErrorBody | undefined;
    return mapStatus(Number(error.status), body, error.headers as Headers | undefined);
  }
  if (error instanceof SyntaxError) {
    return new FlashlightError('badResponse', 'The server sent a chunk that is not valid JSON. What arrived so far is kept.');
  }
  const cause = describeCause(error);
  return new FlashlightError('network', `The connection failed${cause ? ` (${cause})` : ''}. What arrived so far is kept.`);
}

function describeCause(cause: unknown): string | undefined {
  let current = cause as { code?: string; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return (cause as { message?: string } | undefined)?.message;
}

/** The SDK wraps what our fetch throws in its own connection error; find ours inside. */
function findFlashlightError(error: unknown): FlashlightError | undefined {
  let current = error as { cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof FlashlightError) return current;
    current = current.cause as typeof current;
  }
  return undefined;
}
