// `flashlight.codeActions.<id>` settings, read once and again only when they change, so the
// provider (called on every cursor move) never reads configuration.
import * as vscode from 'vscode';
import { actionIds, type EnabledActions } from '../../core/codeActions/actions';

const section = 'flashlight.codeActions';

function read(): EnabledActions {
  const config = vscode.workspace.getConfiguration(section);
  const enabled = {} as EnabledActions;
  for (const id of actionIds) enabled[id] = config.get<boolean>(id, true) !== false;
  return enabled;
}

export class CodeActionSettings implements vscode.Disposable {
  private current = read();
  private readonly listener = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(section)) this.current = read();
  });

  get enabled(): EnabledActions {
    return this.current;
  }

  dispose(): void {
    this.listener.dispose();
  }
}

/** `flashlight.codeActions.diffStyle`: the inline diff (the default) or today's side-by-side diff editor. */
export function inlineDiffWanted(): boolean {
  return vscode.workspace.getConfiguration(section).get<string>('diffStyle', 'inline') !== 'sideBySide';
}
