// Coalesces stream deltas into at most one webview message per frame (~16 ms). The first delta
// after a quiet spell goes out at once, so batching never delays the first token; posting is
// fire-and-forget, never awaited inside the streaming loop.
export interface Batch {
  reasoning: string;
  content: string;
}

export class DeltaBatcher {
  private pending: Batch = { reasoning: '', content: '' };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly emit: (batch: Batch) => void,
    private readonly frameMs = 1000 / 60, // 16.7 ms: at most 60 messages a second, whatever the timer jitter
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(kind: keyof Batch, text: string): void {
    this.pending[kind] += text;
    if (!this.timer) this.flushWhenDue();
  }

  /** Flushes now if a frame has passed since the last flush, else at the end of that frame. */
  private flushWhenDue(): void {
    this.timer = undefined;
    const wait = this.lastFlushAt + this.frameMs - this.now();
    // Node's timers may fire up to a millisecond early by performance.now(): re-arm until due.
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flushWhenDue(), Math.ceil(wait));
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.reasoning && !this.pending.content) return;
    const batch = this.pending;
    this.pending = { reasoning: '', content: '' };
    this.lastFlushAt = this.now();
    this.emit(batch);
  }

  /** Drops a pending timer without emitting: for a stream that was cancelled. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
