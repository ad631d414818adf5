// The code lines of an edit reply as they stream in: the reply is asked for as one fenced block
// then a "Why:" line (replyParser.ts), so lines before the opening fence are prose, lines inside
// it are code, and the closing fence ends the code. Only complete lines are given out (a line is
// complete at its line break, or when the reply ends). The parser in replyParser.ts stays the
// authority on the finished reply; this only paints the stream. Pure: no `vscode` import.

const openingFence = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*)$/;

export type ReplyPhase = 'prose' | 'code' | 'after';

export class ReplyLines {
  private buffer = '';
  private phase: ReplyPhase = 'prose';
  private fenceChar = '`';
  private fenceLength = 3;
  private indent = 0;
  private ended = false;

  get state(): ReplyPhase {
    return this.phase;
  }

  /** The code lines this chunk completed. */
  push(chunk: string): string[] {
    if (this.ended) return [];
    this.buffer += chunk;
    const out: string[] = [];
    let cut = this.buffer.indexOf('\n');
    while (cut >= 0) {
      this.take(this.buffer.slice(0, cut).replace(/\r$/, ''), out);
      this.buffer = this.buffer.slice(cut + 1);
      cut = this.buffer.indexOf('\n');
    }
    return out;
  }

  /** The reply ended: its last line, if it had no line break, is complete now. */
  end(): string[] {
    if (this.ended) return [];
    this.ended = true;
    const out: string[] = [];
    if (this.buffer !== '') this.take(this.buffer.replace(/\r$/, ''), out);
    this.buffer = '';
    return out;
  }

  private take(line: string, out: string[]): void {
    if (this.phase === 'prose') {
      const open = openingFence.exec(line);
      if (open) {
        this.phase = 'code';
        this.fenceChar = open[1][0];
        this.fenceLength = open[1].length;
        this.indent = /^ */.exec(line)![0].length;
      }
      return;
    }
    if (this.phase === 'after') return;
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (close && close[1][0] === this.fenceChar && close[1].length >= this.fenceLength) {
      this.phase = 'after';
      return;
    }
    let strip = 0;
    while (strip < this.indent && line[strip] === ' ') strip++;
    out.push(line.slice(strip));
  }
}
