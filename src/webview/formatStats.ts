// The quiet line under a finished answer.
import { redactionPlace, type AnswerStats, type RedactionNote } from '../protocol';

/** The header's line about secrets kept back: "2 secrets redacted: jwt (src/a.ts line 4), …". Kinds and places only. */
export function formatRedactions(notes: readonly RedactionNote[]): string {
  const count = notes.length === 1 ? '1 secret redacted' : `${notes.length} secrets redacted`;
  return `${count}: ${notes.map((note) => `${note.kind} (${redactionPlace(note)})`).join(', ')}`;
}

export function formatStats(stats: AnswerStats): string {
  const parts: string[] = [];
  if (stats.model) parts.push(stats.fallbackFrom ? `answered by ${stats.model} (fallback from ${stats.fallbackFrom})` : stats.model);
  if (stats.provider) parts.push(`via ${stats.provider}`);
  if (stats.timeToFirstTokenMs !== undefined) parts.push(`${(stats.timeToFirstTokenMs / 1000).toFixed(2)} s to first token`);
  if (stats.tokensPerSecond !== undefined && Number.isFinite(stats.tokensPerSecond)) parts.push(`${Math.round(stats.tokensPerSecond)} tokens/s`);
  if (stats.promptTokens !== undefined && stats.completionTokens !== undefined) {
    const cached = stats.cachedTokens ? ` (${stats.cachedTokens} cached)` : '';
    const reasoning = stats.reasoningTokens ? ` (${stats.reasoningTokens} thinking)` : '';
    parts.push(`${stats.promptTokens} in${cached} · ${stats.completionTokens} out${reasoning}`);
  }
  if (stats.cost !== undefined) parts.push(stats.cost === 0 ? 'free' : `$${stats.cost < 0.01 ? stats.cost.toFixed(5) : stats.cost.toFixed(3)}`);
  return parts.join(' · ');
}
