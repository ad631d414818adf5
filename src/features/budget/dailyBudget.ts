// The daily spend budget's glue: today's spend kept in the extension's global storage (so every
// window of the profile counts toward one budget), each round's cost added as it ends, the next
// request refused once the budget is spent, a quiet warning at 80% (once a day), and "Raise
// today's budget". The arithmetic is core/budget/dailySpend.ts.
import * as vscode from 'vscode';
import { FlashlightError } from '../../core/openrouter/errors';
import { addCost, budgetState, describeBudget, localDay, overBudgetMessage, raiseToday, spendFor, type DailySpend } from '../../core/budget/dailySpend';

export const spendKey = 'flashlight.dailySpend';

export interface DailyBudgetDeps {
  store: vscode.Memento;
  /** `flashlight.budget.dailyUsd` from the user's settings; 0 is no budget. */
  dailyUsd(): number;
  now?(): Date;
}

export class DailyBudget implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: DailyBudgetDeps) {}

  private today(): DailySpend {
    return spendFor(this.deps.store.get(spendKey), localDay(this.deps.now?.() ?? new Date()));
  }

  private async save(spend: DailySpend): Promise<void> {
    await this.deps.store.update(spendKey, spend);
    this.changed.fire();
  }

  /** Before a request: the refusal once today's budget is spent, else nothing. */
  check(): FlashlightError | undefined {
    const state = budgetState(this.today(), this.deps.dailyUsd());
    return state.kind === 'over' ? new FlashlightError('overBudget', overBudgetMessage(state)) : undefined;
  }

  /** After each round: its cost added; crossing 80% warns once a day (never a modal). */
  async record(cost: number): Promise<void> {
    const spend = addCost(this.deps.store.get(spendKey), localDay(this.deps.now?.() ?? new Date()), cost);
    const state = budgetState(spend, this.deps.dailyUsd());
    const warn = (state.kind === 'warn' || state.kind === 'over') && !spend.warned;
    await this.save(warn ? { ...spend, warned: true } : spend);
    if (warn) void vscode.window.showWarningMessage(`Flashlight: ${describeBudget(state)}.`);
  }

  /** "Raise today's budget": one more daily budget on top of what was spent, for today only. */
  async raise(): Promise<void> {
    const daily = this.deps.dailyUsd();
    if (daily > 0) await this.save(raiseToday(this.today(), daily));
  }

  /** The line for the status bar tooltip and Show Key Status. */
  describe(): string {
    return describeBudget(budgetState(this.today(), this.deps.dailyUsd()));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
