// Everything Flashlight: Edit… contributes, registered by one call from extension.ts. Returns the
// sessions, which the code actions use for their inline diff.
import * as vscode from 'vscode';
import type { InlineEditDeps } from './inlineEditDeps';
import { editInPlace, followUp } from './editCommand';
import { inlineEditCommands, InlineEdits } from './inlineEdits';

export const editCommandId = 'flashlight.edit';

export function registerInlineEdit(deps: InlineEditDeps): { edits: InlineEdits; disposables: vscode.Disposable[] } {
  const edits = new InlineEdits(deps);
  const guarded =
    (id: string, run: (...args: unknown[]) => unknown) =>
    async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Flashlight: ${message}`);
        return undefined;
      }
    };
  const command = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, guarded(id, run));
  return {
    edits,
    disposables: [
      edits,
      command(editCommandId, (args) => editInPlace(deps, edits, args)),
      command(inlineEditCommands.accept, (uri) => edits.accept(uri)),
      command(inlineEditCommands.reject, (uri) => edits.reject(uri)),
      command(inlineEditCommands.stop, (uri) => edits.stop(uri)),
      command(inlineEditCommands.followUp, (uri, instruction) => followUp(deps, edits, uri, typeof instruction === 'string' ? instruction : undefined)),
      command(inlineEditCommands.openAsDiff, (uri) => edits.openAsDiff(uri)),
    ],
  };
}
