// Everything the code actions contribute, registered by one call from extension.ts.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { commandIds } from './actions';
import { documentCode, fixCode, fixDiagnostic, simplifyCode } from './editCommands';
import { explainCode } from './explainCode';
import { FlashlightCodeActionProvider } from './provider';
import { ProposalStore, proposalScheme } from './proposals';
import { CodeActionSettings } from './settings';
import { writeTests } from './writeTests';

export function registerCodeActions(context: vscode.ExtensionContext, services: Services): ProposalStore {
  const settings = new CodeActionSettings();
  const proposals = new ProposalStore((line) => services.log.info(line));
  const provider = new FlashlightCodeActionProvider(() => settings.enabled);
  // A command that fails unexpectedly says so instead of failing silently in the log.
  const command = (id: string, run: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        services.log.error(`${id} failed: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`Flashlight: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  context.subscriptions.push(
    settings,
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(proposalScheme, proposals),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider, FlashlightCodeActionProvider.metadata),
    command(commandIds.explain, (args) => explainCode(services, args)),
    command(commandIds.fix, (args) => fixCode(services, proposals, args)),
    command(commandIds.fixDiagnostic, (args) => fixDiagnostic(services, proposals, args)),
    command(commandIds.document, (args) => documentCode(services, proposals, args)),
    command(commandIds.simplify, (args) => simplifyCode(services, proposals, args)),
    command(commandIds.tests, (args) => writeTests(services, proposals, args)),
    command(commandIds.accept, (uri) => proposals.accept(uri)),
    command(commandIds.reject, (uri) => proposals.reject(uri)),
  );
  return proposals;
}
