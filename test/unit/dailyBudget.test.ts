// The spend budget's arithmetic (issue 16, item 4): costs summed per local day, a new day starting
// at zero, the 80% warning and the 100% refusal, today's raise, and hostile stored values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addCost, budgetState, describeBudget, localDay, overBudgetMessage, raiseToday, spendFor } from '../../src/core/budget/dailySpend';

describe('days', () => {
  test('the local calendar day, not UTC’s', () => {
    assert.equal(localDay(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
    assert.equal(localDay(new Date(2026, 0, 6, 0, 0)), '2026-01-06');
    assert.equal(localDay(new Date(2026, 11, 31, 12)), '2026-12-31');
  });

  test('costs add up within a day; the next day starts at zero and forgets the raise and the warning', () => {
    let kept = addCost(undefined, '2026-01-05', 0.4);
    kept = addCost(kept, '2026-01-05', 0.35);
    assert.equal(kept.spentUsd.toFixed(2), '0.75');
    kept = { ...raiseToday(kept, 1), warned: true };
    const tomorrow = addCost(kept, '2026-01-06', 0.1);
    assert.deepEqual(tomorrow, { day: '2026-01-06', spentUsd: 0.1, raisedUsd: 0, warned: false });
    assert.deepEqual(spendFor(tomorrow, '2026-01-07'), { day: '2026-01-07', spentUsd: 0, raisedUsd: 0, warned: false });
  });

  test('a missing, negative or non-number cost adds nothing; a corrupt stored record reads as a fresh day', () => {
    for (const cost of [undefined, null, -1, Number.NaN, Infinity, '0.5', {}]) assert.equal(addCost(undefined, 'd', cost).spentUsd, 0, String(cost));
    for (const kept of [null, 'x', 42, [], { day: 'd', spentUsd: 'lots' }, { day: 'd', spentUsd: -5, raisedUsd: Number.NaN }]) {
      const today = spendFor(kept, 'd');
      assert.equal(today.spentUsd, 0);
      assert.equal(today.raisedUsd, 0);
    }
  });
});

describe('the budget', () => {
  test('none when 0 or not set; ok below 80%, warn from 80%, over from 100%', () => {
    const at = (spent: number) => budgetState({ day: 'd', spentUsd: spent, raisedUsd: 0, warned: false }, 1);
    for (const setting of [0, -1, undefined, Number.NaN, '1']) assert.equal(budgetState(spendFor(undefined, 'd'), setting).kind, 'none');
    assert.equal(at(0.79).kind, 'ok');
    assert.equal(at(0.8).kind, 'warn');
    assert.equal(at(0.99).kind, 'warn');
    assert.equal(at(1).kind, 'over');
    assert.equal(at(1.7).kind, 'over', 'a stream that passed it is counted in full');
  });

  test('raising today’s budget lifts the limit above what was spent by one more daily budget', () => {
    const over = { day: 'd', spentUsd: 1.3, raisedUsd: 0, warned: true };
    const raised = raiseToday(over, 1);
    assert.equal(raised.raisedUsd.toFixed(2), '1.30');
    assert.deepEqual(budgetState(raised, 1), { kind: 'ok', spentUsd: 1.3, limitUsd: 2.3 });
    assert.equal(raised.warned, false, 'the 80% warning may come again for the new limit');
    const again = raiseToday({ ...raised, spentUsd: 2.3 }, 1);
    assert.equal(budgetState(again, 1).kind, 'ok');
  });

  test('the words', () => {
    assert.equal(describeBudget({ kind: 'none' }), 'Daily budget: none (flashlight.budget.dailyUsd)');
    assert.equal(describeBudget({ kind: 'warn', spentUsd: 0.85, limitUsd: 1 }), 'Daily budget: $0.85 of $1.00 spent today (85%), $0.15 left');
    assert.match(
      describeBudget({ kind: 'over', spentUsd: 1.2, limitUsd: 1 }),
      /\$1\.20 of \$1\.00 spent today \(120%\), \$0\.00 left: requests are refused until tomorrow/,
    );
    assert.match(overBudgetMessage({ kind: 'over', spentUsd: 1, limitUsd: 1 }), /budget is spent: \$1\.00 of \$1\.00 .*Nothing was sent/);
  });
});

describe('in the client', () => {
  test('a refusal before sending sends nothing; each finished round reports its cost', async () => {
    const { OpenRouterClient } = await import('../../src/core/openrouter/client');
    const { FlashlightError } = await import('../../src/core/openrouter/errors');
    const { startFakeOpenRouter } = await import('../fake-openrouter/server');
    const fake = await startFakeOpenRouter();
    try {
      const costs: number[] = [];
      let refuse = false;
      const client = new OpenRouterClient(fetch, undefined, {
        beforeSend: () => (refuse ? new FlashlightError('overBudget', 'spent') : undefined),
        onCost: (cost) => costs.push(cost),
      });
      const config = {
        baseUrl: fake.baseUrl,
        apiKey: 'sk-or-v1-budget-test-0123456789',
        stallTimeoutMs: 5_000,
        appUrl: 'https://x.test',
        appTitle: 'Flashlight',
      };
      const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };
      fake.enqueue({ usage: { cost: 0.25 } }, { usage: { cost: 0.5 } });
      for (let round = 0; round < 2; round++) for await (const event of client.streamChat(config, request)) void event;
      assert.deepEqual(costs, [0.25, 0.5]);
      refuse = true;
      await assert.rejects(
        async () => {
          for await (const event of client.streamChat(config, request)) void event;
        },
        (error: unknown) => error instanceof FlashlightError && error.kind === 'overBudget',
      );
      assert.equal(fake.requests.filter((recorded) => recorded.path.endsWith('/chat/completions')).length, 2, 'the refused request never left');
    } finally {
      await fake.close();
    }
  });
});
