import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaBatcher, type Batch } from '../../src/core/chat/deltaBatcher';

test('the first delta goes out at once; a burst within a frame becomes one message, in order', async () => {
  const batches: Batch[] = [];
  const batcher = new DeltaBatcher((batch) => batches.push(batch), 30);
  batcher.add('content', 'a');
  assert.deepEqual(batches, [{ reasoning: '', content: 'a' }], 'no delay for the first token');
  for (const letter of 'bcdefg') batcher.add('content', letter);
  batcher.add('reasoning', 'r');
  assert.equal(batches.length, 1);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(batches, [
    { reasoning: '', content: 'a' },
    { reasoning: 'r', content: 'bcdefg' },
  ]);
});

test('never more than one message per frame under a flood', async () => {
  let messages = 0;
  let text = '';
  const batcher = new DeltaBatcher((batch) => {
    messages++;
    text += batch.content;
  }, 16);
  const started = performance.now();
  let sent = '';
  while (performance.now() - started < 200) {
    batcher.add('content', 'x');
    sent += 'x';
    await new Promise((resolve) => setImmediate(resolve));
  }
  batcher.flush();
  const elapsed = performance.now() - started;
  assert.equal(text, sent, 'nothing lost');
  assert.ok(messages <= Math.ceil(elapsed / 16) + 2, `${messages} messages in ${Math.round(elapsed)} ms`);
});

test('dispose drops the pending timer', async () => {
  let count = 0;
  const batcher = new DeltaBatcher(() => count++, 10);
  batcher.add('content', 'a');
  batcher.add('content', 'b');
  batcher.dispose();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(count, 1);
});

/** A batcher whose posts the test delivers by hand, as VS Code settles postMessage's promise. */
function manualDelivery() {
  const sent: { batch: Batch; settle: (ok: boolean) => void; fail: (error: Error) => void }[] = [];
  const emit = (batch: Batch) => new Promise<boolean>((resolve, reject) => sent.push({ batch, settle: resolve, fail: reject }));
  return { sent, batcher: new DeltaBatcher(emit, 5) };
}

const frame = () => new Promise((resolve) => setTimeout(resolve, 15));

/** Posts 'a' and then 'b' a frame apart, leaving both undelivered: the relay holds two. */
async function fillTwoInFlight(batcher: DeltaBatcher): Promise<void> {
  batcher.add('content', 'a');
  await frame();
  batcher.add('content', 'b');
  await frame();
}

test('while two messages are undelivered, text waits and goes out in one message when one is delivered', async () => {
  const { sent, batcher } = manualDelivery();
  await fillTwoInFlight(batcher);
  assert.deepEqual(
    sent.map((s) => s.batch.content),
    ['a', 'b'],
  );
  for (const letter of 'cdef') {
    batcher.add('content', letter);
    await frame();
  }
  assert.equal(sent.length, 2, 'nothing more is posted while the relay holds two');
  sent[0].settle(true);
  await frame();
  assert.deepEqual(
    sent.map((s) => s.batch.content),
    ['a', 'b', 'cdef'],
    'the waiting text goes as one message, in order',
  );
  batcher.dispose();
});

test('a failed delivery frees its place too, and the stream end flushes whatever is in flight', async () => {
  const { sent, batcher } = manualDelivery();
  await fillTwoInFlight(batcher);
  batcher.add('content', 'c');
  sent[1].fail(new Error('webview disposed'));
  await frame();
  assert.deepEqual(
    sent.map((s) => s.batch.content),
    ['a', 'b', 'c'],
  );
  batcher.add('content', 'd');
  await frame();
  assert.equal(sent.length, 3, 'two are in flight again');
  batcher.flush();
  assert.deepEqual(
    sent.map((s) => s.batch.content),
    ['a', 'b', 'c', 'd'],
    'the end does not wait for the relay',
  );
  batcher.dispose();
});

test('a delivery settling after dispose posts nothing', async () => {
  const { sent, batcher } = manualDelivery();
  await fillTwoInFlight(batcher);
  batcher.add('content', 'c');
  batcher.dispose();
  sent[0].settle(true);
  await frame();
  assert.deepEqual(
    sent.map((s) => s.batch.content),
    ['a', 'b'],
  );
});
