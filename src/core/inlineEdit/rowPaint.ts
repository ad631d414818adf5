// How a line diff is drawn over the range's own rows without writing to the document. VS Code's
// decorations cannot add rows (an `after`/`before` contentText keeps only its first line, and the
// view zones that would make room are not public API), so each hunk's new lines are drawn on the
// rows it removes, one per row, and the rows left over when it adds more than it removes carry the
// rest on its last row, joined by " ⏎ ". A hunk that only inserts is drawn after the line above it
// (or before the range's first line). Pure: no `vscode` import.
import type { DiffOp } from './lineDiff';

export interface RowPaint {
  row: number; // 0-based, in the original range
  removed: boolean;
  /** New lines drawn on this row, in order. */
  added: string[];
  /** Where `added` is drawn: after the row's text (the usual), or before it (an insertion at the top). */
  placement: 'after' | 'before';
}

export const joiner = '  ⏎  ';

interface Hunk {
  removedRows: number[];
  added: string[];
  anchor: number; // the row of the last unchanged line before the hunk, -1 at the top
}

/** The paint of one hunk: its removed rows, with its new lines spread over them. */
export function paintHunk(hunk: Hunk): RowPaint[] {
  const { removedRows, added } = hunk;
  if (removedRows.length === 0) {
    if (added.length === 0) return [];
    return hunk.anchor >= 0
      ? [{ row: hunk.anchor, removed: false, added: [...added], placement: 'after' }]
      : [{ row: 0, removed: false, added: [...added], placement: 'before' }];
  }
  return removedRows.map((row, index) => {
    const last = index === removedRows.length - 1;
    const mine = last ? added.slice(index) : added.slice(index, index + 1);
    return { row, removed: true, added: mine, placement: 'after' as const };
  });
}

/**
 * The paint of a diff, kept as it grows: hunks closed by an unchanged line never change again, so
 * each new op repaints only the open hunk (the incremental path the editor uses).
 */
export class RowPainter {
  private readonly closed: RowPaint[] = [];
  private open: Hunk = { removedRows: [], added: [], anchor: -1 };

  /** Feeds ops in order; returns true when a hunk closed (the settled paint grew). */
  add(ops: readonly DiffOp[]): boolean {
    let closedAny = false;
    for (const op of ops) {
      if (op.kind === 'removed') this.open.removedRows.push(op.oldIndex);
      else if (op.kind === 'added') this.open.added.push(op.text);
      else {
        if (this.open.removedRows.length > 0 || this.open.added.length > 0) {
          this.closed.push(...paintHunk(this.open));
          closedAny = true;
        }
        this.open = { removedRows: [], added: [], anchor: op.oldIndex };
      }
    }
    return closedAny;
  }

  /** Paint of the closed hunks: settled. */
  get settled(): readonly RowPaint[] {
    return this.closed;
  }

  /** Paint of the hunk still open: redrawn on every delta, and small. */
  get tail(): RowPaint[] {
    return paintHunk(this.open);
  }

  all(): RowPaint[] {
    return [...this.closed, ...this.tail];
  }
}

/** The paint of a whole diff at once: the reference the incremental painter must equal. */
export function paintAll(ops: readonly DiffOp[]): RowPaint[] {
  const painter = new RowPainter();
  painter.add(ops);
  return painter.all();
}
