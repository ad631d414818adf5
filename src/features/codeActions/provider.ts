// The lightbulb and Quick Fix entries. The editor calls this on every cursor move, so it answers
// at once from what it is given: no network, no await, no reading of the document. Each action
// carries a command with plain JSON arguments; the work starts only when the user picks it.
import * as vscode from 'vscode';
import { commandIds, planCodeActions, providedKinds, type ActionId, type EnabledActions } from '../../core/codeActions/actions';
import type { ActionArgs, DiagnosticArg, RangeArg } from '../../core/codeActions/actionArgs';

const kindCache = new Map<string, vscode.CodeActionKind>();
function kindOf(value: string): vscode.CodeActionKind {
  let kind = kindCache.get(value);
  if (!kind) {
    kind = vscode.CodeActionKind.Empty.append(value);
    kindCache.set(value, kind);
  }
  return kind;
}

export const providedCodeActionKinds: vscode.CodeActionKind[] = providedKinds.map(kindOf);

const commandFor: Record<ActionId, string> = {
  explain: commandIds.explain,
  fix: commandIds.fix,
  document: commandIds.document,
  tests: commandIds.tests,
  simplify: commandIds.simplify,
};

const severityNames = ['error', 'warning', 'information', 'hint'] as const;

function rangeArg(range: vscode.Range): RangeArg {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

export function diagnosticArg(diagnostic: vscode.Diagnostic): DiagnosticArg {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return {
    message: diagnostic.message,
    severity: severityNames[diagnostic.severity] ?? 'error',
    source: diagnostic.source,
    code,
    range: rangeArg(diagnostic.range),
  };
}

export class FlashlightCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds };

  constructor(private readonly enabled: () => EnabledActions) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // Hints (faded unused code and the like) carry no squiggle: no Quick Fix for them.
    const diagnostics = context.diagnostics.filter((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Hint);
    const only = context.only;
    const planned = planCodeActions({
      hasSelection: !range.isEmpty,
      invoked: context.triggerKind === vscode.CodeActionTriggerKind.Invoke,
      diagnostics: diagnostics.map((diagnostic) => diagnostic.message),
      enabled: this.enabled(),
      wants: only ? (kind) => only.contains(kindOf(kind)) : undefined,
    });
    if (planned.length === 0) return [];
    const uri = document.uri.toString();
    const target = rangeArg(range);
    return planned.map((plan) => {
      const action = new vscode.CodeAction(plan.title, kindOf(plan.kind));
      if (plan.diagnostic !== undefined) {
        const diagnostic = diagnostics[plan.diagnostic];
        const args: ActionArgs = { uri, range: target, diagnostic: diagnosticArg(diagnostic) };
        action.diagnostics = [diagnostic];
        action.command = { command: commandIds.fixDiagnostic, title: plan.title, arguments: [args] };
      } else {
        const args: ActionArgs = { uri, range: target };
        action.command = { command: commandFor[plan.id], title: plan.title, arguments: [args] };
      }
      return action;
    });
  }
}
