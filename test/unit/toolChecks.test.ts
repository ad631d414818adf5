// Every argument check the read-only tools make before touching a file: paths out of the
// workspace (.., absolute, a symlink out), secret-looking names, a 50 MB file, a binary file, a
// glob matching 100,000 files, catastrophic regexes, .gitignore rules, and line ranges.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveInWorkspace, type WorkspaceRoots } from '../../src/core/tools/workspacePath';
import { looksSecret } from '../../src/core/tools/secretFiles';
import { binaryRefusalFor, isBinary, maxFileBytes, sizeRefusal, sliceLines } from '../../src/core/tools/fileContent';
import { formatList, globRefusal, maxListed } from '../../src/core/tools/fileList';
import { compilePattern, formatHits, maxLineLength, searchLines } from '../../src/core/tools/searchText';
import { parseGitignore } from '../../src/core/tools/gitignore';
import { maxResultBytes } from '../../src/core/tools/resultBounds';

let dir: string;
let workspace: string;
let roots: WorkspaceRoots;

before(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'flashlight-tools-')));
  workspace = path.join(dir, 'workspace');
  await mkdir(path.join(workspace, 'src'), { recursive: true });
  await writeFile(path.join(workspace, 'src', 'config.ts'), 'export const a = 1;\n');
  await writeFile(path.join(dir, 'outside.txt'), 'secret outside\n');
  await symlink(path.join(dir, 'outside.txt'), path.join(workspace, 'src', 'link-out.txt'));
  await symlink(dir, path.join(workspace, 'dir-out'));
  await symlink(path.join(workspace, 'src', 'config.ts'), path.join(workspace, 'link-in.ts'));
  roots = { folders: [workspace], realpath: (p) => realpath(p) };
});
after(() => rm(dir, { recursive: true, force: true }));

describe('paths stay inside the workspace', () => {
  test('a relative path inside resolves, with its workspace-relative name', async () => {
    assert.deepEqual(await resolveInWorkspace('src/config.ts', roots), {
      ok: true,
      absolute: path.join(workspace, 'src/config.ts'),
      relative: 'src/config.ts',
      folder: workspace,
    });
    const inside = await resolveInWorkspace('link-in.ts', roots);
    assert.equal(inside.ok, true, 'a link that stays inside is fine');
  });

  for (const input of ['../../etc/passwd', 'src/../../outside.txt', '..\\..\\windows\\win.ini', './..']) {
    test(`"${input}" is refused for its ..`, async () => {
      const result = await resolveInWorkspace(input, roots);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', /climbs out/);
    });
  }

  test('absolute paths: outside refused, inside accepted', async () => {
    for (const input of ['/etc/passwd', path.join(dir, 'outside.txt'), 'C:/Windows/win.ini']) {
      const result = await resolveInWorkspace(input, roots);
      assert.equal(result.ok, false, input);
    }
    const inside = await resolveInWorkspace(path.join(workspace, 'src', 'config.ts'), roots);
    assert.ok(inside.ok && inside.relative === 'src/config.ts');
  });

  test('a symlink that leads out is refused, file or directory, even for a file not there', async () => {
    for (const input of ['src/link-out.txt', 'dir-out/outside.txt', 'dir-out/not-there.txt']) {
      const result = await resolveInWorkspace(input, roots);
      assert.equal(result.ok, false, input);
      assert.match(!result.ok ? result.reason : '', /link that leads outside/, input);
    }
  });

  test('no path, a NUL, no folder open', async () => {
    for (const input of [undefined, '', 42, 'src/a\0b']) assert.equal((await resolveInWorkspace(input, roots)).ok, false);
    assert.equal((await resolveInWorkspace('a.ts', { folders: [], realpath })).ok, false);
  });
});

describe('secret-looking files', () => {
  test('are recognised', () => {
    for (const name of [
      '.env',
      '.env.local',
      'config/.env.production',
      'certs/server.pem',
      'tls.key',
      'id_rsa',
      '.ssh/id_ed25519.pub',
      '.npmrc',
      '.netrc',
      '.aws/credentials',
      '.aws/config',
      'gcloud/application_default_credentials.json',
      '.git-credentials',
      '.kube/config',
    ]) {
      assert.equal(looksSecret(name), true, name);
    }
  });
  test('ordinary files are not', () => {
    for (const name of ['src/config.ts', 'environment.ts', 'README.md', 'src/keyboard.ts', 'docs/env.md', 'package.json'])
      assert.equal(looksSecret(name), false, name);
  });
});

describe('file content', () => {
  test('a 50 MB file is refused with its size, a 5 MB one is not', () => {
    assert.match(sizeRefusal('data/huge.json', 50 * 1024 * 1024) ?? '', /^Error: data\/huge\.json is 50\.0 MB, larger than the 5 MB .*search_text/);
    assert.equal(sizeRefusal('ok.ts', maxFileBytes), undefined);
  });
  test('binary files are recognised; UTF-8 text cut inside a character is not', () => {
    assert.equal(isBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), true, 'a PNG');
    assert.equal(isBinary(new Uint8Array([0xff, 0xfe, 0xfd, 0x41])), true, 'not UTF-8');
    const text = Buffer.from('é'.repeat(5000)); // 10,000 bytes: the 8 KB head ends inside no character, but check a cut anyway
    assert.equal(isBinary(text), false);
    assert.equal(isBinary(Buffer.concat([Buffer.from('a'), Buffer.from('é'.repeat(5000))])), false, 'head cut inside a character');
    assert.match(binaryRefusalFor('logo.png'), /binary file/);
  });
  test('line ranges: numbered, clamped, and the rest announced', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n');
    const slice = sliceLines('src/a.ts', text, { startLine: 1, endLine: 80 });
    assert.equal(slice.content.split('\n')[0], 'src/a.ts lines 1–80 of 200');
    assert.equal(slice.content.split('\n')[1], '1: line 1');
    assert.match(slice.content, /\[lines 81–200 not shown/);
    const clamped = sliceLines('src/a.ts', text, { startLine: 190, endLine: 5000 });
    assert.equal(clamped.first, 190);
    assert.equal(clamped.last, 200);
    assert.equal(sliceLines('a', text, { startLine: -5, endLine: 'x' }).first, 1);
    const wide = sliceLines('a', 'x'.repeat(200).concat('\n').repeat(10_000), {});
    assert.ok(Buffer.byteLength(wide.content) <= maxResultBytes, 'whole lines under the bound');
  });
});

describe('globs and lists', () => {
  test('a glob that matches 100,000 files is capped and says so', () => {
    const paths = Array.from({ length: 100_000 }, (_, i) => `src/gen/file${String(i).padStart(6, '0')}.ts`);
    const list = formatList('**/*', paths);
    assert.equal(list.content.split('\n').filter((line) => line.startsWith('src/')).length, maxListed);
    assert.match(list.content, /more than 500 files match/);
    assert.equal(list.summary, 'Listed **/*: more than 500 files');
    assert.ok(Buffer.byteLength(list.content) <= maxResultBytes);
  });
  test('globs that climb out or are absolute are refused', () => {
    for (const glob of ['../**/*', '/etc/*', 'C:\\Windows\\*', '', 7]) assert.ok(globRefusal(glob), String(glob));
    assert.equal(globRefusal('src/**/*.ts'), undefined);
  });
});

describe('search patterns', () => {
  test('catastrophic regexes and backreferences are refused; ordinary ones compile', () => {
    for (const bad of ['(a+)+$', '(a|aa)*b', '(\\w*)*x', '((ab)*)+', '(x+x+)+y', '(a)\\1']) {
      const pattern = compilePattern(bad, true);
      assert.equal(pattern.ok, false, bad);
    }
    for (const good of ['parseConfig\\(', 'export (function|const) \\w+', '[a-z]+_[0-9]{2,}', 'foo(bar)?baz'])
      assert.equal(compilePattern(good, true).ok, true, good);
    assert.equal(compilePattern('(unclosed', true).ok, false);
    assert.equal(compilePattern('x'.repeat(301), false).ok, false);
  });
  test('a literal query matches literally; long lines are skipped and counted', () => {
    const pattern = compilePattern('a.b(', false);
    assert.ok(pattern.ok);
    const result = searchLines('f.ts', `a.b(1)\naxb(\n${'a.b('.repeat(maxLineLength)}`, pattern, 10);
    assert.deepEqual(result.hits, [{ file: 'f.ts', line: 1, text: 'a.b(1)' }]);
    assert.equal(result.skippedLong, 1);
  });
  test('a file stops at its time budget', () => {
    const pattern = compilePattern('nothing', false);
    assert.ok(pattern.ok);
    let clock = 0;
    const result = searchLines('big.ts', 'x\n'.repeat(10_000), pattern, 10, () => (clock += 1));
    assert.equal(result.timedOut, true);
  });
  test('hits summarised as the step line shows them', () => {
    const hits = [
      { file: 'a.ts', line: 1, text: 'parseConfig()' },
      { file: 'a.ts', line: 9, text: 'parseConfig(x)' },
      { file: 'b.ts', line: 2, text: 'parseConfig' },
      { file: 'c.ts', line: 3, text: 'parseConfig' },
    ];
    assert.equal(formatHits('`parseConfig`', hits, []).summary, 'Searched `parseConfig`: 4 hits in 3 files');
  });
});

describe('.gitignore', () => {
  const ignored = parseGitignore('# build output\nnode_modules/\n/dist\n*.log\n!keep.log\nsecret/**\nsrc/**/gen/\n\\#notcomment\n');
  for (const [file, expected] of [
    ['node_modules/x/index.js', true],
    ['packages/a/node_modules/y.js', true],
    ['dist/extension.js', true],
    ['src/dist/thing.ts', false],
    ['debug.log', true],
    ['logs/keep.log', false],
    ['secret/a/b.txt', true],
    ['src/x/gen/out.ts', true],
    ['src/config.ts', false],
    ['#notcomment', true],
  ] as const) {
    test(`${file}: ${expected ? 'ignored' : 'kept'}`, () => assert.equal(ignored(file), expected));
  }
});
