// The model picker's rows and the key status text, as a user reads them, from the fake's
// real-shaped `/models` and `/key` data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPickRows, checkModelId, pickTitle } from '../../src/core/models/modelPickItems';
import { describeKeyStatus } from '../../src/core/key/keyStatusText';
import { parseModelList, sortModels } from '../../src/core/openrouter/models';
import { modelsResponse } from '../fake-openrouter/models';
import { keyInfo } from '../fake-openrouter/wire';

const models = sortModels(parseModelList(JSON.parse(JSON.stringify(modelsResponse()))));

describe('model picker rows', () => {
  test('Gemini Flash first under its own heading, then the rest; context, price and images on each', () => {
    const rows = buildPickRows(models, 'google/gemini-2.5-flash', '');
    const headings = rows.filter((row) => row.kind === 'separator').map((row) => row.label);
    assert.deepEqual(headings, ['Gemini Flash', 'Other models']);
    const ids = rows.filter((row) => row.kind === 'model').map((row) => row.modelId);
    assert.deepEqual(ids.slice(0, 4), [
      '~google/gemini-flash-latest',
      'google/gemini-2.5-flash',
      'google/gemini-2.0-flash-001',
      'google/gemini-2.0-flash-exp:free',
    ]);
    const flash = rows.find((row) => row.modelId === 'google/gemini-2.5-flash')!;
    assert.equal(flash.label, '$(check) Google: Gemini 2.5 Flash $(file-media)');
    assert.equal(flash.description, 'google/gemini-2.5-flash · current');
    assert.equal(flash.detail, '1.05M context · $0.30 in · $2.50 out per 1M tokens · reads images');
    const llama = rows.find((row) => row.modelId === 'meta-llama/llama-3.3-70b-instruct')!;
    assert.equal(llama.label, 'Meta: Llama 3.3 70B Instruct', 'no image mark on a text-only model');
    assert.match(rows.find((row) => row.modelId === 'deepseek/deepseek-r1:free')!.detail!, / free /);
  });

  test('a typed id that is not listed is offered last, as a row of its own shown whatever the filter', () => {
    const rows = buildPickRows(models, 'google/gemini-2.5-flash', 'mistralai/mistral-small-3.2:free');
    assert.deepEqual(rows.at(-1), {
      kind: 'model',
      label: '$(edit) Use this model id',
      description: 'mistralai/mistral-small-3.2:free',
      detail: 'Not in OpenRouter’s list: sent as typed',
      modelId: 'mistralai/mistral-small-3.2:free',
      alwaysShow: true,
    });
    assert.equal(rows.at(-1)!.label.includes('mistral'), false, 'the label never matches the filter, so a listed match sorts above it');
    assert.equal(
      buildPickRows(models, 'google/gemini-2.5-flash', 'google/gemini-2.5-flash').at(-1)?.modelId,
      'openai/gpt-4o-mini',
      'a listed id is not offered twice',
    );
    assert.equal(buildPickRows(models, 'google/gemini-2.5-flash', 'flash 2.0').at(-1)?.modelId, 'openai/gpt-4o-mini', 'a search without "/" adds no row');
  });

  test('a typed value that cannot be an id says why and cannot be chosen', () => {
    const row = buildPickRows(models, 'google/gemini-2.5-flash', 'google/gemini flash').at(-1);
    assert.equal(row?.label, '$(warning) Model ids have no spaces');
    assert.equal(row?.modelId, undefined);
    assert.equal(checkModelId('~google/gemini-flash-latest'), undefined);
    assert.match(checkModelId('gemini')!, /vendor\/model/);
  });

  test('offline with no list: the current model stays choosable and the title says why', () => {
    const rows = buildPickRows([], 'google/gemini-2.5-flash', '');
    assert.deepEqual(
      rows.map((row) => row.modelId),
      ['google/gemini-2.5-flash'],
    );
    assert.equal(pickTitle('none', undefined, 0), 'Flashlight: Choose Model (OpenRouter unreachable: type any model id)');
    assert.equal(pickTitle('offline', 0, 3 * 86_400_000), 'Flashlight: Choose Model (offline: list from 3 days ago)');
  });
});

describe('key status', () => {
  test('label, usage, limit and free tier from GET /key, never the key', () => {
    const key = 'sk-or-v1-0123456789abcdef0123456789abcdef';
    const { summary, detail } = describeKeyStatus((keyInfo(key) as { data: object }).data, 'stored');
    assert.equal(summary, 'OpenRouter key “sk-or-v1-012...def”');
    assert.equal(
      detail,
      [
        'Usage: $0.25 (today $0.05, this week $0.10, this month $0.25)',
        'Limit: none on this key',
        'Free models: 988 of 1000 requests left today (resets at midnight UTC)',
        'Free tier: no (credits have been bought).',
        'Key: kept in VS Code’s secret storage',
      ].join('\n'),
    );
    assert.ok(!`${summary}${detail}`.includes(key));
  });

  test('a limit shows what is left; the free tier says what it means; a whole key as label is redacted', () => {
    const { summary, detail } = describeKeyStatus(
      { label: 'sk-or-v1-0123456789abcdef0123456789', usage: 2.5, limit: 10, limit_remaining: 7.5, is_free_tier: true },
      'environment',
    );
    assert.equal(summary, 'OpenRouter key “sk-or-…”');
    assert.match(detail, /^Limit: \$10\.00, \$7\.50 left$/m);
    assert.match(detail, /^Free tier: yes\. Free \(:free\) models allow about 20 requests a minute/m);
    assert.match(detail, /OPENROUTER_API_KEY/);
  });
});
