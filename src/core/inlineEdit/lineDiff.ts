// The line diff of an edit in place, computed online: each new line of the reply is placed against
// the original range's lines as soon as it is complete, and what was placed is never revisited.
// That is what lets the editor paint the first changed line at once and update only what a delta
// changed; and because no decision depends on lines still to come, feeding the reply line by line
// gives exactly the diff of feeding it whole. Pure: no `vscode` import.

export type DiffOp =
  { kind: 'same'; oldIndex: number; newIndex: number } | { kind: 'removed'; oldIndex: number } | { kind: 'added'; newIndex: number; text: string };

/** How far ahead of the current original line a new line may match (a model rarely drops more). */
export const lookAhead = 80;

function key(line: string): string {
  return line.trimEnd();
}

/**
 * A line too common to anchor a match far away: blank, or only brackets and punctuation (`}`,
 * `});`, `end`). Such a line may skip no more original lines than new lines were added since the
 * last match (a rewritten body followed by its closing brace); matching it further on would mark
 * every line in between removed.
 */
function isTrivial(line: string): boolean {
  const text = line.trim();
  return text.length === 0 || /^[\s{}()[\];,.:]*$/.test(text) || /^(end|fi|done|else|\*\/|\/\*\*?)$/.test(text);
}

export class LineDiffer {
  private next = 0; // the first original line not yet placed
  private count = 0; // new lines placed so far
  private lastMatch = -1; // the new line index of the last unchanged line
  private readonly all: DiffOp[] = [];
  private finished = false;

  constructor(private readonly original: readonly string[]) {}

  /** Every op so far, in order. */
  get ops(): readonly DiffOp[] {
    return this.all;
  }

  /** Original lines not yet placed: still to be matched, or removed when the reply ends. */
  get pendingFrom(): number {
    return this.next;
  }

  /** Places one complete new line; returns the ops it added (removals it uncovered, then its own). */
  push(line: string): DiffOp[] {
    if (this.finished) throw new Error('the diff is finished');
    const newIndex = this.count++;
    const wanted = key(line);
    const added: DiffOp[] = [];
    const addedSince = newIndex - this.lastMatch - 1;
    const limit = this.next + 1 + (isTrivial(line) ? Math.min(addedSince, lookAhead) : lookAhead);
    let match = -1;
    for (let index = this.next; index < Math.min(limit, this.original.length); index++) {
      if (key(this.original[index]) === wanted) {
        match = index;
        break;
      }
    }
    if (match < 0) {
      added.push({ kind: 'added', newIndex, text: line });
    } else {
      for (let index = this.next; index < match; index++) added.push({ kind: 'removed', oldIndex: index });
      added.push({ kind: 'same', oldIndex: match, newIndex });
      this.next = match + 1;
      this.lastMatch = newIndex;
    }
    this.all.push(...added);
    return added;
  }

  /** The reply ended: the original lines never matched are removed. */
  finish(): DiffOp[] {
    if (this.finished) return [];
    this.finished = true;
    const added: DiffOp[] = [];
    for (let index = this.next; index < this.original.length; index++) added.push({ kind: 'removed', oldIndex: index });
    this.next = this.original.length;
    this.all.push(...added);
    return added;
  }
}

/** The one-shot diff of a whole reply: the reference the streamed diff must equal. */
export function diffLines(original: readonly string[], replacement: readonly string[]): DiffOp[] {
  const differ = new LineDiffer(original);
  for (const line of replacement) differ.push(line);
  differ.finish();
  return [...differ.ops];
}
