// One edit in place, without the editor: the reply's chunks go in, the diff and its paint come out,
// and when the reply ends the reply parser (the authority on what the code is) settles it. If the
// parsed, re-indented code differs from what was streamed (the model indented flush left, nested
// fences), the diff is recomputed once from it, so what is shown at the end is what Accept writes.
// Pure: no `vscode` import.
import { reindentLike } from '../editor/reindent';
import { replacementOf } from '../prompts/replyParser';
import { LineDiffer, type DiffOp } from './lineDiff';
import { ReplyLines } from './replyLines';
import { RowPainter, type RowPaint } from './rowPaint';
import { endState, type SessionState } from './session';

export interface EndResult {
  state: SessionState;
  /** The reply's "Why:" (or the explanation, for `notCode`). */
  why: string;
  /** Said when the parser could not use the reply. */
  reason?: string;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export class InlineEditModel {
  readonly originalLines: string[];
  private readonly reply = new ReplyLines();
  private differ: LineDiffer;
  private painter = new RowPainter();
  private streamed: string[] = [];
  private text = '';
  private current: SessionState = 'streaming';
  private final: string | undefined;

  constructor(
    readonly original: string,
    private readonly languageId: string,
  ) {
    this.originalLines = splitLines(original);
    this.differ = new LineDiffer(this.originalLines);
  }

  get state(): SessionState {
    return this.current;
  }

  get replyText(): string {
    return this.text;
  }

  get ops(): readonly DiffOp[] {
    return this.differ.ops;
  }

  /** New lines so far. */
  get newLines(): readonly string[] {
    return this.streamed;
  }

  /** Original rows not placed yet (still streaming): drawn as they are. */
  get pendingFrom(): number {
    return this.differ.pendingFrom;
  }

  /** The replacement Accept writes: only once the reply finished as code. */
  get replacement(): string | undefined {
    return this.current === 'done' ? this.final : undefined;
  }

  get hasChange(): boolean {
    return this.final !== undefined && this.final.replace(/\r\n/g, '\n') !== this.original.replace(/\r\n/g, '\n');
  }

  settledPaint(): readonly RowPaint[] {
    return this.painter.settled;
  }

  tailPaint(): RowPaint[] {
    return this.painter.tail;
  }

  paint(): RowPaint[] {
    return this.painter.all();
  }

  /** One content delta. Returns the number of complete code lines it added (0: nothing to repaint). */
  append(chunk: string): number {
    if (this.current !== 'streaming') return 0;
    this.text += chunk;
    return this.place(this.reply.push(chunk));
  }

  private place(lines: string[]): number {
    for (const line of lines) {
      this.streamed.push(line);
      this.painter.add(this.differ.push(line));
    }
    return lines.length;
  }

  /** The reply ended normally (`finishReason` from the stream's last chunk). */
  end(finishReason?: string): EndResult {
    if (this.current !== 'streaming') return { state: this.current, why: '' };
    this.place(this.reply.end());
    const parsed = replacementOf(this.text, this.languageId, this.original || undefined);
    const state = endState({
      finishReason,
      parsed: parsed.ok,
      fenced: parsed.ok && parsed.reply.fenced,
      complete: parsed.ok && parsed.reply.complete,
    });
    this.current = state;
    if (state === 'done' && parsed.ok) {
      this.final = reindentLike(parsed.reply.code, this.original);
      const finalLines = splitLines(this.final);
      if (finalLines.length !== this.streamed.length || finalLines.some((line, index) => line !== this.streamed[index])) {
        this.restart(finalLines);
      }
      this.painter.add(this.differ.finish());
    }
    if (state === 'notCode') return { state, why: this.text.trim(), reason: parsed.ok ? undefined : parsed.reason };
    return { state, why: parsed.ok ? parsed.reply.why : '' };
  }

  /** Stopped by the user, or failed midway: what arrived stays drawn; nothing can be accepted. */
  interrupt(state: 'stopped' | 'failed'): void {
    if (this.current === 'streaming') this.current = state;
  }

  decided(state: 'accepted' | 'rejected'): void {
    this.current = state;
  }

  private restart(lines: string[]): void {
    this.streamed = [...lines];
    this.differ = new LineDiffer(this.originalLines);
    this.painter = new RowPainter();
    for (const line of lines) this.painter.add(this.differ.push(line));
  }
}
