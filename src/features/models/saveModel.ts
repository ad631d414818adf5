// Writes `flashlight.model` where its current value comes from, so a workspace setting does not
// hide the user's choice: the picker, the "Use Gemini Flash" of the image warning and the
// retirement switch all save a model this one way.
import * as vscode from 'vscode';

export async function saveModel(id: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('flashlight');
  const where = config.inspect<string>('model');
  const target =
    where?.workspaceFolderValue !== undefined || where?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('model', id, target);
}
