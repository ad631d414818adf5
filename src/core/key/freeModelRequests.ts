// The free-model (`:free` variant) daily request quota that `GET /key` reports as
// `free_model_daily_requests: { limit, remaining, used }` (OpenRouter's SDK names it
// FreeModelDailyRequests; the counter resets at UTC midnight). Older responses lack it, and a
// server may send anything: only whole, non-negative, consistent counts are believed, otherwise
// nothing is shown rather than a made-up count.

export interface FreeModelRequests {
  limit: number;
  remaining: number;
  used: number;
}

/** The quota from `GET /key`'s `data`, or undefined when it is absent or does not add up. */
export function freeModelRequests(data: unknown): FreeModelRequests | undefined {
  if (!isRecord(data)) return undefined;
  const quota = data.free_model_daily_requests;
  if (!isRecord(quota)) return undefined;
  const { limit, remaining, used } = quota;
  if (!isCount(limit) || !isCount(remaining) || !isCount(used)) return undefined;
  // `remaining` above the limit is no count a user can act on.
  if (remaining > limit) return undefined;
  return { limit, remaining, used };
}

/** "Free models: 38 of 50 requests left today (resets at midnight UTC)". */
export function describeFreeModelRequests(quota: FreeModelRequests): string {
  const unit = quota.limit === 1 ? 'request' : 'requests';
  return `Free models: ${quota.remaining} of ${quota.limit} ${unit} left today (resets at midnight UTC)`;
}

/** The UTC day a count belongs to: it is void once that day is over. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The status bar tooltip's line: the count as last read (Show Key Status, or the key being saved),
 * with the time it was read, since requests made after it are not counted. A count from an
 * earlier UTC day is void (the quota has reset) and shows nothing.
 */
export function freeModelRequestsSince(quota: FreeModelRequests, readAt: Date, now: Date): string | undefined {
  if (utcDay(readAt) !== utcDay(now)) return undefined;
  const clock = `${String(readAt.getHours()).padStart(2, '0')}:${String(readAt.getMinutes()).padStart(2, '0')}`;
  return `${describeFreeModelRequests(quota)}, as of ${clock}`;
}
