// How the fake honours a request's `reasoning: {effort}`: a model whose /models entry lists
// `reasoning` thinks more at each level up (nothing at `minimal`), and the thought streams as
// reasoning deltas and counts as reasoning tokens in the usage chunk. A model that does not take
// the parameter ignores it, as OpenRouter does unless `provider.require_parameters` is set.
// A scenario's own `reasoning` text always wins: a test that scripts the thought gets it.
import { MODELS } from './models';
import type { ResolvedScenario } from './scenario';

const THOUGHT = 'Weighing what the code does and how to say it plainly. ';
const SENTENCES: Record<string, number> = { minimal: 0, low: 1, medium: 3, high: 8 };

export function takesReasoning(model: string): boolean {
  return MODELS.some((entry) => entry.id === model && entry.supported_parameters.includes('reasoning'));
}

export function reasoningText(s: ResolvedScenario, body: Record<string, unknown>, model: string): string {
  if (s.reasoning !== undefined) return s.reasoning;
  const effort = (body.reasoning as { effort?: unknown } | undefined)?.effort;
  if (typeof effort !== 'string' || !(effort in SENTENCES) || !takesReasoning(model)) return '';
  return THOUGHT.repeat(SENTENCES[effort]);
}
