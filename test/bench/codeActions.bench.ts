// How long the editor waits for Flashlight's code actions. VS Code asks every provider on each
// cursor move and each Ctrl+., and waits for all of them before it shows a lightbulb or a menu, so
// the provider must answer at once: no network, no await, no reading of the document.
//
// Measured: FlashlightCodeActionProvider.provideCodeActions on a 10,000-line TypeScript file,
// beside a naive provider that does what many do: read the whole document text on every call to
// find the enclosing block and put its code in the command's arguments. Same calls, same document,
// alternating rounds, in this process. Figures are medians (and p95) of single calls.
//
//   npm run bench:codeactions
//
// Runs in plain Node: `vscode` is the stub in codeActionsVscodeStub.ts (esbuild alias).
import * as vscode from 'vscode';
import { allEnabled, commandIds, planCodeActions } from '../../src/core/codeActions/actions';
import { FlashlightCodeActionProvider } from '../../src/features/codeActions/provider';
import { indentationBlock } from '../../src/core/editor/indentationBlock';
import { CodeActionTriggerKind, Diagnostic, DiagnosticSeverity, Range, Selection, TextDocument } from './codeActionsVscodeStub';

const { median, percentile, ratio } = require('./stats.js') as {
  median(values: number[]): number;
  percentile(values: number[], p: number): number;
  ratio(value: number): string;
};

const LINES = 10_000;

function bigFile(): string[] {
  const lines: string[] = [];
  for (let index = 0; lines.length < LINES; index++) {
    lines.push(
      `export function step${index}(values: number[], limit = ${index % 97}): number {`,
      '  let total = 0;',
      '  for (const value of values) {',
      '    if (value > limit) {',
      `      total += value * ${index % 13};`,
      '    }',
      '  }',
      '  return total;',
      '}',
      '',
    );
  }
  return lines.slice(0, LINES);
}

type Provider = Pick<FlashlightCodeActionProvider, 'provideCodeActions'>;

/** The naive way: reads the whole text on each call to put the enclosing block's code in the arguments. */
class NaiveProvider implements Provider {
  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const lines = document.getText().split(/\r?\n/);
    const block = indentationBlock(lines, range.start.line) ?? { start: range.start.line, end: range.start.line };
    const code = lines.slice(block.start, block.end + 1).join('\n');
    const planned = planCodeActions({
      hasSelection: !range.isEmpty,
      invoked: context.triggerKind === vscode.CodeActionTriggerKind.Invoke,
      diagnostics: context.diagnostics.map((diagnostic) => diagnostic.message),
      enabled: allEnabled,
    });
    return planned.map((plan) => {
      const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.Empty.append(plan.kind));
      action.command = { command: commandIds.fix, title: plan.title, arguments: [{ uri: document.uri.toString(), code, block }] };
      return action;
    });
  }
}

interface Call {
  range: Range;
  context: vscode.CodeActionContext;
}

interface Scenario {
  name: string;
  calls: Call[];
}

function call(range: Range, invoked: boolean, onDiagnostic: boolean): Call {
  const line = range.start.line;
  const diagnostics = onDiagnostic
    ? [new Diagnostic(new Range(line, 2, line, 9), "Type 'string' is not assignable to type 'number'.", DiagnosticSeverity.Error)]
    : [];
  const triggerKind = invoked ? CodeActionTriggerKind.Invoke : CodeActionTriggerKind.Automatic;
  return { range, context: { diagnostics, triggerKind, only: undefined } as unknown as vscode.CodeActionContext };
}

/** The three things the editor asks for, at lines spread over the whole file. */
function scenarios(count: number): Scenario[] {
  const lines = Array.from({ length: count }, (_, index) => (index * 7919) % LINES);
  const cursor = (line: number) => new Range(line, 4, line, 4);
  return [
    { name: 'cursor move, nothing to offer', calls: lines.map((line) => call(cursor(line), false, false)) },
    { name: 'cursor move onto a diagnostic (1 Quick Fix)', calls: lines.map((line) => call(cursor(line), false, true)) },
    {
      name: 'Ctrl+. on a 7-line selection (5 actions)',
      calls: lines.map((line) => call(new Selection(line, 0, Math.min(LINES - 1, line + 6), 1), true, false)),
    },
  ];
}

function timeEach(provider: Provider, document: vscode.TextDocument, list: Call[], into: number[]): number {
  let actions = 0;
  for (const item of list) {
    const started = process.hrtime.bigint();
    const result = provider.provideCodeActions(document, item.range as unknown as vscode.Range, item.context);
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
    actions += result.length;
  }
  return actions;
}

function format(msValue: number): string {
  return msValue < 0.1 ? `${(msValue * 1000).toFixed(1)} µs` : `${msValue.toFixed(3)} ms`;
}

function measure(document: vscode.TextDocument, scenario: Scenario, ours: Provider, naive: Provider): { ours: number[]; naive: number[] } {
  for (let round = 0; round < 3; round++) {
    timeEach(ours, document, scenario.calls, []);
    timeEach(naive, document, scenario.calls, []);
  }
  const times = { ours: [] as number[], naive: [] as number[] };
  let oursActions = 0;
  let naiveActions = 0;
  for (let round = 0; round < 8; round++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    if (round % 2 === 0) {
      oursActions += timeEach(ours, document, scenario.calls, times.ours);
      naiveActions += timeEach(naive, document, scenario.calls, times.naive);
    } else {
      naiveActions += timeEach(naive, document, scenario.calls, times.naive);
      oursActions += timeEach(ours, document, scenario.calls, times.ours);
    }
  }
  if (oursActions !== naiveActions) throw new Error(`${scenario.name}: the providers disagree (${oursActions} vs ${naiveActions} actions)`);
  return times;
}

function main(): void {
  const lines = bigFile();
  const document = new TextDocument(lines) as unknown as vscode.TextDocument;
  const ours = new FlashlightCodeActionProvider(() => allEnabled);
  const naive = new NaiveProvider();
  const chars = lines.reduce((total, line) => total + line.length + 1, 0);
  const all = { ours: [] as number[], naive: [] as number[] };
  console.log(`provideCodeActions on a ${LINES.toLocaleString('en-US')}-line TypeScript file (${(chars / 1024).toFixed(0)} KB): single calls, medians and p95`);
  console.log(`${''.padEnd(46)}${'Flashlight'.padStart(22)}${'naive (reads the text)'.padStart(26)}   naive / Flashlight`);
  for (const scenario of scenarios(250)) {
    const times = measure(document, scenario, ours, naive);
    all.ours.push(...times.ours);
    all.naive.push(...times.naive);
    const cell = (values: number[]) => `${format(median(values))} (p95 ${format(percentile(values, 95))})`;
    console.log(
      `  ${scenario.name.padEnd(44)}${cell(times.ours).padStart(22)}${cell(times.naive).padStart(26)}   ${ratio(median(times.naive) / median(times.ours)).padStart(8)}`,
    );
  }
  console.log('');
  console.log(
    `  all ${all.ours.length.toLocaleString('en-US')} calls: median ${format(median(all.ours))} vs ${format(median(all.naive))}; slowest call ${format(Math.max(...all.ours))} vs ${format(Math.max(...all.naive))}`,
  );
  console.log(
    `  target, median under 1 ms: ${median(all.ours) < 1 ? 'met' : 'NOT met'} (p95 ${format(percentile(all.ours, 95))}; timer overhead, about 0.1 µs, included on both sides)`,
  );
}

main();
