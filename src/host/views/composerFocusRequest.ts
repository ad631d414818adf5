// "Focus the composer", asked of a chat page that may not be there yet. A message posted before the
// page says `ready` is dropped (its listener does not exist yet), so the request waits for `ready`
// and is sent then, once; a page that is ready gets it at once. No `vscode` import: unit-tested.
export class ComposerFocusRequest {
  private pending = false;

  constructor(private readonly send: () => void) {}

  /** The focus key (or a command that types into the chat) asked for the composer. */
  request(pageReady: boolean): void {
    if (pageReady) {
      this.pending = false;
      this.send();
    } else {
      this.pending = true;
    }
  }

  /** The page said `ready`: a request made while it loaded is sent now. */
  pageReady(): void {
    if (!this.pending) return;
    this.pending = false;
    this.send();
  }

  /** The view went away: a new page is not focused for a request made to the old one. */
  cancel(): void {
    this.pending = false;
  }
}
