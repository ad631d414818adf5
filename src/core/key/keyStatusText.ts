// What "Show Key Status" says about a key, from `GET /key`'s data. Pure, so it is unit-tested.
// OpenRouter labels keys masked ("sk-or-v1-abc...xyz"); anything that still looks like a whole key
// is redacted all the same.
import { plainServerText, redactSecrets } from '../openrouter/errors';
import type { KeyInfo } from '../openrouter/types';
import { describeFreeModelRequests, freeModelRequests } from './freeModelRequests';

/** `GET /key` sends more than the client's KeyInfo names; these are read when present. */
export interface KeyStatus extends KeyInfo {
  usage_daily?: number;
  usage_weekly?: number;
  usage_monthly?: number;
  limit_reset?: string | null;
  /** The free-model daily quota; read only through freeModelRequests.ts (any shape may come). */
  free_model_daily_requests?: unknown;
}

export function describeKeyStatus(info: KeyStatus, source: 'stored' | 'environment'): { summary: string; detail: string } {
  const label = info.label ? safeLabel(info.label) : 'unnamed key';
  const lines: string[] = [];
  const periods = [
    info.usage_daily !== undefined ? `today ${dollars(info.usage_daily)}` : '',
    info.usage_weekly !== undefined ? `this week ${dollars(info.usage_weekly)}` : '',
    info.usage_monthly !== undefined ? `this month ${dollars(info.usage_monthly)}` : '',
  ].filter(Boolean);
  lines.push(`Usage: ${info.usage !== undefined ? dollars(info.usage) : 'unknown'}${periods.length ? ` (${periods.join(', ')})` : ''}`);
  if (info.limit === null || info.limit === undefined) lines.push('Limit: none on this key');
  else {
    const left = info.limit_remaining ?? info.limit - (info.usage ?? 0);
    lines.push(`Limit: ${dollars(info.limit)}, ${dollars(Math.max(0, left))} left${info.limit_reset ? ` (resets ${info.limit_reset})` : ''}`);
  }
  const freeRequests = freeModelRequests(info);
  if (freeRequests) lines.push(describeFreeModelRequests(freeRequests));
  if (info.is_free_tier === true)
    lines.push('Free tier: yes. Free (:free) models allow about 20 requests a minute and a small daily cap; buying credits raises the cap.');
  else if (info.is_free_tier === false) lines.push('Free tier: no (credits have been bought).');
  else lines.push('Free tier: unknown');
  lines.push(`Key: ${source === 'stored' ? 'kept in VS Code’s secret storage' : 'from the OPENROUTER_API_KEY environment variable'}`);
  return { summary: `OpenRouter key “${label}”`, detail: lines.join('\n') };
}

/** The label is the server's text: one plain line, cut short, never a whole key. */
function safeLabel(label: string): string {
  const plain = plainServerText(label);
  return /sk-or-[A-Za-z0-9_-]{16,}/.test(plain) ? redactSecrets(plain) : plain;
}

function dollars(amount: number): string {
  return `$${amount.toFixed(amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2)}`;
}
