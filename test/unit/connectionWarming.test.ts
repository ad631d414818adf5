// The warm-up policy alone (connectionWarming.ts): once per idle period, never while a
// connection is still pooled, again after the next idle period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionWarming } from '../../src/core/openrouter/connectionWarming';

function policy(staleAfterMs = 100_000) {
  let now = 1_000;
  const warming = new ConnectionWarming({ staleAfterMs, now: () => now });
  return { warming, advance: (ms: number) => (now += ms) };
}

test('the first hint warms: no connection was ever opened', () => {
  const { warming } = policy();
  assert.equal(warming.claimWarmUp(), true);
});

test('many hints in one idle period warm once', () => {
  const { warming, advance } = policy();
  const claims = [warming.claimWarmUp()];
  for (let i = 0; i < 50; i++) {
    advance(1_000);
    claims.push(warming.claimWarmUp());
  }
  assert.deepEqual(
    claims.filter((claim) => claim),
    [true],
  );
});

test('a hint soon after a request does nothing: its connection is still pooled', () => {
  const { warming, advance } = policy();
  warming.noteUse();
  advance(99_999);
  assert.equal(warming.claimWarmUp(), false);
});

test('after an idle period the next hint warms again, and only that one', () => {
  const { warming, advance } = policy();
  warming.noteUse();
  advance(100_000);
  assert.equal(warming.claimWarmUp(), true);
  advance(50_000);
  assert.equal(warming.claimWarmUp(), false);
  advance(50_000);
  assert.equal(warming.claimWarmUp(), true);
});

test('requests keep the connection fresh: no warm-up while the user keeps asking', () => {
  const { warming, advance } = policy();
  warming.noteUse();
  for (let i = 0; i < 10; i++) {
    advance(60_000);
    assert.equal(warming.claimWarmUp(), false);
    warming.noteUse();
  }
});
