// `flashlight.budget.dailyUsd`: what today's answers cost, summed from each answer's `usage.cost`
// (every round of it), kept per local day, and what that means for the next request: nothing to
// say, a warning at 80% (once a day), a refusal at 100% until tomorrow or until the user raises
// today's budget. A stream that passes it is not cut (its cost is known only at its end); the next
// request is refused. Pure arithmetic: no `vscode`, no clock of its own.

/** What is kept in the extension's storage. */
export interface DailySpend {
  /** The local day it counts (YYYY-MM-DD). */
  day: string;
  spentUsd: number;
  /** Added to the setting for this day by "Raise today's budget". */
  raisedUsd: number;
  /** The 80% warning was shown today. */
  warned: boolean;
}

export const warnAtFraction = 0.8;

/** The local calendar day of `now`, as YYYY-MM-DD: the day the user lives in, not UTC's. */
export function localDay(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The record for `day`: what was kept, if it is today's and well formed, else a fresh day. */
export function spendFor(kept: unknown, day: string): DailySpend {
  const fresh: DailySpend = { day, spentUsd: 0, raisedUsd: 0, warned: false };
  if (!kept || typeof kept !== 'object') return fresh;
  const record = kept as Partial<DailySpend>;
  if (record.day !== day) return fresh;
  const amount = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
  return { day, spentUsd: amount(record.spentUsd), raisedUsd: amount(record.raisedUsd), warned: record.warned === true };
}

/** One round's cost added; a cost that is missing, negative or not a number adds nothing. */
export function addCost(kept: unknown, day: string, cost: unknown): DailySpend {
  const today = spendFor(kept, day);
  const add = typeof cost === 'number' && Number.isFinite(cost) && cost > 0 ? cost : 0;
  return { ...today, spentUsd: today.spentUsd + add };
}

export type BudgetState =
  | { kind: 'none' } // no budget set
  | { kind: 'ok'; spentUsd: number; limitUsd: number }
  | { kind: 'warn'; spentUsd: number; limitUsd: number } // at or past 80%, below 100%
  | { kind: 'over'; spentUsd: number; limitUsd: number };

/** Where today stands against the setting (0, negative or not a number: no budget) plus today's raise. */
export function budgetState(today: DailySpend, dailyUsd: unknown): BudgetState {
  if (typeof dailyUsd !== 'number' || !Number.isFinite(dailyUsd) || dailyUsd <= 0) return { kind: 'none' };
  const limitUsd = dailyUsd + today.raisedUsd;
  const spentUsd = today.spentUsd;
  if (spentUsd >= limitUsd) return { kind: 'over', spentUsd, limitUsd };
  if (spentUsd >= limitUsd * warnAtFraction) return { kind: 'warn', spentUsd, limitUsd };
  return { kind: 'ok', spentUsd, limitUsd };
}

/** "Raise today's budget": today's limit becomes the higher of the limit and what was spent, plus one more daily budget. */
export function raiseToday(today: DailySpend, dailyUsd: number): DailySpend {
  const limit = dailyUsd + today.raisedUsd;
  const raised = Math.max(limit, today.spentUsd) + dailyUsd;
  return { ...today, raisedUsd: raised - dailyUsd, warned: false };
}

export function usd(amount: number): string {
  return `$${amount.toFixed(amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2)}`;
}

/** The budget's line in the status bar tooltip and in Show Key Status. */
export function describeBudget(state: BudgetState): string {
  if (state.kind === 'none') return 'Daily budget: none (flashlight.budget.dailyUsd)';
  const percent = Math.floor((state.spentUsd / state.limitUsd) * 100);
  const left = Math.max(0, state.limitUsd - state.spentUsd);
  return `Daily budget: ${usd(state.spentUsd)} of ${usd(state.limitUsd)} spent today (${percent}%), ${usd(left)} left${state.kind === 'over' ? ': requests are refused until tomorrow' : ''}`;
}

/** The refusal's words. */
export function overBudgetMessage(state: Extract<BudgetState, { kind: 'over' }>): string {
  return `Today's Flashlight budget is spent: ${usd(state.spentUsd)} of ${usd(state.limitUsd)} (flashlight.budget.dailyUsd). Nothing was sent. Raise today's budget to go on, or wait until tomorrow.`;
}
