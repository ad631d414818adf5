// The instruction for an edit in place, typed in a quick pick whose list is the recent
// instructions: Up/Down recall one, Enter runs what is typed (the first row is always the typed
// text, so a history row never hijacks a new instruction). Escape or an empty instruction: nothing.
import * as vscode from 'vscode';
import { cleanInstruction, rememberInstruction } from '../../core/inlineEdit/editPrompt';

const historyKey = 'flashlight.inlineEdit.history';

export function recentInstructions(memento: vscode.Memento): string[] {
  const stored = memento.get<unknown>(historyKey);
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
}

export async function remember(memento: vscode.Memento, instruction: string): Promise<void> {
  await memento.update(historyKey, rememberInstruction(recentInstructions(memento), instruction));
}

export function askInstruction(memento: vscode.Memento, title: string): Promise<string | undefined> {
  const history = recentInstructions(memento);
  const pick = vscode.window.createQuickPick();
  pick.title = title;
  pick.placeholder = 'What should change? e.g. "make this async", "handle the empty list" (Up/Down: recent instructions)';
  pick.matchOnDescription = false;
  const historyItems = history.map((label) => ({ label, description: 'recent' }));
  const refresh = () => {
    const typed = pick.value.trim();
    pick.items = typed
      ? [{ label: typed, description: 'edit with this instruction', alwaysShow: true }, ...historyItems.filter((item) => item.label !== typed)]
      : historyItems;
  };
  refresh();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => finish(cleanInstruction(pick.selectedItems[0]?.label ?? pick.value) || undefined));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
