// Everything the code actions contribute, registered by one call from extension.ts.
import * as vscode from 'vscode';
import { commandIds } from '../../core/codeActions/actions';
import { documentCode, fixCode, fixDiagnostic, simplifyCode } from './editCommands';
import { FlashlightCodeActionProvider } from './provider';
import { ProposalStore, proposalScheme } from '../../host/editor/proposals';
import { CodeActionSettings } from './settings';
import type { SuggestionDeps } from './streamSuggestion';
import { writeTests } from './writeTests';

/** The lightbulb's Explain is registered by the explain feature; everything else here. */
export function registerCodeActions(context: vscode.ExtensionContext, deps: SuggestionDeps, proposals: ProposalStore): void {
  const settings = new CodeActionSettings();
  const provider = new FlashlightCodeActionProvider(() => settings.enabled);
  // A command that fails unexpectedly says so instead of failing silently in the log.
  const command = (id: string, run: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        deps.log.error(`${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`Flashlight: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  context.subscriptions.push(
    settings,
    vscode.workspace.registerTextDocumentContentProvider(proposalScheme, proposals),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider, FlashlightCodeActionProvider.metadata),
    command(commandIds.fix, (args) => fixCode(deps, proposals, args)),
    command(commandIds.fixDiagnostic, (args) => fixDiagnostic(deps, proposals, args)),
    command(commandIds.document, (args) => documentCode(deps, proposals, args)),
    command(commandIds.simplify, (args) => simplifyCode(deps, proposals, args)),
    command(commandIds.tests, (args) => writeTests(deps, proposals, args)),
    command(commandIds.accept, (uri) => proposals.accept(uri)),
    command(commandIds.reject, (uri) => proposals.reject(uri)),
  );
}
