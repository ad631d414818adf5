// The free-model daily requests left, as `GET /key` last said (Show Key Status, or a key being
// saved), for the status bar tooltip. Nothing asks OpenRouter just for the tooltip: the count is
// the one the user already fetched, with its time, and it lapses when the UTC day ends.
import * as vscode from 'vscode';
import { freeModelRequests, freeModelRequestsSince, type FreeModelRequests } from '../../core/key/freeModelRequests';

export class FreeRequestsMemo implements vscode.Disposable {
  private last: { quota: FreeModelRequests; at: Date } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** `GET /key`'s data as it came: a response without a believable count forgets the old one. */
  remember(data: unknown): void {
    const quota = freeModelRequests(data);
    this.last = quota ? { quota, at: this.now() } : undefined;
    this.changed.fire();
  }

  /** The tooltip's line, or nothing when no count is known for today. */
  line(): string | undefined {
    return this.last ? freeModelRequestsSince(this.last.quota, this.last.at, this.now()) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
