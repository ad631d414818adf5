// What a `~` alias points to today (issue 19 item 2): OpenRouter's /models gives an alias its
// `alias_target` ({name, slug}, the Model type of OpenRouter's own SDK); the picker says
// "~google/gemini-flash-latest → google/gemini-3-flash-preview". From the fake's real-shaped list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPickRows } from '../../src/core/models/modelPickItems';
import { parseModelList, readAliasTarget, sortModels } from '../../src/core/openrouter/models';
import { modelsResponse } from '../fake-openrouter/models';

const models = sortModels(parseModelList(JSON.parse(JSON.stringify(modelsResponse()))));

test('the alias row of the picker names the concrete model it routes to today; concrete models name none', () => {
  const rows = buildPickRows(models, 'google/gemini-2.5-flash', '');
  const alias = rows.find((row) => row.modelId === '~google/gemini-flash-latest')!;
  assert.equal(alias.description, '~google/gemini-flash-latest → google/gemini-3-flash-preview');
  assert.equal(rows.find((row) => row.modelId === 'google/gemini-2.5-flash')!.description, 'google/gemini-2.5-flash · current');
  const current = buildPickRows(models, '~google/gemini-flash-latest', '').find((row) => row.modelId === '~google/gemini-flash-latest')!;
  assert.equal(current.description, '~google/gemini-flash-latest → google/gemini-3-flash-preview · current');
  assert.ok(
    rows.filter((row) => row.modelId && !row.modelId.startsWith('~')).every((row) => !row.description?.includes('→')),
    'no arrow on a concrete model',
  );
});

test('alias_target is read only when its slug is a model id: a hostile or broken one shows nothing', () => {
  assert.equal(readAliasTarget({ name: 'Google: Gemini 3 Flash Preview', slug: 'google/gemini-3-flash-preview' }), 'google/gemini-3-flash-preview');
  for (const hostile of [
    undefined,
    null,
    'google/x',
    {},
    { slug: 3 },
    { slug: '' },
    { slug: 'not an id' },
    { slug: '[click](https://evil.test)' },
    { slug: `a/${'b'.repeat(300)}` },
  ])
    assert.equal(readAliasTarget(hostile), undefined, JSON.stringify(hostile));
  const [parsed] = parseModelList({ data: [{ id: '~x/latest', alias_target: { slug: '\u202egoogle/evil' } }] });
  assert.equal(parsed.aliasTarget, undefined);
});
