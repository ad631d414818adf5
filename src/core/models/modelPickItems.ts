// The rows of the model picker, as plain data (no `vscode`), so what a user sees is unit-tested:
// Gemini Flash first, then the rest, each with context, price and an image mark; the current model
// marked; and whatever id the user types offered as a row of its own.
import { describeModel, isGeminiFlash, type ModelInfo } from '../openrouter/models';
import { retirementLabel } from './retirement';

export interface PickRow {
  kind: 'separator' | 'model';
  label: string;
  description?: string;
  detail?: string;
  /** The id written to `flashlight.model` when the row is chosen; none on separators and notes. */
  modelId?: string;
  /** Shown whatever the filter says (the typed id row). */
  alwaysShow?: boolean;
  current?: boolean;
}

const imageMark = '$(file-media)';

/** An id as OpenRouter writes them: `vendor/model`, optionally `:variant`, optionally `~` for aliases. */
export function checkModelId(value: string): string | undefined {
  const id = value.trim();
  if (!id) return 'Type a model id';
  if (/\s/.test(id)) return 'Model ids have no spaces';
  if (!/^~?[\w.-]+\/[\w.:@+-]+$/.test(id)) return 'OpenRouter ids look like vendor/model, e.g. google/gemini-2.5-flash';
  return undefined;
}

/** `now`: for the retirement dates ("retires 2026-12-01", "retired …") beside a model that has one. */
export function buildPickRows(models: ModelInfo[], current: string, typed: string, now = Date.now()): PickRow[] {
  const rows: PickRow[] = [];
  if (!models.some((model) => model.id === current)) {
    rows.push({ kind: 'model', label: `$(check) ${current}`, description: 'current · not in OpenRouter’s list', modelId: current, current: true });
  }
  const flash = models.filter((model) => isGeminiFlash(model.id));
  const others = models.filter((model) => !isGeminiFlash(model.id));
  if (flash.length) rows.push({ kind: 'separator', label: 'Gemini Flash' }, ...flash.map((model) => modelRow(model, current, now)));
  if (others.length) rows.push({ kind: 'separator', label: 'Other models' }, ...others.map((model) => modelRow(model, current, now)));
  const typedRow = rowForTyped(typed.trim(), models);
  if (typedRow) rows.push(typedRow);
  return rows;
}

/**
 * What was typed, as a row of its own, last: a listed model that matches stays the focused row,
 * and when nothing in the list matches this is the only row left, so Enter takes it. Its label
 * never contains the typed text, so VS Code's sort-by-label cannot lift it above a real match.
 * Text without a "/" is a search, not an id: no row.
 */
function rowForTyped(value: string, models: ModelInfo[]): PickRow | undefined {
  if (!value.includes('/') || models.some((model) => model.id === value)) return undefined;
  const problem = checkModelId(value);
  if (problem) return { kind: 'model', label: `$(warning) ${problem}`, description: value, alwaysShow: true };
  return {
    kind: 'model',
    label: '$(edit) Use this model id',
    description: value,
    detail: 'Not in OpenRouter’s list: sent as typed',
    modelId: value,
    alwaysShow: true,
  };
}

function modelRow(model: ModelInfo, current: string, now: number): PickRow {
  const isCurrent = model.id === current;
  const retires = retirementLabel(model, now);
  return {
    kind: 'model',
    label: `${isCurrent ? '$(check) ' : ''}${model.name}${model.takesImages ? ` ${imageMark}` : ''}`,
    // An alias names what it routes to today (the list's alias_target): "~google/gemini-flash-latest → google/gemini-3-flash-preview".
    description: `${model.id}${model.aliasTarget ? ` → ${model.aliasTarget}` : ''}${isCurrent ? ' · current' : ''}`,
    detail: retires ? `$(warning) ${retires} · ${describeModel(model)}` : describeModel(model),
    modelId: model.id,
    current: isCurrent,
  };
}

/** The picker's title line: says when the list is old or missing, so a stale list is never a surprise. */
export function pickTitle(source: 'network' | 'cache' | 'offline' | 'none' | 'loading', fetchedAt: number | undefined, now: number): string {
  const base = 'Flashlight: Choose Model';
  if (source === 'loading') return `${base} (loading OpenRouter’s list…)`;
  if (source === 'none') return `${base} (OpenRouter unreachable: type any model id)`;
  if (source === 'offline') return `${base} (offline: list from ${age(fetchedAt, now)})`;
  return base;
}

function age(fetchedAt: number | undefined, now: number): string {
  if (fetchedAt === undefined) return 'earlier';
  const hours = Math.floor((now - fetchedAt) / 3_600_000);
  if (hours < 1) return 'less than an hour ago';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
