import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaBatcher, type Batch } from '../../src/chat/deltaBatcher';

test('the first delta goes out at once; a burst within a frame becomes one message, in order', async () => {
  const batches: Batch[] = [];
  const batcher = new DeltaBatcher((batch) => batches.push(batch), 30);
  batcher.add('content', 'a');
  assert.deepEqual(batches, [{ reasoning: '', content: 'a' }], 'no delay for the first token');
  for (const letter of 'bcdefg') batcher.add('content', letter);
  batcher.add('reasoning', 'r');
  assert.equal(batches.length, 1);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(batches, [{ reasoning: '', content: 'a' }, { reasoning: 'r', content: 'bcdefg' }]);
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
