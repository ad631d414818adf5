// Follows the bottom while the answer grows, until the user scrolls up; scrolling back to the
// bottom resumes following. One scroll per rendered frame, never one per token.
export class AutoScroll {
  private following = true;

  constructor(private readonly scroller: Element, window: Window) {
    window.addEventListener(
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
