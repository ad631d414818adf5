// search_text through the ripgrep binary VS Code ships (VS Code's own search uses it): its
// arguments, the reading of its `--json` output and the hit cap. Pure; the process itself is
// started in host/tools/ripgrepSearch.ts. Reading ~1,200 files through vscode.workspace.fs and
// matching in JS took ~480 ms a round on a large workspace (README); ripgrep takes a few.
import { maxHits, maxLineLength, type Hit } from './searchText';

/** ripgrep skips larger files (the JS path: 1 MB); a 5 MB source is rare and still cheap to scan. */
export const maxFileSize = '5M';
/** One JSON line larger than this (a match on a huge line) is dropped unread: no hit shows it anyway. */
export const maxJsonLine = 64 * 1024;

export interface RipgrepQuery {
  query: string;
  isRegex: boolean;
  /** The tool's glob; `**\/*` (everything) adds none. */
  glob: string;
  /** files.exclude and search.exclude globs, each passed as a `!` glob. */
  excludes: readonly string[];
}

/**
 * The argument array (no shell ever sees it). Case-insensitive like the JS path; `--hidden` as VS
 * Code's search does (dotfiles are workspace files; .git is excluded below); `--no-require-git`
 * so a folder's .gitignore counts even when the folder is not a git repository, as the JS path's
 * .gitignore filter does; symlinks are not followed (ripgrep's default). `--sort path` keeps the
 * hits in file order, as the JS path returns them (one thread: still milliseconds here). The
 * query goes after `-e` and the path after `--`, so neither is ever read as a flag.
 */
export function ripgrepArgs(q: RipgrepQuery): string[] {
  const args = ['--json', '--ignore-case', ...walkArgs(q.excludes, q.glob), '--sort', 'path', '--max-count', String(maxHits)];
  if (!q.isRegex) args.push('--fixed-strings');
  args.push('-e', q.query, '--', '.');
  return args;
}

/**
 * The files a search over the whole workspace reads, NUL-separated: the same walk as
 * ripgrepArgs', so the kept index (host/tools/searchIndex.ts) holds exactly what ripgrep searches.
 */
export function ripgrepFileArgs(excludes: readonly string[]): string[] {
  return ['--files', '--null', ...walkArgs(excludes, '**/*'), '--', '.'];
}

/** Which files are searched: dotfiles, .gitignore without git, no config file, the size bound, the globs. */
function walkArgs(excludes: readonly string[], glob: string): string[] {
  const args = ['--hidden', '--no-require-git', '--no-config', '--max-filesize', maxFileSize];
  if (glob && glob !== '**/*') args.push('--glob', glob);
  for (const exclude of [...new Set(['**/.git', ...excludes])]) args.push('--glob', `!${exclude}`);
  return args;
}

/** ripgrep's JSON text field: `text` when UTF-8, else `bytes` in base64. */
function textOf(field: unknown): string | undefined {
  if (!field || typeof field !== 'object') return undefined;
  const value = field as { text?: unknown; bytes?: unknown };
  if (typeof value.text === 'string') return value.text;
  if (typeof value.bytes === 'string') return Buffer.from(value.bytes, 'base64').toString('utf8');
  return undefined;
}

export type RipgrepLine = { kind: 'match'; path: string; line: number; text: string } | { kind: 'summary' } | { kind: 'other' } | { kind: 'invalid' };

/** One line of `rg --json`. Paths come as ripgrep prints them under cwd (`./src/a.ts`): `./` is dropped. */
export function parseRipgrepLine(line: string): RipgrepLine {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return { kind: 'invalid' };
  }
  if (!message || typeof message !== 'object') return { kind: 'invalid' };
  const { type, data } = message as { type?: unknown; data?: Record<string, unknown> };
  if (type === 'summary') return { kind: 'summary' };
  if (type !== 'match') return { kind: 'other' };
  if (!data || typeof data !== 'object') return { kind: 'invalid' };
  const path = textOf(data.path);
  const text = textOf(data.lines);
  const lineNumber = data.line_number;
  if (path === undefined || text === undefined || typeof lineNumber !== 'number' || !Number.isInteger(lineNumber) || lineNumber < 1) return { kind: 'invalid' };
  return { kind: 'match', path: path.replace(/^\.\//, ''), line: lineNumber, text };
}

/** Splits a byte stream into lines, dropping (and counting) a line longer than `limit` without holding it. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private overlong = false;
  dropped = 0;

  constructor(private readonly limit = maxJsonLine) {}

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, end));
      const line = this.flush();
      if (line !== undefined) lines.push(line);
      start = end + 1;
    }
    this.take(chunk.subarray(start));
    return lines;
  }

  /** The last line when the stream ends without a newline. */
  end(): string[] {
    const line = this.held || this.overlong ? this.flush() : undefined;
    return line === undefined ? [] : [line];
  }

  private take(piece: Buffer): void {
    if (this.overlong || !piece.length) return;
    if (this.held + piece.length > this.limit) {
      this.overlong = true;
      this.parts = [];
      this.held = 0;
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.held += piece.length;
  }

  private flush(): string | undefined {
    const overlong = this.overlong;
    const line = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.held = 0;
    this.overlong = false;
    if (overlong) {
      this.dropped++;
      return undefined;
    }
    return line;
  }
}

/** The hits kept from ripgrep's matches: at most `maxHits` in all, long lines skipped as the JS path does. */
export class HitCollector {
  readonly hits: Hit[] = [];
  skippedLong = 0;
  invalid = 0;

  get full(): boolean {
    return this.hits.length >= maxHits;
  }

  /** `file` is the name the model sees (the folder's name first in a multi-root workspace). */
  add(file: string, line: number, text: string): void {
    if (this.full) return;
    const content = text.replace(/\r?\n$/, '');
    if (content.length > maxLineLength) {
      this.skippedLong++;
      return;
    }
    this.hits.push({ file, line, text: content.trim().slice(0, 200) });
  }
}

/**
 * The notes a search's result ends with, in this order, whichever way it was answered (ripgrep, or
 * the kept file texts: host/tools/searchIndex.ts), so the model reads the same words for the same search.
 */
export function hitNotes(collect: HitCollector, { secrets = 0, timedOutAfterMs }: { secrets?: number; timedOutAfterMs?: number } = {}): string[] {
  const notes: string[] = [];
  if (timedOutAfterMs !== undefined) notes.push(`the search stopped after ${timedOutAfterMs / 1000} s: not every file was searched`);
  if (collect.full) notes.push(`stopped at ${collect.hits.length} hits: use a more specific query`);
  if (secrets) notes.push(`matches in ${secrets} line(s) of secret-looking files were left out`);
  if (collect.skippedLong) notes.push(`${collect.skippedLong} matching line(s) over 2,000 characters were left out`);
  if (collect.invalid) notes.push(`${collect.invalid} unreadable line(s) of search output were skipped`);
  return notes;
}

/** A regex ripgrep refused (its stderr), as the model's error; undefined when ripgrep failed otherwise. */
export function regexRefusal(stderr: string): string | undefined {
  if (!/regex parse error|error parsing regex|regex.*(not supported|too big)/i.test(stderr)) return undefined;
  const detail = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('error:'))
    .join(' ')
    .slice(0, 300);
  return `the regex was refused: ${detail || 'ripgrep cannot parse it'}; use a simpler one or a literal query`;
}
