// The picker's data, from the fake's real-shaped `GET /models`: parsed, Gemini Flash first, with
// context, prices and image input right; cached for a day; the last list used when offline.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FlashlightError } from '../../src/core/openrouter/errors';
import {
  ModelCatalog,
  describeModel,
  isFree,
  parseModelList,
  pricePerMillion,
  sortModels,
  type ListStore,
  type ModelInfo,
} from '../../src/core/openrouter/models';
import { OpenRouterNetwork } from '../../src/core/openrouter/network';
import { MODELS } from '../fake-openrouter/models';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let fake: FakeOpenRouter;
let network: OpenRouterNetwork;
before(async () => {
  fake = await startFakeOpenRouter();
  network = new OpenRouterNetwork();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function memoryStore(): ListStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => void values.set(key, value) };
}

const modelRequests = () => fake.requests.filter((recorded) => recorded.path.endsWith('/models'));
const byId = (models: ModelInfo[], id: string) => models.find((model) => model.id === id)!;

describe('the list as the picker shows it', () => {
  test('parsed from a real-shaped /models response, Gemini Flash first', async () => {
    const catalog = new ModelCatalog({ store: memoryStore(), fetch: network.fetch, baseUrl: () => fake.baseUrl });
    const list = await catalog.load();
    assert.equal(list.source, 'network');
    assert.equal(list.models.length, MODELS.length);
    assert.deepEqual(
      list.models.map((model) => model.id),
      [
        '~google/gemini-flash-latest',
        'google/gemini-2.5-flash',
        'google/gemini-2.0-flash-001',
        'google/gemini-2.0-flash-exp:free',
        'anthropic/claude-sonnet-4',
        'deepseek/deepseek-r1:free',
        'meta-llama/llama-3.3-70b-instruct',
        'openai/gpt-4o-mini',
      ],
    );
    assert.equal(modelRequests()[0]?.headers.authorization, undefined, 'the model list is fetched without the key');
  });

  test('context, prices per million tokens, free, and image input', async () => {
    const catalog = new ModelCatalog({ store: memoryStore(), fetch: network.fetch, baseUrl: () => fake.baseUrl });
    const { models } = await catalog.load();
    const flash = byId(models, 'google/gemini-2.5-flash');
    assert.equal(flash.name, 'Google: Gemini 2.5 Flash');
    assert.equal(flash.contextLength, 1_048_576);
    assert.equal(describeModel(flash), '1.05M context · $0.30 in · $2.50 out per 1M tokens · reads images');
    assert.equal(describeModel(byId(models, 'meta-llama/llama-3.3-70b-instruct')), '131K context · $0.13 in · $0.39 out per 1M tokens · text only');
    assert.equal(describeModel(byId(models, 'deepseek/deepseek-r1:free')), '164K context · free · text only');
    assert.equal(isFree(byId(models, 'google/gemini-2.0-flash-exp:free')), true);
    assert.equal(byId(models, 'anthropic/claude-sonnet-4').takesImages, true);
    assert.equal(pricePerMillion(-1), 'varies');
  });

  test('malformed entries are skipped, a list without data is a clear error', () => {
    const models = parseModelList({
      data: [null, { name: 'no id' }, { id: 'a/b', pricing: { prompt: 'x' } }, { id: 'a/b' }, { id: 'c/d', architecture: { modality: 'text+image->text' } }],
    });
    assert.deepEqual(
      models.map((model) => [model.id, model.name, model.promptPrice, model.takesImages]),
      [
        ['a/b', 'a/b', undefined, false],
        ['c/d', 'c/d', undefined, true],
      ],
    );
    assert.throws(
      () => parseModelList({ error: 'nope' }),
      (error: FlashlightError) => error.kind === 'badResponse',
    );
  });

  test('sorting: the alias first, then newest Flash, paid before free; the rest by name', () => {
    const make = (id: string, created: number, name = id): ModelInfo => ({ id, name, created, takesImages: false });
    const sorted = sortModels([
      make('z/other', 9, 'Alpha'),
      make('google/gemini-2.0-flash-exp:free', 5),
      make('google/gemini-3-flash-preview', 8),
      make('~google/gemini-flash-latest', 1),
      make('google/gemini-2.0-flash-001', 5),
      make('google/gemini-2.5-pro', 7, 'Beta'),
    ]);
    assert.deepEqual(
      sorted.map((model) => model.id),
      [
        '~google/gemini-flash-latest',
        'google/gemini-3-flash-preview',
        'google/gemini-2.0-flash-001',
        'google/gemini-2.0-flash-exp:free',
        'z/other',
        'google/gemini-2.5-pro',
      ],
    );
  });
});

describe('cached for a day, the last list when offline', () => {
  test('a second load within a day makes no request; after a day, or on refresh, it fetches again', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    const catalog = new ModelCatalog({ store: memoryStore(), fetch: network.fetch, baseUrl: () => fake.baseUrl, now: () => now });
    assert.equal((await catalog.load()).source, 'network');
    now += 23 * 3600_000;
    assert.equal((await catalog.load()).source, 'cache');
    assert.equal(modelRequests().length, 1);
    now += 2 * 3600_000;
    assert.equal((await catalog.load()).source, 'network');
    assert.equal((await catalog.load({ refresh: true })).source, 'network');
    assert.equal(modelRequests().length, 3);
  });

  test('two loads at once share one request', async () => {
    const catalog = new ModelCatalog({ store: memoryStore(), fetch: network.fetch, baseUrl: () => fake.baseUrl });
    await Promise.all([catalog.load(), catalog.load({ refresh: true })]);
    assert.equal(modelRequests().length, 1);
  });

  test('offline, the last list is used however old, and says so', async () => {
    const store = memoryStore();
    let now = Date.parse('2026-11-20T10:00:00Z');
    await new ModelCatalog({ store, fetch: network.fetch, baseUrl: () => fake.baseUrl, now: () => now }).load();
    now += 5 * 24 * 3600_000;
    const offline = new ModelCatalog({ store, fetch: async () => Promise.reject(new TypeError('fetch failed')), baseUrl: () => fake.baseUrl, now: () => now });
    const list = await offline.load();
    assert.equal(list.source, 'offline');
    assert.equal(list.models.length, MODELS.length);
    assert.equal(list.fetchedAt, Date.parse('2026-11-20T10:00:00Z'));
    assert.equal(list.error?.kind, 'network');
  });

  test('offline with nothing cached: an empty list and the reason, never a throw', async () => {
    const catalog = new ModelCatalog({ store: memoryStore(), fetch: async () => Promise.reject(new TypeError('fetch failed')), baseUrl: () => fake.baseUrl });
    const list = await catalog.load();
    assert.equal(list.source, 'none');
    assert.deepEqual(list.models, []);
    assert.match(list.error!.message, /model list/);
  });

  test('an HTTP error is mapped like any other; another base URL does not reuse this cache', async () => {
    const store = memoryStore();
    await new ModelCatalog({ store, fetch: network.fetch, baseUrl: () => fake.baseUrl }).load();
    const elsewhere = new ModelCatalog({ store, fetch: network.fetch, baseUrl: () => fake.baseUrl.replace('/api/v1', '/nowhere') });
    assert.equal(elsewhere.cached(), undefined);
    const list = await elsewhere.load();
    assert.equal(list.source, 'none');
    assert.equal(list.error?.details.status, 404);
  });
});
