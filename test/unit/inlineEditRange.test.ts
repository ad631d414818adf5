import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeTracker, type TextChange } from '../../src/core/inlineEdit/rangeTracker';
import { canAccept, canReject, endState } from '../../src/core/inlineEdit/session';
import { paintHunk } from '../../src/core/inlineEdit/rowPaint';

// Where the edited range is while the rest of the file is edited, and what Accept and Reject may do.

const range = { start: { line: 10, character: 0 }, end: { line: 14, character: 1 } };

function change(startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string): TextChange {
  return { range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } }, text };
}

test('an edit above the range moves it by the lines it adds or removes', () => {
  const tracker = new RangeTracker(range);
  assert.equal(tracker.apply(change(2, 5, 2, 5, 'x\ny\n')), 'moved');
  assert.deepEqual(tracker.range, { start: { line: 12, character: 0 }, end: { line: 16, character: 1 } });
  assert.equal(tracker.apply(change(0, 0, 3, 0, '')), 'moved');
  assert.deepEqual(tracker.range, { start: { line: 9, character: 0 }, end: { line: 13, character: 1 } });
  assert.equal(tracker.changed, false);
});

test('an edit on the line above (Enter at its end) moves the range one line down', () => {
  const tracker = new RangeTracker(range);
  assert.equal(tracker.apply(change(9, 7, 9, 7, '\n')), 'moved');
  assert.deepEqual(tracker.range.start, { line: 11, character: 0 });
  assert.deepEqual(tracker.range.end, { line: 15, character: 1 });
});

test('text pasted at the very start of the range moves it right along that line', () => {
  const tracker = new RangeTracker(range);
  assert.equal(tracker.apply(change(10, 0, 10, 0, 'ab')), 'moved');
  assert.deepEqual(tracker.range.start, { line: 10, character: 2 });
  assert.deepEqual(tracker.range.end, { line: 14, character: 1 });
});

test('an edit below the range leaves it where it is', () => {
  const tracker = new RangeTracker(range);
  assert.equal(tracker.apply(change(15, 0, 15, 0, 'z\n')), 'unchanged');
  assert.equal(tracker.apply(change(14, 2, 14, 2, 'z')), 'unchanged');
  assert.deepEqual(tracker.range, range);
  assert.equal(tracker.changed, false);
});

test('an edit inside the range, across its start, or typed at its end marks it changed', () => {
  for (const inside of [change(12, 3, 12, 3, 'q'), change(8, 0, 11, 0, ''), change(14, 1, 14, 1, ';'), change(14, 1, 15, 0, '')]) {
    const tracker = new RangeTracker(range);
    assert.equal(tracker.apply(inside), 'touched');
    assert.equal(tracker.changed, true);
    assert.equal(canAccept('done', { rangeChanged: tracker.changed, hasChange: true }).ok, false);
  }
});

test('Accept only for a finished code reply with a change; Reject in every live state', () => {
  assert.deepEqual(canAccept('done', { rangeChanged: false, hasChange: true }), { ok: true });
  for (const state of ['streaming', 'cutOff', 'stopped', 'failed', 'notCode', 'accepted', 'rejected'] as const) {
    const decision = canAccept(state, { rangeChanged: false, hasChange: true });
    assert.equal(decision.ok, false, state);
    assert.ok(!decision.ok && decision.reason.length > 10, `${state} says why`);
  }
  assert.equal(canAccept('done', { rangeChanged: false, hasChange: false }).ok, false);
  for (const state of ['streaming', 'done', 'cutOff', 'stopped', 'failed', 'notCode'] as const) assert.equal(canReject(state).ok, true);
  assert.equal(canReject('accepted').ok, false);
  assert.equal(endState({ finishReason: 'length', parsed: true, fenced: true, complete: true }), 'cutOff');
  assert.equal(endState({ finishReason: 'stop', parsed: true, fenced: false, complete: true }), 'notCode');
  assert.equal(endState({ finishReason: 'stop', parsed: true, fenced: true, complete: true }), 'done');
});

test('rows: new lines take the removed rows one each, the surplus joins the last; an insertion is drawn after the line above', () => {
  assert.deepEqual(paintHunk({ removedRows: [3, 4], added: ['a', 'b', 'c'], anchor: 2 }), [
    { row: 3, removed: true, added: ['a'], placement: 'after' },
    { row: 4, removed: true, added: ['b', 'c'], placement: 'after' },
  ]);
  assert.deepEqual(paintHunk({ removedRows: [], added: ['/** doc */'], anchor: 5 }), [{ row: 5, removed: false, added: ['/** doc */'], placement: 'after' }]);
  assert.deepEqual(paintHunk({ removedRows: [], added: ['/** doc */'], anchor: -1 }), [{ row: 0, removed: false, added: ['/** doc */'], placement: 'before' }]);
});
