// The free-model daily quota from GET /key (issue 16, item 4): read only when it adds up, shown as
// "N of M requests left today", never a made-up count; the tooltip's copy lapses with the UTC day.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeFreeModelRequests, freeModelRequests, freeModelRequestsSince } from '../../src/core/key/freeModelRequests';
import { describeKeyStatus } from '../../src/core/key/keyStatusText';

const quota = (value: unknown) => ({ label: 'sk-or-v1-abc...xyz', is_free_tier: true, free_model_daily_requests: value });

describe('free-model daily requests from GET /key', () => {
  test('the documented shape is read and said plainly', () => {
    const read = freeModelRequests(quota({ limit: 50, remaining: 38, used: 12 }));
    assert.deepEqual(read, { limit: 50, remaining: 38, used: 12 });
    assert.equal(describeFreeModelRequests(read), 'Free models: 38 of 50 requests left today (resets at midnight UTC)');
    assert.equal(describeFreeModelRequests({ limit: 1, remaining: 0, used: 1 }), 'Free models: 0 of 1 request left today (resets at midnight UTC)');
  });

  test('absent on older responses, or any hostile shape: nothing, never a made-up count', () => {
    const hostile: unknown[] = [
      undefined,
      null,
      'remaining: 38',
      42,
      [],
      [50, 38, 12],
      {},
      { limit: 50, remaining: 38 },
      { limit: '50', remaining: '38', used: '12' },
      { limit: 50, remaining: -1, used: 51 },
      { limit: 50, remaining: 38.5, used: 11.5 },
      { limit: 50, remaining: Number.NaN, used: 12 },
      { limit: Number.POSITIVE_INFINITY, remaining: 38, used: 12 },
      { limit: 50, remaining: 51, used: 0 },
      { limit: 2 ** 60, remaining: 1, used: 0 },
    ];
    for (const value of hostile) assert.equal(freeModelRequests(quota(value)), undefined, JSON.stringify(value) ?? String(value));
    for (const data of [undefined, null, 'data', 7, [quota({ limit: 50, remaining: 38, used: 12 })]])
      assert.equal(freeModelRequests(data), undefined, String(data));
  });

  test('Show Key Status says it beside the limit, and says nothing of it when the field is missing or bad', () => {
    const shown = describeKeyStatus({ ...quota({ limit: 50, remaining: 38, used: 12 }), limit: 10, limit_remaining: 7.5 }, 'stored').detail;
    assert.match(shown, /^Limit: \$10\.00, \$7\.50 left\nFree models: 38 of 50 requests left today \(resets at midnight UTC\)$/m);
    for (const value of [undefined, { limit: 50, remaining: 'lots', used: 0 }, { remaining: 38 }]) {
      const detail = describeKeyStatus(quota(value), 'stored').detail;
      assert.doesNotMatch(detail, /Free models:/, detail);
      assert.match(detail, /^Free tier: yes\./m);
    }
  });

  test('the tooltip copy names when it was read and lapses when the UTC day ends', () => {
    const read = { limit: 50, remaining: 38, used: 12 };
    const readAt = new Date(Date.UTC(2026, 11, 2, 9, 5));
    const clock = `${String(readAt.getHours()).padStart(2, '0')}:${String(readAt.getMinutes()).padStart(2, '0')}`;
    assert.equal(
      freeModelRequestsSince(read, readAt, new Date(Date.UTC(2026, 11, 2, 23, 59))),
      `Free models: 38 of 50 requests left today (resets at midnight UTC), as of ${clock}`,
    );
    assert.equal(freeModelRequestsSince(read, readAt, new Date(Date.UTC(2026, 11, 3, 0, 0))), undefined);
  });
});
