// When to warm OpenRouter's connection before a request is asked for (issue 18): the first
// request after a few idle minutes would otherwise pay DNS, TCP and TLS again (100-300 ms to a
// real host), while a pooled connection costs nothing. A hint that a request is likely (a
// selection made, the chat's composer focused, the lightbulb shown) warms it, at most once per
// idle period: a connection used (by a request or a warm-up) less than `staleAfterMs` ago is
// still pooled, so hints then do nothing, however many come.

export interface WarmingOptions {
  /** How long a connection stays pooled after its last use (keptAliveFetch.ts's agent keeps it 120 s). */
  staleAfterMs: number;
  now?: () => number;
}

export class ConnectionWarming {
  private lastUse: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: WarmingOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** A request went out: its connection is fresh again. */
  noteUse(): void {
    this.lastUse = this.now();
  }

  /**
   * A request is likely: true when the connection is worth warming now (none used yet, or the
   * last use is older than `staleAfterMs`), and then counts the warm-up as a use, so every other
   * hint of this idle period gets false.
   */
  claimWarmUp(): boolean {
    const now = this.now();
    if (this.lastUse !== undefined && now - this.lastUse < this.options.staleAfterMs) return false;
    this.lastUse = now;
    return true;
  }
}
