import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reindentLike } from '../../src/core/editor/reindent';

// The one re-indent step shared by a code action's suggestion and the chat's Apply.

test('code returned flush left is shifted back to the original indentation', () => {
  const original = '    if (a) {\n      b();\n    }';
  assert.equal(reindentLike('if (a) {\n  c();\n}', original), '    if (a) {\n      c();\n    }');
});

test('code indented less than the original gets only the missing part', () => {
  assert.equal(reindentLike('  x();\n    y();', '      a();\n      b();'), '      x();\n        y();');
});

test('code already indented as deep, or an original flush left, is unchanged', () => {
  const original = '    if (a) {\n      b();\n    }';
  assert.equal(reindentLike('    if (a) {}', original), '    if (a) {}');
  assert.equal(reindentLike('        deeper();', original), '        deeper();');
  assert.equal(reindentLike('x\n  y', 'a\n  b'), 'x\n  y');
});

test('blank lines stay blank: no trailing whitespace is added', () => {
  assert.equal(reindentLike('a\n\nb', '  x\n  y'), '  a\n\n  b');
  assert.equal(reindentLike('a\n   \nb', '  x\n  y'), '  a\n   \n  b');
});

test('blank lines in the original do not count toward its indentation', () => {
  assert.equal(reindentLike('a\nb', '\n    x\n\n    y\n'), '    a\n    b');
});

test('tabs against spaces: the code keeps its own indentation', () => {
  assert.equal(reindentLike('\tx', '    y'), '\tx');
  assert.equal(reindentLike('x\n\ty', '\t\ta\n\t\tb'), '\t\tx\n\t\t\ty');
});

test('an original in CRLF is read line by line (the proposal puts the file’s own line endings back)', () => {
  assert.equal(reindentLike('a\nb', '  x\r\n  y\r\n'), '  a\n  b');
});

test('an empty or all-blank original changes nothing', () => {
  assert.equal(reindentLike('a\n  b', ''), 'a\n  b');
  assert.equal(reindentLike('a', '   \n'), 'a');
});
