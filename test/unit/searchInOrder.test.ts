// search_text's two speed-ups (the grounding bench: a search over ~1,200 files took 0.5-1.3 s in
// VS Code), kept exact: a literal's whole-file test never skips a file a line of which matches,
// and the reads that run a few at a time still give the hits in file order and stop taking
// files at the same point as one at a time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, searchLines } from '../../src/core/tools/searchText';
import { mapInOrder } from '../../src/core/tools/inOrder';

describe("search_text's whole-file test", () => {
  test('a literal says no for a file without it, and yes whatever its case, exactly when a line matches', () => {
    const pattern = compilePattern('parseConfig(', false);
    assert.ok(pattern.ok);
    const files = ['const a = 1;\nconst b = 2;\n', 'x\n  return PARSECONFIG(raw);\n', 'parseconfig (spaced)\n', 'a\r\nparseConfig(1)\r\n'];
    for (const text of files) {
      const matched: boolean = searchLines('f.ts', text, pattern, 10).hits.length > 0;
      assert.equal(pattern.mayContain(text), matched, JSON.stringify(text));
    }
  });
  test('a regex is always tested line by line (a lookbehind at a line start would be missed across lines)', () => {
    const pattern = compilePattern('(?<!\\s)foo', true);
    assert.ok(pattern.ok);
    const text = 'bar\nfoo()\n';
    assert.equal(pattern.mayContain(text), true);
    assert.equal(searchLines('f.ts', text, pattern, 10).hits.length, 1);
  });
});

describe('mapInOrder', () => {
  test('at most `concurrency` steps run at once; results come in the list order whatever order they finish in', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 25, 3, 10, 4];
    const results = await mapInOrder(delays, 3, async (delay) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return delay * 2;
    });
    assert.equal(most, 3);
    assert.deepEqual(
      results,
      delays.map((d) => d * 2),
    );
  });
  test('once `more()` says no, no item is taken, and what was taken is a prefix of the list', async () => {
    let hits = 0;
    const taken: number[] = [];
    const results = await mapInOrder(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      async (item) => {
        taken.push(item);
        await new Promise((resolve) => setTimeout(resolve, 1));
        hits += 5;
        return item;
      },
      () => hits < 20,
    );
    assert.ok(results.length >= 4 && results.length <= 8, `${results.length} taken`);
    assert.deepEqual(
      results,
      Array.from({ length: results.length }, (_, i) => i),
    );
    assert.deepEqual(
      [...taken].sort((a, b) => a - b),
      results,
    );
  });
  test('an empty list gives no results and runs nothing', async () => {
    assert.deepEqual(await mapInOrder([], 16, () => Promise.reject(new Error('ran'))), []);
  });
});
