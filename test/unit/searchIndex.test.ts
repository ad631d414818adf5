// search_text from the kept file texts: it must say exactly what the ripgrep run it replaces says
// (the same hits, in the same order, with the same notes), and never answer from a stale copy.
// The pure rules first; then, with the ripgrep VS Code ships, the index against ripgrep itself on
// a tree of awkward files, and after each kind of change on disk.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answerableFromIndex, comparePaths, decodeAsRipgrep, literalMatcher, matchingLines, skippedAsBinary } from '../../src/core/tools/textIndex';
import { searchWithRipgrep } from '../../src/host/tools/ripgrepSearch';
import { SearchIndex } from '../../src/host/tools/searchIndex';
import { maxHits } from '../../src/core/tools/searchText';

describe('the rules an answer from memory follows', () => {
  test('only a literal on one line over the whole workspace', () => {
    assert.ok(answerableFromIndex({ query: 'parseConfig', isRegex: false, glob: '**/*' }));
    assert.ok(answerableFromIndex({ query: 'a.b(', isRegex: false, glob: '' }));
    assert.ok(!answerableFromIndex({ query: 'parse\\w+', isRegex: true, glob: '**/*' }), 'a regex: ripgrep');
    assert.ok(!answerableFromIndex({ query: 'x', isRegex: false, glob: 'src/**/*.ts' }), 'a glob: ripgrep');
    assert.ok(!answerableFromIndex({ query: 'a\nb', isRegex: false, glob: '**/*' }), 'a line break: ripgrep refuses it');
    assert.ok(!answerableFromIndex({ query: '', isRegex: false, glob: '**/*' }));
  });

  test('one hit per line, with its line break, numbered by the breaks before it; at most perFile', () => {
    const text = 'needle needle\r\nno\nNEEDLE\n\nlast needle';
    assert.deepStrictEqual(matchingLines(text, literalMatcher('needle')), [
      { line: 1, text: 'needle needle\r\n' },
      { line: 3, text: 'NEEDLE\n' },
      { line: 5, text: 'last needle' },
    ]);
    assert.deepStrictEqual(
      matchingLines(text, literalMatcher('needle'), 2).map((hit) => hit.line),
      [1, 3],
    );
  });

  test('a literal is a literal: regex characters match themselves', () => {
    assert.deepStrictEqual(
      matchingLines('a.b(c)\naxb(c)\n[x]*\n', literalMatcher('a.b(')).map((hit) => hit.line),
      [1],
    );
    assert.deepStrictEqual(
      matchingLines('[x]*\n', literalMatcher('[x]*')).map((hit) => hit.line),
      [1],
    );
  });

  test('paths in the order ripgrep walks: a folder before a file its name prefixes, bytes not locale', () => {
    const sorted = ['é.ts', 'a.ts', 'B.ts', 'a/x.ts', 'a-b/y.ts', 'z.ts'].sort(comparePaths);
    assert.deepStrictEqual(sorted, ['B.ts', 'a/x.ts', 'a-b/y.ts', 'a.ts', 'z.ts', 'é.ts']);
  });

  test('bytes read as ripgrep reads them: UTF-16 by its mark, a NUL means binary, a UTF-8 mark dropped', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('needle\n', 'utf16le')]);
    assert.equal(decodeAsRipgrep(utf16), 'needle\n');
    assert.ok(!skippedAsBinary(utf16));
    assert.ok(skippedAsBinary(Buffer.from('ab\0cd')));
    assert.equal(decodeAsRipgrep(Buffer.from('\ufeffx', 'utf8')), 'x');
  });
});

const shipped = path.join(__dirname, '../../../.vscode-test/code-server/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');

describe('the kept index against the ripgrep VS Code ships', { skip: !existsSync(shipped) && 'no code-server in .vscode-test' }, () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** Every folder's and git exclude file's time put a minute back: the tree was made "earlier", as a workspace is. */
  function settle(root: string): void {
    const past = new Date(Date.now() - 60_000);
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(dir, entry.name));
      utimesSync(dir, past, past);
    };
    if (existsSync(path.join(root, '.git/info/exclude'))) utimesSync(path.join(root, '.git/info/exclude'), past, past);
    walk(root);
  }

  function awkwardTree(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'flashlight-index-'));
    roots.push(root);
    const write = (relative: string, content: string | Buffer) => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    };
    write('.gitignore', 'ignored/\n*.log\n');
    write('src/a.ts', 'const needle = 1;\r\nNeedle again needle\n');
    write('src/a/x.ts', 'export const NEEDLE = 2;\n');
    write('src/a-b/y.ts', 'no match here\nneedle at the end');
    write('src/B.ts', 'needle\n');
    write('src/é.ts', 'naïve needle\n');
    write('src/kelvin.ts', 'the \u212Aelvin sign folds to k\n');
    write('src/utf16.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('utf16 needle\n', 'utf16le')]));
    write('src/latin1.ts', Buffer.from('caf\xe9 needle\n', 'latin1'));
    write('src/image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from('needle')]));
    write('src/long.ts', `${'x'.repeat(3_000)} needle\nshort needle\n`);
    write('src/many.ts', Array.from({ length: 250 }, (_, i) => `needle ${i}`).join('\n'));
    write('.hidden/dot.ts', 'needle in a dotfolder\n');
    write('.env', 'NEEDLE_TOKEN=needle\n');
    write('ignored/skip.ts', 'needle\n');
    write('build.log', 'needle\n');
    write('node_modules/pkg/index.ts', 'needle\n');
    write('.git/info/exclude', '# nothing yet\n');
    settle(root);
    return root;
  }

  const excludes = ['**/node_modules'];
  const noIgnores = () => () => false;
  const viaRipgrep = async (root: string, query: string) => {
    const outcome = await searchWithRipgrep(
      shipped,
      { query, isRegex: false, glob: '**/*', excludes },
      [root],
      noIgnores,
      10_000,
      new AbortController().signal,
    );
    assert.ok(outcome?.ok);
    return { hits: outcome.hits, notes: outcome.notes };
  };
  const built = async (root: string) => {
    const index = new SearchIndex(() => shipped);
    index.warm([root], excludes);
    await index.whenBuilt();
    return index;
  };

  test('the same hits, order and notes as ripgrep, for queries that reach every awkward file', async () => {
    const root = awkwardTree();
    const index = await built(root);
    for (const query of ['needle', 'NEEDLE', 'kelvin', 'x.repeat', 'caf', 'nothing-matches-this']) {
      const kept = index.search(query, [root], excludes, noIgnores);
      assert.ok(kept, `answered from memory: ${query}`);
      assert.deepStrictEqual(kept, await viaRipgrep(root, query), query);
    }
    const needle = index.search('needle', [root], excludes, noIgnores)!;
    assert.equal(needle.hits.length, maxHits, 'the cap, as ripgrep');
    assert.ok(!needle.hits.some((hit) => /ignored|node_modules|build\.log|\.env|image\.png/.test(hit.file)));
    assert.ok(needle.notes.some((note) => note.includes('secret-looking')));
    index.dispose();
  });

  test('never a stale answer: a file changed (same size), created, removed, or a .gitignore edited', async () => {
    const root = awkwardTree();
    const index = await built(root);
    const search = () => index.search('needle', [root], excludes, noIgnores);
    const files = () => search()?.hits.map((hit) => `${hit.file}:${hit.line}:${hit.text}`);
    /** After a change: the tree settled, the list made again. */
    const rebuilt = async () => {
      settle(root);
      index.warm([root], excludes);
      await index.whenBuilt();
    };
    assert.ok(search());

    writeFileSync(path.join(root, 'src/B.ts'), 'NEEDLE\n');
    // The same size, and the same second on coarse file systems: the time still differs here.
    const info = statSync(path.join(root, 'src/B.ts'));
    assert.equal(info.size, 7);
    assert.ok(files()!.includes('src/B.ts:1:NEEDLE'), 'the changed text is searched');
    assert.deepStrictEqual(search(), await viaRipgrep(root, 'needle'));

    writeFileSync(path.join(root, 'src/a/new.ts'), 'a new needle\n');
    assert.equal(search(), undefined, 'a folder that changed sends the search to ripgrep');
    await rebuilt();
    assert.ok(files()!.includes('src/a/new.ts:1:a new needle'));
    assert.deepStrictEqual(search(), await viaRipgrep(root, 'needle'));

    unlinkSync(path.join(root, 'src/a/x.ts'));
    assert.equal(search(), undefined, 'a removed file: ripgrep answers');
    await rebuilt();
    assert.deepStrictEqual(search(), await viaRipgrep(root, 'needle'));

    writeFileSync(path.join(root, '.gitignore'), 'ignored/\n*.log\nsrc/a/\n');
    assert.equal(search(), undefined, 'an edited .gitignore changes which files count');
    await rebuilt();
    assert.ok(!files()!.some((hit) => hit.startsWith('src/a/')));
    assert.deepStrictEqual(search(), await viaRipgrep(root, 'needle'));

    writeFileSync(path.join(root, '.git/info/exclude'), 'src/B.ts\n');
    assert.equal(search(), undefined, "git's own exclude file edited: ripgrep answers");
    await rebuilt();
    assert.ok(!files()!.some((hit) => hit.startsWith('src/B.ts')));
    assert.deepStrictEqual(search(), await viaRipgrep(root, 'needle'));

    assert.equal(index.search('needle', [root], [], noIgnores), undefined, 'other excludes: ripgrep answers');
    index.dispose();
  });

  test('a folder changing while it is listed is not kept (the next search tries again)', async () => {
    const root = awkwardTree();
    writeFileSync(path.join(root, 'src/fresh.ts'), 'needle\n');
    const index = await built(root);
    assert.equal(index.search('needle', [root], excludes, noIgnores), undefined);
    index.dispose();
  });

  test('past the file limit no index is kept', async () => {
    const root = awkwardTree();
    const index = new SearchIndex(() => shipped, { files: 5, bytes: 1e9 });
    index.warm([root], excludes);
    await index.whenBuilt();
    assert.equal(index.search('needle', [root], excludes, noIgnores), undefined);
    index.dispose();
  });
});
