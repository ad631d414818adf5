// search_text through ripgrep, the pure parts: the argument array, the reading of `rg --json`
// (hostile paths and lines, broken JSON), the line splitter's bound and the hit cap; and, when the
// ripgrep VS Code ships is in .vscode-test, those arguments against the real binary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HitCollector, LineSplitter, parseRipgrepLine, regexRefusal, ripgrepArgs } from '../../src/core/tools/ripgrep';
import { maxHits } from '../../src/core/tools/searchText';
import { searchWithRipgrep } from '../../src/host/tools/ripgrepSearch';

const matchLine = (file: string, line: number, text: string) =>
  JSON.stringify({ type: 'match', data: { path: { text: file }, lines: { text }, line_number: line, absolute_offset: 0, submatches: [] } });

describe('ripgrep arguments', () => {
  test('a literal query is fixed-string, after -e, with the path after --; excludes as ! globs; case-insensitive', () => {
    const args = ripgrepArgs({ query: '--files', isRegex: false, glob: 'src/**/*.ts', excludes: ['**/node_modules', '**/.git'] });
    assert.ok(args.includes('--fixed-strings'));
    assert.ok(args.includes('--ignore-case'));
    assert.ok(args.includes('--no-require-git'));
    assert.ok(!args.includes('--follow') && !args.includes('-L'), 'symlinks are not followed');
    assert.deepStrictEqual(args.slice(-4), ['-e', '--files', '--', '.']);
    assert.deepStrictEqual(args.slice(args.indexOf('--max-filesize'), args.indexOf('--max-filesize') + 2), ['--max-filesize', '5M']);
    assert.deepStrictEqual(args.slice(args.indexOf('--max-count'), args.indexOf('--max-count') + 2), ['--max-count', String(maxHits)]);
    const globs = args.flatMap((arg, i) => (arg === '--glob' ? [args[i + 1]] : []));
    assert.deepStrictEqual(globs, ['src/**/*.ts', '!**/.git', '!**/node_modules']);
  });

  test('a regex is passed as is; the catch-all glob adds none', () => {
    const args = ripgrepArgs({ query: 'parse\\w+\\(', isRegex: true, glob: '**/*', excludes: [] });
    assert.ok(!args.includes('--fixed-strings'));
    assert.deepStrictEqual(args.slice(-4), ['-e', 'parse\\w+\\(', '--', '.']);
    assert.deepStrictEqual(
      args.flatMap((arg, i) => (arg === '--glob' ? [args[i + 1]] : [])),
      ['!**/.git'],
    );
  });
});

describe('ripgrep output', () => {
  test('a match: path without ./, line number, text; a colon or a newline in the path stays in the path', () => {
    assert.deepStrictEqual(parseRipgrepLine(matchLine('./src/a:b.ts', 3, 'x\n')), { kind: 'match', path: 'src/a:b.ts', line: 3, text: 'x\n' });
    assert.deepStrictEqual(parseRipgrepLine(matchLine('./we\nird:12:.ts', 7, 'foo')), { kind: 'match', path: 'we\nird:12:.ts', line: 7, text: 'foo' });
  });

  test('a path or line that is not UTF-8 comes as base64 bytes and is decoded', () => {
    const line = JSON.stringify({
      type: 'match',
      data: {
        path: { bytes: Buffer.from('./b.ts').toString('base64') },
        lines: { bytes: Buffer.from('caf\xe9', 'latin1').toString('base64') },
        line_number: 1,
      },
    });
    const parsed = parseRipgrepLine(line);
    assert.equal(parsed.kind, 'match');
    assert.equal(parsed.kind === 'match' && parsed.path, 'b.ts');
  });

  test('broken or strange lines are invalid or ignored, never a hit', () => {
    assert.equal(parseRipgrepLine('{"type":"match","data":{').kind, 'invalid');
    assert.equal(parseRipgrepLine('not json').kind, 'invalid');
    assert.equal(parseRipgrepLine('null').kind, 'invalid');
    assert.equal(parseRipgrepLine(JSON.stringify({ type: 'match', data: { path: { text: 'a' }, lines: { text: 'x' }, line_number: 0 } })).kind, 'invalid');
    assert.equal(parseRipgrepLine(JSON.stringify({ type: 'match', data: { path: 7, lines: { text: 'x' }, line_number: 1 } })).kind, 'invalid');
    assert.equal(parseRipgrepLine(JSON.stringify({ type: 'begin', data: {} })).kind, 'other');
    assert.equal(parseRipgrepLine(JSON.stringify({ type: 'summary', data: {} })).kind, 'summary');
  });

  test('the splitter joins lines across chunks and drops an overlong one without holding it', () => {
    const splitter = new LineSplitter(20);
    assert.deepStrictEqual(splitter.push(Buffer.from('abc\nde')), ['abc']);
    assert.deepStrictEqual(splitter.push(Buffer.from('f\n' + 'x'.repeat(15))), ['def']);
    assert.deepStrictEqual(splitter.push(Buffer.from('y'.repeat(15))), []);
    assert.deepStrictEqual(splitter.push(Buffer.from('z\nlast')), []);
    assert.equal(splitter.dropped, 1);
    assert.deepStrictEqual(splitter.end(), ['last']);
  });

  test('a character split across chunks is decoded whole', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('é\n');
    assert.deepStrictEqual(splitter.push(bytes.subarray(0, 1)), []);
    assert.deepStrictEqual(splitter.push(bytes.subarray(1)), ['é']);
  });

  test('the collector stops at the hit cap, skips a huge line and trims as the JS path does', () => {
    const collect = new HitCollector();
    collect.add('a.ts', 1, 'y'.repeat(5_000) + '\n');
    collect.add('a.ts', 2, '   padded  \r\n');
    for (let i = 0; i < maxHits + 10; i++) collect.add('b.ts', i + 1, 'hit');
    assert.equal(collect.skippedLong, 1);
    assert.equal(collect.hits.length, maxHits);
    assert.deepStrictEqual(collect.hits[0], { file: 'a.ts', line: 2, text: 'padded' });
    assert.ok(collect.full);
  });

  test("ripgrep's regex error becomes the model's message; another failure does not", () => {
    const stderr =
      'regex parse error:\n    a(?<=b)\n     ^^^^\nerror: look-around, including look-ahead and look-behind, is not supported\n\nConsider enabling PCRE2';
    assert.match(regexRefusal(stderr) ?? '', /^the regex was refused: error: look-around.*not supported; use a simpler one/);
    assert.equal(regexRefusal('rg: ./x: Permission denied (os error 13)'), undefined);
  });
});

const shipped = path.join(__dirname, '../../../.vscode-test/code-server/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');

describe('the arguments against the ripgrep VS Code ships', { skip: !existsSync(shipped) && 'no code-server in .vscode-test' }, () => {
  test('hits in file order; .gitignore (no git repository), excludes and the glob honoured; hostile names survive', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'flashlight-rg-'));
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'ignored'));
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, '.gitignore'), 'ignored/\n');
    writeFileSync(path.join(root, 'src/b.ts'), 'one Needle\n');
    writeFileSync(path.join(root, 'src/a.ts'), 'no\nneedle here\n');
    writeFileSync(path.join(root, 'src/we:ird\n1:x.ts'), 'needle\n');
    writeFileSync(path.join(root, 'src/c.md'), 'needle\n');
    writeFileSync(path.join(root, 'ignored/d.ts'), 'needle\n');
    writeFileSync(path.join(root, 'node_modules/e.ts'), 'needle\n');
    const run = (isRegex: boolean, query: string) => {
      let out: string;
      try {
        out = execFileSync(shipped, ripgrepArgs({ query, isRegex, glob: '**/*.ts', excludes: ['**/node_modules'] }), { cwd: root, encoding: 'utf8' });
      } catch (error) {
        out = (error as { stdout: string }).stdout;
      }
      return out.split('\n').flatMap((line) => {
        const parsed = parseRipgrepLine(line);
        return parsed.kind === 'match' ? [`${parsed.path}:${parsed.line}`] : [];
      });
    };
    assert.deepStrictEqual(run(false, 'needle'), ['src/a.ts:2', 'src/b.ts:1', 'src/we:ird\n1:x.ts:1']);
    assert.deepStrictEqual(run(true, 'ne+dle\\s+here'), ['src/a.ts:2']);
  });
});

describe('a search stopped at the hit cap', { skip: !existsSync(shipped) && 'no code-server in .vscode-test' }, () => {
  test('says it stopped, and never that output was unreadable (the line the stop cut short is not output)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'flashlight-rg-cap-'));
    for (let i = 0; i < 400; i++)
      writeFileSync(
        path.join(root, `f${String(i).padStart(3, '0')}.ts`),
        Array.from({ length: 5 }, (_, k) => `needle ${k} ${'x'.repeat(80)}`).join('\n') + '\n',
      );
    for (let run = 0; run < 3; run++) {
      const outcome = await searchWithRipgrep(
        shipped,
        { query: 'needle', isRegex: false, glob: '**/*', excludes: [] },
        [root],
        () => () => false,
        10_000,
        new AbortController().signal,
      );
      assert.ok(outcome?.ok);
      assert.equal(outcome.hits.length, maxHits);
      assert.deepStrictEqual(outcome.notes, [`stopped at ${maxHits} hits: use a more specific query`]);
    }
  });
});
