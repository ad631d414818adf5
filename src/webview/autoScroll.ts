// Follows the bottom while the answer grows, until the user scrolls up; scrolling back to the
// bottom resumes following. One scroll per rendered frame, never one per token.
export class AutoScroll {
  private following = true;

  /** `target` is what fires scroll events: the window for the page, or the scrolling element itself. */
  constructor(private readonly scroller: Element, window: Window, target: EventTarget = window) {
    target.addEventListener(
      'scroll',
      () => {
        const distance = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight;
        this.following = distance < 32;
      },
      { passive: true },
    );
  }

  resume(): void {
    this.following = true;
  }

  afterRender(): void {
    if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
