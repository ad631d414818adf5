// Which code actions are offered, which lines a fix replaces, where tests go, and when an edit is
// refused: the pure logic behind the provider and the commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEnabled, kinds, maxQuickFixes, planCodeActions, providedKinds, type PlanInput } from '../../src/core/codeActions/actions';
import { checkStillApplies } from '../../src/core/codeActions/applyGuard';
import { fixLines } from '../../src/core/codeActions/fixRange';
import { isTestFile, testFileCandidates } from '../../src/core/codeActions/testFiles';
import { isActionArgs } from '../../src/core/codeActions/actionArgs';

function plan(overrides: Partial<PlanInput>) {
  return planCodeActions({ hasSelection: false, invoked: false, diagnostics: [], enabled: allEnabled, ...overrides });
}

const titles = (input: Partial<PlanInput>) => plan(input).map((action) => action.title);

test('moving the cursor over plain code offers nothing, so no lightbulb sits on every line', () => {
  assert.deepEqual(plan({}), []);
});

test('a diagnostic under the cursor gets one "Fix with Flashlight" Quick Fix, and nothing else unasked', () => {
  const actions = plan({ diagnostics: ["Type 'string' is not assignable to type 'number'."] });
  assert.deepEqual(
    actions.map((action) => [action.title, action.kind, action.diagnostic]),
    [['Fix with Flashlight', kinds.quickFix, 0]],
  );
});

test('several diagnostics: one Quick Fix each, named by its message, at most three', () => {
  const many = ['first problem', 'second problem', 'a third, much longer problem message that goes on and on and on', 'fourth'];
  const actions = plan({ diagnostics: many });
  assert.equal(actions.length, maxQuickFixes);
  assert.deepEqual(
    actions.map((action) => action.diagnostic),
    [0, 1, 2],
  );
  assert.equal(actions[0].title, 'Fix with Flashlight: first problem');
  assert.ok(actions[2].title.endsWith('…') && actions[2].title.length <= 'Fix with Flashlight: '.length + 60);
});

test('a selection, or Ctrl+., offers Explain, Fix, Document, Simplify and Write Tests', () => {
  const all = ['Explain with Flashlight', 'Fix with Flashlight', 'Document with Flashlight', 'Simplify with Flashlight', 'Write Tests with Flashlight'];
  assert.deepEqual(titles({ hasSelection: true }), all);
  assert.deepEqual(titles({ invoked: true }), all);
});

test('with Quick Fixes for diagnostics, the general Fix is not offered twice', () => {
  assert.deepEqual(titles({ invoked: true, diagnostics: ['oops'] }), [
    'Fix with Flashlight',
    'Explain with Flashlight',
    'Document with Flashlight',
    'Simplify with Flashlight',
    'Write Tests with Flashlight',
  ]);
  assert.equal(plan({ invoked: true, diagnostics: ['oops'] })[0].kind, kinds.quickFix);
});

test('each setting turns its action off, the Quick Fixes with "fix"', () => {
  assert.deepEqual(titles({ invoked: true, diagnostics: ['oops'], enabled: { ...allEnabled, fix: false } }), [
    'Explain with Flashlight',
    'Document with Flashlight',
    'Simplify with Flashlight',
    'Write Tests with Flashlight',
  ]);
  const none = { explain: false, fix: false, document: false, tests: false, simplify: false };
  assert.deepEqual(plan({ invoked: true, diagnostics: ['oops'], enabled: none }), []);
  assert.deepEqual(titles({ hasSelection: true, enabled: { ...allEnabled, tests: false, explain: false } }), [
    'Fix with Flashlight',
    'Document with Flashlight',
    'Simplify with Flashlight',
  ]);
});

test("the editor's `only` filter is honoured (e.g. the Refactor menu asks for refactor.*)", () => {
  const refactorOnly = (kind: string) => kind === 'refactor' || kind.startsWith('refactor.');
  const actions = plan({ invoked: true, diagnostics: ['oops'], wants: refactorOnly });
  assert.ok(actions.length > 0);
  assert.ok(actions.every((action) => action.kind.startsWith('refactor.')));
  assert.deepEqual(plan({ invoked: true, wants: (kind) => kind.startsWith('quickfix') }), []);
});

test('every kind offered falls under a declared kind', () => {
  for (const kind of Object.values(kinds)) {
    assert.ok(
      providedKinds.some((provided) => kind === provided || kind.startsWith(`${provided}.`)),
      kind,
    );
  }
});

const source = [
  'import { x } from "y";', // 0
  '', // 1
  'export function total(values: number[]): number {', // 2
  '  let sum = 0;', // 3
  '  for (const value of values) {', // 4
  '    sum += value;', // 5
  '  }', // 6
  '  return sum;', // 7
  '}', // 8
  '', // 9
  'const count: number = "three";', // 10
  '', // 11
  'export const done = true;', // 12
];

test('a fix replaces the small block around the diagnostic, and shows ten lines of context each side', () => {
  const lines = fixLines(source, 5, 5);
  assert.deepEqual(lines.replace, { start: 4, end: 6 });
  assert.deepEqual(lines.before, { start: 0, end: 3 });
  assert.deepEqual(lines.after, { start: 7, end: 12 });
});

test('a diagnostic on a top-level statement replaces that line', () => {
  assert.deepEqual(fixLines(source, 10, 10).replace, { start: 10, end: 10 });
});

test('a diagnostic on a function header takes the whole function', () => {
  assert.deepEqual(fixLines(source, 2, 2).replace, { start: 2, end: 8 });
});

test('inside a block too big for a diff, a few lines around the diagnostic are replaced instead', () => {
  const big = ['function big() {', ...Array.from({ length: 200 }, (_, i) => `  step${i}();`), '}'];
  assert.deepEqual(fixLines(big, 100, 100).replace, { start: 97, end: 103 });
  // Clamped at the ends of the file, and a range past the end is pulled in.
  assert.deepEqual(fixLines(big, 500, 600).replace.end, big.length - 1);
});

test('test file conventions per language, most common first', () => {
  assert.deepEqual(testFileCandidates('/w/src/math.ts', 'typescript').slice(0, 3), [
    '/w/src/math.test.ts',
    '/w/src/math.spec.ts',
    '/w/src/__tests__/math.test.ts',
  ]);
  assert.equal(testFileCandidates('/w/src/math.ts', 'typescript')[3], '/w/test/math.test.ts');
  assert.deepEqual(testFileCandidates('/w/pkg/stats.py', 'python').slice(0, 2), ['/w/pkg/test_stats.py', '/w/pkg/stats_test.py']);
  assert.deepEqual(testFileCandidates('/w/sum.go', 'go'), ['/w/sum_test.go']);
  assert.deepEqual(testFileCandidates('/w/src/Cart.java', 'java'), ['/w/src/CartTest.java', '/w/src/CartTests.java']);
  assert.deepEqual(testFileCandidates('/w/lib/cart.rb', 'ruby')[0], '/w/lib/cart_spec.rb');
});

test('a test file is recognised as one', () => {
  for (const path of ['/w/a.test.ts', '/w/a.spec.js', '/w/test_a.py', '/w/a_test.go', '/w/CartTest.java', '/w/__tests__/a.ts']) {
    assert.equal(isTestFile(path), true, path);
  }
  for (const path of ['/w/src/a.ts', '/w/contest.py', '/w/latest.ts']) assert.equal(isTestFile(path), false, path);
});

test('the changed-file guard: same version and text applies; anything else is refused with the file named', () => {
  const snapshot = { version: 4, text: 'const a = 1;' };
  assert.deepEqual(checkStillApplies(snapshot, { version: 4, text: 'const a = 1;' }, 'src/a.ts'), { ok: true });
  const moved = checkStillApplies(snapshot, { version: 5, text: 'const a = 1;' }, 'src/a.ts');
  assert.equal(moved.ok, false);
  assert.match(moved.ok ? '' : moved.reason, /src\/a\.ts changed .* not applied/);
  // A reopened document restarts its version: the text still has to match.
  assert.equal(checkStillApplies(snapshot, { version: 4, text: 'const a = 2;' }, 'src/a.ts').ok, false);
});

test('code action arguments are checked before use', () => {
  assert.equal(isActionArgs({ uri: 'file:///a.ts', range: [0, 0, 1, 4] }), true);
  for (const bad of [undefined, 'file:///a.ts', { uri: 'file:///a.ts' }, { uri: 'x', range: [0, 0, -1, 0] }, { uri: 'x', range: [0, 0, 1] }]) {
    assert.equal(isActionArgs(bad), false, JSON.stringify(bad));
  }
});
