// When a model retires: OpenRouter's `/models` gives an `expiration_date` for a model that is
// being withdrawn (Gemini 2.0 Flash in 2026, 2.5 Flash on 1 December 2026). Pure: what the
// picker says of it, and whether it retires soon or has retired, counted in whole UTC days.
import type { ModelInfo } from '../openrouter/models';
import { FlashlightError } from '../openrouter/errors';

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

/**
 * A request's failure when its model has retired: OpenRouter answers a withdrawn model with 404
 * "No endpoints found for <model>." (or a "no such model" 400/404), which alone reads like a typo.
 * With the list's expiration_date past, the error says the model retired, when, and what to switch
 * to (the view offers the switch). Any other failure, or a model not known to have retired: undefined.
 */
export function retiredModelFailure(
  failure: FlashlightError,
  modelId: string,
  model: Pick<ModelInfo, 'expirationDate'> | undefined,
  now: number,
): FlashlightError | undefined {
  const unrouted =
    failure.kind === 'modelNotFound' || (failure.details.status === 404 && /no endpoints? found for\b/i.test(failure.details.providerMessage ?? ''));
  if (!unrouted || failure.kind === 'privacyUnavailable') return undefined;
  const retirement = retirementOf(model, now);
  if (retirement?.state !== 'retired') return undefined;
  return new FlashlightError(
    'modelRetired',
    `${modelId} was retired on ${retirement.date}. Switch to ${latestFlash}, which always routes to the newest Gemini Flash, or choose another model.`,
    failure.details,
  );
}
