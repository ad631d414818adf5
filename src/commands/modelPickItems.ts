// The rows of the model picker, as plain data (no `vscode`), so what a user sees is unit-tested:
// Gemini Flash first, then the rest, each with context, price and an image mark; the current model
// marked; and whatever id the user types offered as a row of its own.
import { describeModel, isGeminiFlash, type ModelInfo } from '../openrouter/models';

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

export function buildPickRows(models: ModelInfo[], current: string, typed: string): PickRow[] {
  const rows: PickRow[] = [];
  const value = typed.trim();
  if (value && !models.some((model) => model.id === value)) {
    const problem = checkModelId(value);
    rows.push(
      problem
        ? { kind: 'model', label: `$(warning) ${problem}`, description: value, alwaysShow: true }
        : { kind: 'model', label: `$(edit) Use “${value}”`, description: 'any OpenRouter model id, as typed', modelId: value, alwaysShow: true },
    );
  }
  if (!models.some((model) => model.id === current)) {
    rows.push({ kind: 'model', label: `$(check) ${current}`, description: 'current · not in OpenRouter’s list', modelId: current, current: true });
  }
  const flash = models.filter((model) => isGeminiFlash(model.id));
  const others = models.filter((model) => !isGeminiFlash(model.id));
  if (flash.length) rows.push({ kind: 'separator', label: 'Gemini Flash' }, ...flash.map((model) => modelRow(model, current)));
  if (others.length) rows.push({ kind: 'separator', label: 'Other models' }, ...others.map((model) => modelRow(model, current)));
  return rows;
}

function modelRow(model: ModelInfo, current: string): PickRow {
  const isCurrent = model.id === current;
  return {
    kind: 'model',
    label: `${isCurrent ? '$(check) ' : ''}${model.name}${model.takesImages ? ` ${imageMark}` : ''}`,
    description: isCurrent ? `${model.id} · current` : model.id,
    detail: describeModel(model),
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
