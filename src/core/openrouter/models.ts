// OpenRouter's model list (`GET /models`): parsed into what the picker shows, sorted with Gemini
// Flash first, cached for a day in the extension's global state, and, when OpenRouter cannot be
// reached, the last list is used however old. Pure apart from the fetch it is given: no `vscode`.
import { FlashlightError } from './errors';
import { mapStatus } from './errorMapping';

export interface ModelInfo {
  id: string;
  name: string;
  contextLength?: number;
  /** USD per token, as OpenRouter prices them; negative means "varies" (routers such as openrouter/auto). */
  promptPrice?: number;
  completionPrice?: number;
  takesImages: boolean;
  created?: number;
  /** `supported_parameters` (`reasoning`, `tools`, …); undefined when the entry had none (or a list cached before it was kept). */
  supportedParameters?: string[];
  /** `expiration_date` (`YYYY-MM-DD`): the day OpenRouter withdraws the model (core/models/retirement.ts). */
  expirationDate?: string;
  /** `alias_target.slug`: for a `~` alias, the concrete model it routes to today (OpenRouter's Model.alias_target). */
  aliasTarget?: string;
}

/** Reads `{ data: [...] }`, keeping every entry with an id and skipping malformed ones instead of failing. */
export function parseModelList(json: unknown): ModelInfo[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new FlashlightError('badResponse', 'OpenRouter’s model list did not have the expected shape (no “data” array).');
  const models: ModelInfo[] = [];
  const seen = new Set<string>();
  for (const entry of data) {
    if (!entry || typeof entry !== 'object') continue;
    const raw = entry as Record<string, unknown>;
    const id = typeof raw.id === 'string' ? raw.id.trim() : '';
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const pricing = (raw.pricing ?? {}) as Record<string, unknown>;
    const architecture = (raw.architecture ?? {}) as { input_modalities?: unknown; modality?: unknown };
    const inputs = Array.isArray(architecture.input_modalities) ? architecture.input_modalities : [];
    const modality = typeof architecture.modality === 'string' ? architecture.modality : '';
    models.push({
      id,
      name: typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : id,
      contextLength: positiveNumber(raw.context_length),
      promptPrice: price(pricing.prompt),
      completionPrice: price(pricing.completion),
      takesImages: inputs.includes('image') || /(^|\+)image(\+|-|$)/.test(modality.split('->')[0] ?? ''),
      created: positiveNumber(raw.created),
      supportedParameters: Array.isArray(raw.supported_parameters)
        ? raw.supported_parameters.filter((name): name is string => typeof name === 'string')
        : undefined,
      ...(readExpirationDate(raw.expiration_date) ? { expirationDate: readExpirationDate(raw.expiration_date) } : {}),
      ...(readAliasTarget(raw.alias_target) ? { aliasTarget: readAliasTarget(raw.alias_target) } : {}),
    });
  }
  return models;
}

/** A plain `YYYY-MM-DD` (a timestamp cut to its date) that is a real day, or undefined. */
export function readExpirationDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(value.trim())?.[1];
  return date && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

/** `alias_target: {name, slug}`: the slug when it is a model id (vendor/model), else undefined (a hostile or broken list shows nothing). */
export function readAliasTarget(value: unknown): string | undefined {
  const slug = (value as { slug?: unknown } | null | undefined)?.slug;
  if (typeof slug !== 'string') return undefined;
  const id = slug.trim();
  return id.length <= 200 && /^[\w.-]+\/[\w.:@+-]+$/.test(id) ? id : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

function price(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function isGeminiFlash(id: string): boolean {
  return /^~?google\/gemini-[^/]*flash/i.test(id);
}

/**
 * Gemini Flash first: OpenRouter's always-newest alias, then the newest models, paid before
 * `:free` variants of the same age; then every other model by name.
 */
export function sortModels(models: ModelInfo[]): ModelInfo[] {
  const flash = models.filter((model) => isGeminiFlash(model.id));
  const rest = models.filter((model) => !isGeminiFlash(model.id));
  flash.sort((a, b) => rank(a) - rank(b) || (b.created ?? 0) - (a.created ?? 0) || a.id.localeCompare(b.id));
  rest.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  return [...flash, ...rest];
}

function rank(model: ModelInfo): number {
  if (model.id.startsWith('~')) return 0;
  return model.id.endsWith(':free') ? 2 : 1;
}

export function isFree(model: ModelInfo): boolean {
  return model.promptPrice === 0 && model.completionPrice === 0;
}

/** "$0.30" per million tokens; "free"; "varies" for routers. */
export function pricePerMillion(perToken: number | undefined): string {
  if (perToken === undefined) return '?';
  if (perToken < 0) return 'varies';
  if (perToken === 0) return 'free';
  const perMillion = perToken * 1_000_000;
  return `$${perMillion >= 100 ? perMillion.toFixed(0) : perMillion >= 0.1 ? perMillion.toFixed(2) : perMillion.toPrecision(2)}`;
}

/** "1.05M", "200K", "131K": the context window in decimal units, as OpenRouter's own pages show it. */
export function contextLabel(tokens: number | undefined): string | undefined {
  if (!tokens) return undefined;
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  return `${Math.round(tokens / 1000)}K`;
}

/** The picker's line under a model: context, price in and out per million tokens, images. */
export function describeModel(model: ModelInfo): string {
  const parts: string[] = [];
  const context = contextLabel(model.contextLength);
  if (context) parts.push(`${context} context`);
  if (isFree(model)) parts.push('free');
  else parts.push(`${pricePerMillion(model.promptPrice)} in · ${pricePerMillion(model.completionPrice)} out per 1M tokens`);
  parts.push(model.takesImages ? 'reads images' : 'text only');
  return parts.join(' · ');
}

/** Where the list is kept between sessions: VS Code's Memento (`context.globalState`) fits. */
export interface ListStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

interface CachedList {
  baseUrl: string;
  fetchedAt: number;
  models: ModelInfo[];
}

export interface ModelList {
  models: ModelInfo[];
  fetchedAt?: number;
  /** `network`: just fetched; `cache`: fresh enough; `offline`: OpenRouter failed, this is the last list; `none`: nothing at all. */
  source: 'network' | 'cache' | 'offline' | 'none';
  error?: FlashlightError;
}

const storeKey = 'flashlight.modelList';
export const modelListMaxAgeMs = 24 * 60 * 60 * 1000;
/** Least time between two background refreshes started by requests (findNow). */
const backgroundRetryMs = 60_000;

export interface ModelCatalogOptions {
  store: ListStore;
  fetch: typeof fetch;
  baseUrl(): string;
  now?(): number;
  timeoutMs?: number;
}

export class ModelCatalog {
  private loading: Promise<ModelList> | undefined;
  private lastBackgroundAt: number | undefined;
  private lastBackgroundBaseUrl: string | undefined;
  private readonly listeners = new Set<(list: ModelList) => void>();

  constructor(private readonly options: ModelCatalogOptions) {}

  /** The cached list for the current base URL, whatever its age, without any request. */
  cached(): CachedList | undefined {
    const cached = this.options.store.get<CachedList>(storeKey);
    return cached && cached.baseUrl === this.options.baseUrl() && Array.isArray(cached.models) ? cached : undefined;
  }

  find(id: string): ModelInfo | undefined {
    return this.cached()?.models.find((model) => model.id === id);
  }

  /**
   * What the cached list says of a model, at once, for a request about to go out: never waits for
   * OpenRouter. When the list is missing, older than a day, or from before supported_parameters
   * was kept, a refresh starts in the background (at most one a minute, so an offline machine is
   * not asked on every request) and the next request sees its result.
   */
  findNow(id: string): ModelInfo | undefined {
    const cached = this.cached();
    const now = this.options.now?.() ?? Date.now();
    const stale = !cached || now - cached.fetchedAt >= modelListMaxAgeMs || now < cached.fetchedAt || cached.models.every((m) => !m.supportedParameters);
    // The once-a-minute bound is per base URL: a list for another one (the user moved baseUrl) is fetched at once.
    const baseUrl = this.options.baseUrl();
    const triedLately =
      this.lastBackgroundAt !== undefined &&
      this.lastBackgroundBaseUrl === baseUrl &&
      now - this.lastBackgroundAt < backgroundRetryMs &&
      now >= this.lastBackgroundAt;
    if (stale && !this.loading && !triedLately) {
      this.lastBackgroundAt = now;
      this.lastBackgroundBaseUrl = baseUrl;
      void this.load({ refresh: true });
    }
    return cached?.models.find((model) => model.id === id);
  }

  onDidChange(listener: (list: ModelList) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The list: from the cache while it is less than a day old (unless `refresh`), else from OpenRouter. */
  load(options: { refresh?: boolean } = {}): Promise<ModelList> {
    const now = this.options.now?.() ?? Date.now();
    const cached = this.cached();
    if (!options.refresh && cached && now - cached.fetchedAt < modelListMaxAgeMs && now >= cached.fetchedAt) {
      return Promise.resolve({ models: cached.models, fetchedAt: cached.fetchedAt, source: 'cache' });
    }
    this.loading ??= this.fetchList(cached).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async fetchList(cached: CachedList | undefined): Promise<ModelList> {
    const baseUrl = this.options.baseUrl();
    try {
      const models = sortModels(await this.request(baseUrl));
      const fetchedAt = this.options.now?.() ?? Date.now();
      await this.options.store.update(storeKey, { baseUrl, fetchedAt, models } satisfies CachedList);
      const list: ModelList = { models, fetchedAt, source: 'network' };
      for (const listener of this.listeners) listener(list);
      return list;
    } catch (thrown) {
      const error =
        thrown instanceof FlashlightError ? thrown : new FlashlightError('network', `Could not load OpenRouter’s model list (${(thrown as Error).message}).`);
      if (cached) return { models: cached.models, fetchedAt: cached.fetchedAt, source: 'offline', error };
      return { models: [], source: 'none', error };
    }
  }

  private async request(baseUrl: string): Promise<ModelInfo[]> {
    // The model list needs no key, so none is sent.
    const response = await this.options.fetch(`${baseUrl}/models`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (!response.ok) throw mapStatus(response.status, undefined, response.headers);
      throw new FlashlightError(
        'badResponse',
        `OpenRouter’s model list was not JSON (status ${response.status}, ${response.headers.get('content-type') ?? 'no content type'}).`,
      );
    }
    if (!response.ok) throw mapStatus(response.status, (json as { error?: { message?: string } }).error, response.headers);
    return parseModelList(json);
  }
}
