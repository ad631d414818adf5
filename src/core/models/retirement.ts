// When a model retires: OpenRouter's `/models` gives an `expiration_date` for a model that is
// being withdrawn (Gemini 2.0 Flash in 2026, 2.5 Flash on 1 December 2026). Pure: what the
// picker says of it, and whether it retires soon or has retired, counted in whole UTC days.
import type { ModelInfo } from '../openrouter/models';

/** The model to switch to: OpenRouter's alias that always routes to the newest Gemini Flash. */
export const latestFlash = '~google/gemini-flash-latest';
/** A retirement this close (or closer) is warned about. */
export const warnWithinDays = 30;

const dayMs = 24 * 60 * 60 * 1000;

export type Retirement = { state: 'retiring'; date: string; daysLeft: number } | { state: 'retired'; date: string };

/** Whether `model` retires within `warnWithinDays` of `now` (or already has); undefined when it does not. */
export function retirementOf(model: Pick<ModelInfo, 'expirationDate'> | undefined, now: number): Retirement | undefined {
  const date = model?.expirationDate;
  if (!date) return undefined;
  const at = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(at)) return undefined;
  const daysLeft = Math.ceil((at - now) / dayMs);
  if (daysLeft <= 0) return { state: 'retired', date };
  return daysLeft <= warnWithinDays ? { state: 'retiring', date, daysLeft } : undefined;
}

/** The picker's words for a model with a retirement date: "retires 2026-12-01" or "retired 2026-03-03". */
export function retirementLabel(model: Pick<ModelInfo, 'expirationDate'>, now: number): string | undefined {
  if (!model.expirationDate) return undefined;
  return retirementOf(model, now)?.state === 'retired' ? `retired ${model.expirationDate}` : `retires ${model.expirationDate}`;
}

/** The quiet warning for a chosen model or fallback that retires soon; the switch is offered beside it. */
export function retirementWarning(modelId: string, retirement: Retirement): string {
  if (retirement.state === 'retired')
    return `Flashlight: ${modelId} was retired on ${retirement.date}. Switch to ${latestFlash}, which always routes to the newest Gemini Flash?`;
  const when = retirement.daysLeft === 1 ? 'tomorrow' : `in ${retirement.daysLeft} days`;
  return `Flashlight: ${modelId} retires ${when} (${retirement.date}). Switch to ${latestFlash}, which always routes to the newest Gemini Flash?`;
}
