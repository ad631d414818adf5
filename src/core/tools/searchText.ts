// search_text's pattern and matching, bounded so a hostile or careless query cannot hang the
// extension host: regexes with nested quantifiers or backreferences (the shapes that backtrack
// catastrophically) are refused, long lines are skipped, and each file and the whole search stop
// at a time and hit budget, with the model told what was left out. Pure.

export const maxPatternLength = 300;
export const maxHits = 200;
export const maxLineLength = 2_000;
export const perFileBudgetMs = 50;

/**
 * `mayContain` is a cheap test of a whole file before its lines are split and tested one by one:
 * false only when no line can match (a literal: the file's text lacks it, case-insensitively);
 * most files of a workspace lack what is searched, and testing them line by line was most of a
 * search's time (the grounding bench, README). A regex always says true: testing it across line
 * ends could miss what a line alone matches (a lookbehind at a line's start).
 */
export type Pattern = { ok: true; test(line: string): boolean; mayContain(text: string): boolean; label: string } | { ok: false; reason: string };

/** A quantified group holding a quantifier ((a+)+, (a|aa)*, (\w*)*) or a backreference: can take exponential time. */
export function dangerousRegex(source: string): string | undefined {
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed';
  const stack: boolean[] = []; // per open group: does it hold a quantifier or an alternation?
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push(false);
    else if ((c === '*' || c === '+' || c === '?' || c === '{' || c === '|') && stack.length) stack[stack.length - 1] = true;
    else if (c === ')') {
      const risky = stack.pop() ?? false;
      const next = source[i + 1];
      if (risky && (next === '*' || next === '+' || next === '{')) return 'nested quantifiers (like (a+)+) can take forever';
      if (risky && stack.length) stack[stack.length - 1] = true;
    }
  }
  return undefined;
}

export function compilePattern(query: unknown, isRegex: unknown): Pattern {
  if (typeof query !== 'string' || !query) return { ok: false, reason: 'query is required' };
  if (query.length > maxPatternLength) return { ok: false, reason: `query is longer than ${maxPatternLength} characters` };
  if (isRegex !== true) {
    const needle = query.toLowerCase();
    return { ok: true, test: (line) => line.toLowerCase().includes(needle), mayContain: (text) => text.toLowerCase().includes(needle), label: `\`${query}\`` };
  }
  const danger = dangerousRegex(query);
  if (danger) return { ok: false, reason: `the regex was refused: ${danger}; use a simpler one or a literal query` };
  try {
    const regex = new RegExp(query, 'i');
    return { ok: true, test: (line) => regex.test(line), mayContain: () => true, label: `/${query}/` };
  } catch (error) {
    return { ok: false, reason: `the regex does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface Hit {
  file: string;
  line: number;
  text: string;
}

/** The hits in one file's text, within the per-file time budget and the hits left. */
export function searchLines(
  file: string,
  text: string,
  pattern: Extract<Pattern, { ok: true }>,
  hitsLeft: number,
  now: () => number = performance.now.bind(performance),
) {
  const hits: Hit[] = [];
  const started = now();
  let skippedLong = 0;
  let timedOut = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && hits.length < hitsLeft; i++) {
    if (lines[i].length > maxLineLength) {
      skippedLong++;
      continue;
    }
    if (pattern.test(lines[i])) hits.push({ file, line: i + 1, text: lines[i].trim().slice(0, 200) });
    if ((i & 63) === 63 && now() - started > perFileBudgetMs) {
      timedOut = true;
      break;
    }
  }
  return { hits, skippedLong, timedOut };
}

export function formatHits(label: string, hits: readonly Hit[], notes: readonly string[]): { summary: string; content: string } {
  const files = new Set(hits.map((hit) => hit.file)).size;
  const summary = `Searched ${label}: ${hits.length}${hits.length >= maxHits ? '+' : ''} hit${hits.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  const body = hits.length ? hits.map((hit) => `${hit.file}:${hit.line}: ${hit.text}`).join('\n') : 'No matches.';
  return { summary, content: [body, ...notes.map((note) => `[${note}]`)].join('\n') };
}
