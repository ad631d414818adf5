// Coalesces stream deltas into at most one webview message per frame (~16 ms). The first delta
// after a quiet spell goes out at once, so batching never delays the first token; posting is
// fire-and-forget, never awaited inside the streaming loop.
//
// Flow control: VS Code settles a postMessage's promise once the workbench has handed the message
// on to the webview. While `maxInFlight` messages are unsettled, text waits here and goes out in
// one message when one settles, instead of queueing behind them in VS Code's relay: when the relay
// slows down, messages grow rather than pile up, and the text shown never falls further behind
// than the relay itself.
export interface Batch {
  reasoning: string;
  content: string;
}

export class DeltaBatcher {
  private pending: Batch = { reasoning: '', content: '' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = -Infinity;
  private inFlight = 0;
  private disposed = false;

  constructor(
    /** Posts a batch; a returned promise settles when the view has it (flow control, see above). */
    private readonly emit: (batch: Batch) => unknown,
    private readonly frameMs = 1000 / 60, // 16.7 ms: at most 60 messages a second, whatever the timer jitter
    private readonly now: () => number = () => performance.now(),
    private readonly maxInFlight = 2,
  ) {}

  add(kind: keyof Batch, text: string): void {
    this.pending[kind] += text;
    if (!this.timer) this.flushWhenDue();
  }

  /** Flushes now if a frame has passed since the last flush, else at the end of that frame. */
  private flushWhenDue(): void {
    this.timer = undefined;
    if (this.inFlight >= this.maxInFlight) return; // a settling message calls us again
    const wait = this.lastFlushAt + this.frameMs - this.now();
    // Node's timers may fire up to a millisecond early by performance.now(): re-arm until due.
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flushWhenDue(), Math.ceil(wait));
  }

  /** Posts what is pending now, whatever is in flight (the stream's end must not wait). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.reasoning && !this.pending.content) return;
    const batch = this.pending;
    this.pending = { reasoning: '', content: '' };
    this.lastFlushAt = this.now();
    const delivered = this.emit(batch);
    if (isThenable(delivered)) {
      this.inFlight++;
      const settled = () => {
        this.inFlight--;
        if (!this.disposed && !this.timer && (this.pending.reasoning || this.pending.content)) this.flushWhenDue();
      };
      delivered.then(settled, settled);
    }
  }

  /** Drops a pending timer without emitting: for a stream that was cancelled. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
