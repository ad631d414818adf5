// Where tests for a file live, by the conventions of its language. "Write Tests" appends to the
// first of these that exists (shown as a diff to accept), else opens a new untitled file with the
// first name as its suggested path. Pure: no `vscode` import; paths use '/'.

function split(path: string): { dir: string; base: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { dir, base: name.slice(0, dot), ext: name.slice(dot) } : { dir, base: name, ext: '' };
}

function parent(dir: string): string {
  const trimmed = dir.replace(/\/$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(0, slash + 1) : '';
}

/** True for a file that is itself a test, so tests for it are not looked for beside it. */
export function isTestFile(path: string): boolean {
  const { base } = split(path);
  return /(\.|_)(test|spec)$/i.test(base) || /^test_/.test(base) || /Tests?$/.test(base) || /(^|\/)(__tests__|tests?)\//.test(path);
}

/** Candidate test files for `path`, most conventional first. */
export function testFileCandidates(path: string, languageId: string): string[] {
  const { dir, base, ext } = split(path);
  const up = parent(dir);
  switch (languageId) {
    case 'typescript':
    case 'typescriptreact':
    case 'javascript':
    case 'javascriptreact': {
      const e = ext || '.ts';
      return [
        `${dir}${base}.test${e}`,
        `${dir}${base}.spec${e}`,
        `${dir}__tests__/${base}.test${e}`,
        `${up}test/${base}.test${e}`,
        `${up}tests/${base}.test${e}`,
      ];
    }
    case 'python':
      return [`${dir}test_${base}.py`, `${dir}${base}_test.py`, `${dir}tests/test_${base}.py`, `${up}tests/test_${base}.py`];
    case 'go':
      return [`${dir}${base}_test.go`];
    case 'ruby':
      return [`${dir}${base}_spec.rb`, `${up}spec/${base}_spec.rb`, `${dir}${base}_test.rb`];
    case 'java':
    case 'kotlin':
    case 'csharp':
    case 'swift':
      return [`${dir}${base}Test${ext}`, `${dir}${base}Tests${ext}`];
    case 'php':
      return [`${dir}${base}Test.php`, `${up}tests/${base}Test.php`];
    case 'rust':
      return [`${up}tests/${base}.rs`];
    default:
      return [`${dir}${base}.test${ext}`, `${dir}test_${base}${ext}`];
  }
}
