// search_text answered from memory: the rules that make an answer from the kept file texts the
// same as the ripgrep run it replaces (host/tools/searchIndex.ts keeps the texts and checks them
// against the disk). Pure. The same hits in the same order: files in `rg --sort path` order, a
// file's matching lines counted as ripgrep's --max-count counts them (lines, not matches), a
// literal matched case-insensitively with Unicode simple case folding (the `iu` flags; ripgrep's
// --ignore-case folds the same way), each line handed to the same HitCollector.
import { maxHits } from './searchText';

/** Past these the index is not kept (ripgrep answers every search): its stat check per search stays a few ms. */
export const indexLimits = { files: 5_000, bytes: 32 * 1024 * 1024 };

export interface IndexQuery {
  query: string;
  isRegex: boolean;
  glob: string;
}

/**
 * Only a literal on one line over the whole workspace. A regex goes to ripgrep, whose syntax is
 * not JavaScript's; so does a glob, whose matching rules are ripgrep's; and a literal with a line
 * break, which ripgrep refuses.
 */
export function answerableFromIndex(q: IndexQuery): boolean {
  return !q.isRegex && (!q.glob || q.glob === '**/*') && q.query.length > 0 && !/[\r\n]/.test(q.query);
}

/** The order ripgrep's `--sort path` walks in: each folder's entries by name, byte by byte, depth first. */
export function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    return Buffer.compare(Buffer.from(x[i], 'utf8'), Buffer.from(y[i], 'utf8'));
  }
  return x.length - y.length;
}

export function literalMatcher(query: string): RegExp {
  return new RegExp(query.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'giu');
}

/**
 * A file's lines holding a match, each with its line break as ripgrep prints it, at most
 * `perFile` (ripgrep's --max-count). The line number is counted from the line breaks before the
 * match, so it is right whatever the text holds.
 */
export function matchingLines(text: string, matcher: RegExp, perFile = maxHits): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = [];
  matcher.lastIndex = 0;
  let line = 1;
  let counted = 0;
  for (let match = matcher.exec(text); match && found.length < perFile; match = matcher.exec(text)) {
    for (let at = text.indexOf('\n', counted); at !== -1 && at < match.index; at = text.indexOf('\n', at + 1)) {
      line++;
      counted = at + 1;
    }
    const start = text.lastIndexOf('\n', match.index - 1) + 1;
    const end = text.indexOf('\n', match.index);
    found.push({ line, text: end === -1 ? text.slice(start) : text.slice(start, end + 1) });
    if (end === -1) break;
    // The rest of this line is not searched again: one hit per line, as ripgrep reports.
    matcher.lastIndex = end + 1;
  }
  return found;
}

/** A file's bytes as ripgrep reads them: a UTF-16 or UTF-8 byte-order mark decides, else UTF-8 (bad bytes as U+FFFD). */
export function decodeAsRipgrep(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** ripgrep skips a file with a NUL byte (its binary detection) unless a byte-order mark says UTF-16. */
export function skippedAsBinary(bytes: Uint8Array): boolean {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !utf16 && bytes.includes(0);
}

/** A file's text as ripgrep searches it, or undefined for a file it skips as binary. */
export function textAsRipgrepReads(bytes: Uint8Array): string | undefined {
  return skippedAsBinary(bytes) ? undefined : decodeAsRipgrep(bytes);
}
