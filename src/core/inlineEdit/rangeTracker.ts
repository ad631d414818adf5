// Where the edited range is while the reply streams and waits for a decision. The rest of the file
// stays editable: an edit above the range moves it, an edit below it changes nothing, and an edit
// that touches it (inside it, across a boundary, or typed at its end) marks it changed, after
// which Accept is refused: the replacement was made for text that is no longer there. Pure: no
// `vscode` import; positions are VS Code's (0-based line and UTF-16 character).

export interface Position {
  line: number;
  character: number;
}

export interface LineRange {
  start: Position;
  end: Position;
}

/** One content change as VS Code reports it: `range` in the document before the change. */
export interface TextChange {
  range: LineRange;
  text: string;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** `position` (at or after `change.range.end`) where it lands once the change is made. */
function shifted(position: Position, change: TextChange): Position {
  const lines = change.text.split('\n');
  const endOfInsert =
    lines.length === 1
      ? { line: change.range.start.line, character: change.range.start.character + lines[0].length }
      : { line: change.range.start.line + lines.length - 1, character: lines[lines.length - 1].length };
  if (position.line === change.range.end.line) {
    return { line: endOfInsert.line, character: endOfInsert.character + (position.character - change.range.end.character) };
  }
  return { line: position.line + (endOfInsert.line - change.range.end.line), character: position.character };
}

export class RangeTracker {
  private current: LineRange;
  private touched = false;

  constructor(range: LineRange) {
    this.current = { start: { ...range.start }, end: { ...range.end } };
  }

  get range(): LineRange {
    return this.current;
  }

  /** True once an edit touched the range: Accept is refused from then on. */
  get changed(): boolean {
    return this.touched;
  }

  /**
   * Applies one document change; changes of one event are given in the order VS Code lists them
   * (each in the coordinates of the document before the event, sorted from the end backwards, so
   * applying them in order is safe). Returns what it did to the range.
   */
  apply(change: TextChange): 'moved' | 'unchanged' | 'touched' {
    const { start, end } = this.current;
    if (compare(change.range.start, end) > 0) return 'unchanged';
    if (compare(change.range.end, start) <= 0) {
      const noOp = change.text === '' && compare(change.range.start, change.range.end) === 0;
      if (noOp) return 'unchanged';
      this.current = { start: shifted(start, change), end: shifted(end, change) };
      return 'moved';
    }
    this.touched = true;
    return 'touched';
  }
}
