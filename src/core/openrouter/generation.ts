// The cost OpenRouter billed for one answer, when its usage chunk carried none: `GET
// /generation?id=…` answers `{data: {total_cost, …}}`, but only once the generation is recorded,
// which takes a moment after the stream ends (404 until then). So it is asked a little later,
// and again a bounded number of times while it is still 404; anything else ends the asking.
import type { ClientConfig } from './types';
import { sleep as defaultSleep, type Sleep } from './retry';

export interface BilledCostPolicy {
  /** The waits before each ask: the first after the answer ended, then before each retry of a 404. */
  delaysMs: readonly number[];
  /** One ask gives up after this. */
  timeoutMs: number;
}

export const defaultBilledCostPolicy: BilledCostPolicy = { delaysMs: [1_500, 2_000, 4_000], timeoutMs: 10_000 };

/** OpenRouter's ids are `gen-<digits>-<alnum>`; anything else (a hostile or broken server) is not asked about. */
export function isGenerationId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}

export function generationUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/generation?id=${encodeURIComponent(id)}`;
}

/** `data.total_cost` of a `/generation` body, when it is a real amount (a finite number, not negative). */
export function readTotalCost(body: unknown): number | undefined {
  const data = (body as { data?: { total_cost?: unknown } } | null | undefined)?.data;
  const cost = data?.total_cost;
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}

export interface BilledCostDeps {
  fetch: typeof fetch;
  policy?: BilledCostPolicy;
  sleep?: Sleep;
  log?(line: string): void;
}

/** The billed cost of generation `id`, or undefined when OpenRouter did not tell it in time. Never throws. */
export async function fetchBilledCost(deps: BilledCostDeps, config: ClientConfig, id: string, signal?: AbortSignal): Promise<number | undefined> {
  if (!isGenerationId(id) || !config.apiKey) return undefined;
  const policy = deps.policy ?? defaultBilledCostPolicy;
  const wait = deps.sleep ?? defaultSleep;
  for (const [attempt, delay] of policy.delaysMs.entries()) {
    if (!(await wait(delay, signal))) return undefined;
    let status: number;
    try {
      const response = await deps.fetch(generationUrl(config.baseUrl, id), {
        headers: { Authorization: `Bearer ${config.apiKey}`, 'HTTP-Referer': config.appUrl, 'X-Title': config.appTitle },
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs),
      });
      status = response.status;
      if (response.ok) {
        const cost = readTotalCost(await response.json().catch(() => undefined));
        deps.log?.(`generation ${id}: ${cost === undefined ? 'no cost in the answer' : `billed $${cost}`}`);
        return cost;
      }
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      deps.log?.(`generation ${id}: not asked further (${error instanceof Error ? error.name : 'error'})`);
      return undefined;
    }
    // Not recorded yet: ask again after the next wait. Any other status will not change.
    if (status !== 404) {
      deps.log?.(`generation ${id}: ${status}, not asked further`);
      return undefined;
    }
    if (attempt === policy.delaysMs.length - 1) deps.log?.(`generation ${id}: still not recorded after ${policy.delaysMs.length} asks`);
  }
  return undefined;
}
