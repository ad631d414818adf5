import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleWarmUp } from '../../src/core/warmUp';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the warm-up runs every step once, after the delay, even when one throws or rejects', async () => {
  const ran: string[] = [];
  scheduleWarmUp(
    [
      () => ran.push('key'),
      () => {
        throw new Error('sdk missing');
      },
      () => Promise.reject(new Error('secret storage down')),
      () => ran.push('after the failures'),
    ],
    20,
  );
  assert.deepEqual(ran, [], 'nothing runs during activation');
  await sleep(60);
  assert.deepEqual(ran, ['key', 'after the failures']);
});

test('a warm-up disposed before its time (the extension deactivated) never runs', async () => {
  let ran = false;
  const warmUp = scheduleWarmUp([() => (ran = true)], 20);
  warmUp.dispose();
  await sleep(60);
  assert.equal(ran, false);
});
