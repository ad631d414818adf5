// The settings read once per change instead of once per use. An Explain read them about six times
// (the run, the router, the connection, the model facts and the catalog's base URL twice), each
// read ~1.5 ms of `inspect()` calls in code-server: ~9 ms of the ~12 ms between the keystroke and
// the request. A change to Flashlight's settings, the workspace folders or their trust drops the
// snapshot, in the same extension host task that makes the new values readable, so the next
// request still sees the change.
import * as vscode from 'vscode';
import { readContextSettings, readDebugLogging, readSettings, type ContextSettings, type FlashlightSettings } from './settings';

interface Snapshot {
  /** readSettings(false) and readSettings(true): a workspace's cost settings not yet accepted, or accepted. */
  settings: [FlashlightSettings | undefined, FlashlightSettings | undefined];
  context?: ContextSettings;
  debugLogging?: boolean;
}

export class SettingsCache implements vscode.Disposable {
  private snapshot: Snapshot = { settings: [undefined, undefined] };
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const drop = () => (this.snapshot = { settings: [undefined, undefined] });
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('flashlight')) drop();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(drop),
      vscode.workspace.onDidGrantWorkspaceTrust(drop),
    ];
  }

  /** readSettings, as of the last change. Frozen: one snapshot is handed to every caller. */
  settings(workspaceChoiceAccepted = false): FlashlightSettings {
    const slot = workspaceChoiceAccepted ? 1 : 0;
    return (this.snapshot.settings[slot] ??= frozen(readSettings(workspaceChoiceAccepted)));
  }

  context(): ContextSettings {
    return (this.snapshot.context ??= Object.freeze(readContextSettings()));
  }

  debugLogging(): boolean {
    return (this.snapshot.debugLogging ??= readDebugLogging());
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function frozen(settings: FlashlightSettings): FlashlightSettings {
  Object.freeze(settings.fallbackModels);
  return Object.freeze(settings);
}
