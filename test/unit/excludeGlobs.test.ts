// read_file's exclusion check without the workbench: files.exclude/search.exclude globs matched
// locally, both ways: VS Code's default excludes, a folder's match covering what is below it,
// braces, and paths that must stay readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludeMatcher } from '../../src/core/tools/excludeGlobs';

// VS Code's defaults: files.exclude and search.exclude.
const defaults = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db', '**/node_modules', '**/bower_components', '**/*.code-search'];

test("VS Code's default excludes hide what they name, at any depth, and everything below a matched folder", () => {
  const hidden = excludeMatcher(defaults);
  for (const path of [
    '.git/config',
    'node_modules/a/index.js',
    'packages/x/node_modules/y.ts',
    'sub/.DS_Store',
    'a.code-search',
    'deep/er/q.code-search',
    '.hg/store/x',
  ])
    assert.equal(hidden(path), true, path);
  for (const path of ['src/load.ts', 'node_modules_docs/a.md', 'my.gitignore', 'src/.github/ci.yml', 'x.code-searchx', 'README.md'])
    assert.equal(hidden(path), false, path);
});

test('typical user settings: anchored folders, braces, extensions, char classes; no match beyond what they say', () => {
  const hidden = excludeMatcher(['out', 'dist/**', '**/*.{log,tmp}', 'build/*.js', 'src/**/secret*.ts', '**/[Tt]emp', 'docs/']);
  assert.equal(hidden('out/a.js'), true);
  assert.equal(hidden('src/out/a.js'), false, 'a pattern without **/ is anchored at the folder');
  assert.equal(hidden('dist/x/y.js'), true);
  assert.equal(hidden('a/b/c.log'), true);
  assert.equal(hidden('a/b/c.tmp'), true);
  assert.equal(hidden('a/b/c.ts'), false);
  assert.equal(hidden('build/a.js'), true);
  assert.equal(hidden('build/sub/a.js'), false, '* stays in one segment');
  assert.equal(hidden('src/secretKeys.ts'), true, '**/ may match no folder at all');
  assert.equal(hidden('src/a/b/secretKeys.ts'), true);
  assert.equal(hidden('lib/temp/x'), true);
  assert.equal(hidden('lib/Temp/x'), true);
  assert.equal(hidden('lib/Xemp/x'), false, 'a char class matches only its characters');
  assert.equal(hidden('docs/guide.md'), true);
});

test('hostile patterns are taken literally, never as a broader regex', () => {
  const hidden = excludeMatcher(['a.b', '(x|y)', '{unclosed', '']);
  assert.equal(hidden('a.b'), true);
  assert.equal(hidden('axb'), false);
  assert.equal(hidden('(x|y)'), true);
  assert.equal(hidden('x'), false);
  assert.equal(hidden('{unclosed'), true);
  assert.equal(hidden('src/a.ts'), false);
});
