import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indentationBlock } from '../../src/core/editor/indentationBlock';

const source = [
  'import x from "y";', // 0
  '', // 1
  'function add(a, b) {', // 2
  '  const sum = a + b;', // 3
  '  if (sum > 10) {', // 4
  '    return 10;', // 5
  '  }', // 6
  '  return sum;', // 7
  '}', // 8
  '', // 9
  'def f(x):', // 10
  '    return x', // 11
];

test('a line inside a function gives the function, with its closing brace', () => {
  assert.deepEqual(indentationBlock(source, 3), { start: 2, end: 8 });
  assert.deepEqual(indentationBlock(source, 7), { start: 2, end: 8 });
});

test('a header line gives its own block', () => {
  assert.deepEqual(indentationBlock(source, 4), { start: 4, end: 6 });
  assert.deepEqual(indentationBlock(source, 10), { start: 10, end: 11 });
});

test('a top-level statement gives the line', () => {
  assert.deepEqual(indentationBlock(source, 0), { start: 0, end: 0 });
});

test('a blank line uses the next code; trailing blank lines give nothing', () => {
  assert.deepEqual(indentationBlock(source, 1), { start: 2, end: 8 });
  assert.equal(indentationBlock(['a', '', ''], 2), undefined);
});
