// Models that retire (issue 19 item 2, the mappings): `/models`' expiration_date read safely, a
// retirement within 30 days or past told apart, the warning's words, and the picker's date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelList, readExpirationDate } from '../../src/core/openrouter/models';
import { latestFlash, retirementLabel, retirementOf, retirementWarning } from '../../src/core/models/retirement';
import { buildPickRows } from '../../src/core/models/modelPickItems';
import { modelsResponse } from '../fake-openrouter/models';

const day = 24 * 60 * 60 * 1000;
const nov1 = Date.parse('2026-11-01T09:00:00Z');

test('expiration_date: a date or a timestamp is kept as its day; anything else is no date', () => {
  assert.equal(readExpirationDate('2026-12-01'), '2026-12-01');
  assert.equal(readExpirationDate('2026-12-01T00:00:00Z'), '2026-12-01');
  for (const hostile of [null, undefined, 1764547200, '', 'soon', '2026-13-01', '2026-02-30', '12/01/2026', '2026-12-01 and more'])
    assert.equal(readExpirationDate(hostile), undefined, String(hostile));
});

test('the fake list, like OpenRouter’s, dates a withdrawn model and leaves the others without', () => {
  const models = parseModelList(modelsResponse());
  assert.equal(models.find((model) => model.id === 'google/gemini-2.0-flash-001')?.expirationDate, '2026-03-31');
  assert.equal(models.find((model) => model.id === latestFlash)?.expirationDate, undefined);
});

test('a retirement within 30 days is "retiring" with the days left; one past is "retired"; later or none is nothing', () => {
  assert.deepEqual(retirementOf({ expirationDate: '2026-12-01' }, nov1), { state: 'retiring', date: '2026-12-01', daysLeft: 30 });
  assert.deepEqual(retirementOf({ expirationDate: '2026-11-02' }, nov1), { state: 'retiring', date: '2026-11-02', daysLeft: 1 });
  assert.equal(retirementOf({ expirationDate: '2026-12-02' }, nov1), undefined, '31 days away: not yet');
  assert.deepEqual(retirementOf({ expirationDate: '2026-11-01' }, nov1), { state: 'retired', date: '2026-11-01' });
  assert.deepEqual(retirementOf({ expirationDate: '2026-03-31' }, nov1 + day), { state: 'retired', date: '2026-03-31' });
  assert.equal(retirementOf({}, nov1), undefined);
  assert.equal(retirementOf(undefined, nov1), undefined, 'a model not in the list');
});

test('the warning names the model, when, and the switch', () => {
  assert.equal(
    retirementWarning('google/gemini-2.5-flash', { state: 'retiring', date: '2026-12-01', daysLeft: 30 }),
    'Flashlight: google/gemini-2.5-flash retires in 30 days (2026-12-01). Switch to ~google/gemini-flash-latest, which always routes to the newest Gemini Flash?',
  );
  assert.match(retirementWarning('m/x', { state: 'retiring', date: '2026-11-02', daysLeft: 1 }), /retires tomorrow/);
  assert.match(
    retirementWarning('m/x', { state: 'retired', date: '2026-03-31' }),
    /^Flashlight: m\/x was retired on 2026-03-31\. Switch to ~google\/gemini-flash-latest/,
  );
});

test('the picker shows a model’s retirement date, and nothing for a model without one', () => {
  assert.equal(retirementLabel({ expirationDate: '2026-12-01' }, nov1), 'retires 2026-12-01');
  assert.equal(retirementLabel({ expirationDate: '2026-03-31' }, nov1), 'retired 2026-03-31');
  assert.equal(retirementLabel({}, nov1), undefined);
  const rows = buildPickRows(parseModelList(modelsResponse()), latestFlash, '', nov1);
  const old = rows.find((row) => row.modelId === 'google/gemini-2.0-flash-001');
  assert.match(old?.detail ?? '', /^\$\(warning\) retired 2026-03-31 · 1\.05M context/);
  const latest = rows.find((row) => row.modelId === latestFlash);
  assert.doesNotMatch(latest?.detail ?? '', /retire/);
});
