// What the status bar tooltip says about spend: the daily budget's line and, when a count is known
// for today, the free-model requests left (features/key/freeRequestsMemo.ts). Either changing
// redraws the tooltip.
import * as vscode from 'vscode';

interface Line {
  onDidChange: vscode.Event<void>;
}

export function spendTooltip(
  budget: Line & { describe(): string },
  freeRequests: Line & { line(): string | undefined },
): { describe(): string; onDidChange: vscode.Event<void> } {
  return {
    describe: () => [budget.describe(), freeRequests.line()].filter(Boolean).join('\n\n'),
    onDidChange: (listener, thisArgs, disposables) => {
      const both = vscode.Disposable.from(budget.onDidChange(listener, thisArgs), freeRequests.onDidChange(listener, thisArgs));
      disposables?.push(both);
      return both;
    },
  };
}
