// `flashlight.reasoningEffort` to OpenRouter's `reasoning` parameter. `auto` sends nothing (the
// model thinks as much as it does by default); a level is sent only to a model whose `/models`
// entry lists `reasoning` in `supported_parameters`, since others may reject or misread it.
// Pure: no `vscode`.

export const reasoningEfforts = ['auto', 'minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];
export type ReasoningLevel = Exclude<ReasoningEffort, 'auto'>;

/** Each level's short name, as the quick switch and the status bar show it ("Fast" is minimal). */
export const thinkingLabels: Readonly<Record<ReasoningEffort, string>> = { auto: 'Auto', minimal: 'Fast', low: 'Low', medium: 'Medium', high: 'High' };

/** A setting's raw value as an effort: anything unknown (a typo, a hostile settings.json) is `auto`. */
export function parseReasoningEffort(value: unknown): ReasoningEffort {
  return typeof value === 'string' && (reasoningEfforts as readonly string[]).includes(value) ? (value as ReasoningEffort) : 'auto';
}

/**
 * The request's `reasoning` field, or undefined for none. `supportedParameters` undefined means the
 * model is not known (no model list yet, or the id is missing from it): then nothing is sent,
 * because a parameter the model does not take can fail the request, and auto is the safe default.
 */
export function reasoningParameter(
  effort: ReasoningEffort | undefined,
  supportedParameters: readonly string[] | undefined,
): { effort: ReasoningLevel } | undefined {
  if (!effort || effort === 'auto') return undefined;
  if (!supportedParameters?.includes('reasoning')) return undefined;
  return { effort };
}
