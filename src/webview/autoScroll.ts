// Follows the bottom while the answer grows, until the user scrolls up; scrolling back to the
// bottom resumes following.
//
// It never reads layout from a render: reading scrollHeight right after changing the DOM forces
// the browser to do style and layout there and then, inside our script, once per update. Instead
// a ResizeObserver watches the content and scrolls when its size has changed, which the browser
// reports after its own layout of the frame, when reading scrollHeight costs nothing. Text that
// grows without adding a line changes no size and needs no scroll.
export class AutoScroll {
  private following = true;
  private readonly observer: ResizeObserver;
  private watched: Element | undefined;
  private lastTop = 0;

  /** `target` is what fires scroll events: the window for the page, or the scrolling element itself. */
  constructor(
    private readonly scroller: Element,
    window: Window,
    target: EventTarget = window,
  ) {
    target.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.observer = new ResizeObserver(() => {
      if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
    });
  }

  /**
   * Scrolling up stops following; scrolling down to near the bottom starts it again. "Near": a
   * wheel or a key scrolls smoothly, and ends where the bottom was when it began, short of the
   * text that arrived meanwhile.
   */
  private onScroll(): void {
    const top = this.scroller.scrollTop;
    const distance = this.scroller.scrollHeight - top - this.scroller.clientHeight;
    if (top < this.lastTop - 1) this.following = distance < 32;
    else if (distance < Math.max(64, this.scroller.clientHeight / 4)) this.following = true;
    this.lastTop = top;
  }

  /** Follows again, and goes to the bottom after the next layout: observing anew is reported once. */
  resume(): void {
    this.following = true;
    if (this.watched) this.observer.unobserve(this.watched);
    this.watched = undefined;
    this.afterRender();
  }

  /**
   * The content changed: make sure its growing end is watched. That is the scroller's last child
   * (the page's body, or the chat's last turn: only the last one grows); a newly watched one is
   * reported once, which scrolls a newly added turn into view.
   */
  afterRender(): void {
    const content = this.scroller.lastElementChild ?? undefined;
    if (content === this.watched) return;
    if (this.watched) this.observer.unobserve(this.watched);
    this.watched = content;
    if (content) this.observer.observe(content);
  }
}
