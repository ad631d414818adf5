// Which lines a fix replaces, and which lines the model sees around them. Pure: no `vscode` import.
import { indentationBlock } from '../editor/indentationBlock';

export interface LineSpan {
  start: number; // 0-based, inclusive
  end: number; // 0-based, inclusive
}

export interface FixLines {
  /** Whole lines replaced by the suggestion. */
  replace: LineSpan;
  /** Lines shown to the model above and below, read-only (may be empty spans). */
  before: LineSpan;
  after: LineSpan;
}

export const maxFixBlockLines = 60;
export const contextLines = 10;

/**
 * For a diagnostic on lines `from`..`to`: the enclosing block when it is small enough to read at a
 * glance in a diff (a short function, an if), else the diagnostic's lines with `margin` lines on
 * each side. `lines` is the document; it is read only after the user picked the action.
 */
export function fixLines(lines: readonly string[], from: number, to: number, margin = 3): FixLines {
  const last = Math.max(0, lines.length - 1);
  const start = Math.min(Math.max(0, from), last);
  const end = Math.min(Math.max(start, to), last);
  const block = indentationBlock(lines as string[], start);
  let replace: LineSpan;
  if (block && block.start <= start && block.end >= end && block.end - block.start < maxFixBlockLines) {
    replace = block;
  } else {
    replace = { start: Math.max(0, start - margin), end: Math.min(last, end + margin) };
  }
  return {
    replace,
    before: { start: Math.max(0, replace.start - contextLines), end: replace.start - 1 },
    after: { start: replace.end + 1, end: Math.min(last, replace.end + contextLines) },
  };
}
