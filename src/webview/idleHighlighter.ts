// Swaps closed code fences for their highlighted HTML when the page is idle, oldest first, so a
// fence closing never costs a frame its highlighting (highlight.js, sanitizing and ~100 spans).
// A block that left the page in the meantime (a chat rebuilt) is skipped.
import type { Sanitizer } from './sanitize';

interface Pending {
  element: Element;
  html: () => string;
}

export class IdleHighlighter {
  private readonly queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly sanitizer: Sanitizer) {}

  /** `element` shows the block plain; `html` gives it highlighted (computed when its turn comes). */
  add(element: Element, html: () => string): void {
    this.queue.push({ element, html });
    if (this.scheduled) return;
    this.scheduled = true;
    // The timeout keeps a busy page from postponing the colours for long.
    requestIdleCallback((deadline) => this.run(deadline), { timeout: 300 });
  }

  private run(deadline: IdleDeadline): void {
    this.scheduled = false;
    // At least one block per callback, then as many as the idle period leaves room for.
    do {
      const next = this.queue.shift();
      if (next?.element.isConnected) next.element.replaceWith(this.sanitizer.toFragment(next.html()));
    } while (this.queue.length && deadline.timeRemaining() > 4);
    if (this.queue.length) {
      this.scheduled = true;
      requestIdleCallback((later) => this.run(later), { timeout: 300 });
    }
  }
}
