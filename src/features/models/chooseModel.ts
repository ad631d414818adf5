// Flashlight: Choose Model: a QuickPick over OpenRouter's models (Gemini Flash first), opened at
// once from the cached list and refreshed when the cache is older than a day; a Refresh button
// fetches it again; any id can be typed. The choice is written to `flashlight.model`.
import * as vscode from 'vscode';
import type { ModelCatalog, ModelList } from '../../core/openrouter/models';
import { buildPickRows, pickTitle, type PickRow } from '../../core/models/modelPickItems';
import { saveModel } from './saveModel';

interface ModelPickItem extends vscode.QuickPickItem {
  modelId?: string;
}

/** `current`: the model in use now, focused in the list. */
export async function chooseModel(catalog: ModelCatalog, log: (line: string) => void, current: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ModelPickItem>();
  pick.placeholder = 'Filter by name, id, price or “images”, or type any OpenRouter model id';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const refreshButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Refresh the model list from OpenRouter' };
  pick.buttons = [refreshButton];

  const cached = catalog.cached();
  let models = cached?.models ?? [];
  const show = (source: Parameters<typeof pickTitle>[0], fetchedAt: number | undefined) => {
    pick.title = pickTitle(source, fetchedAt, Date.now());
    render(true);
  };
  const render = (focusCurrent: boolean) => {
    const items = buildPickRows(models, current, pick.value).map(toItem);
    pick.items = items;
    const active = focusCurrent && !pick.value ? items.find((item) => item.modelId === current) : undefined;
    if (active) pick.activeItems = [active];
  };
  const load = async (refresh: boolean) => {
    pick.busy = true;
    if (!models.length) show('loading', undefined);
    const list: ModelList = await catalog.load({ refresh });
    pick.busy = false;
    models = list.models;
    show(list.source, list.fetchedAt);
    if (list.error) log(`model list: ${list.source === 'offline' ? 'using the last list' : 'no list'}: ${list.error.message}`);
    else log(`model list: ${list.models.length} models (${list.source})`);
  };

  show(cached ? 'cache' : 'loading', cached?.fetchedAt);
  const chosen = new Promise<string | undefined>((resolve) => {
    pick.onDidChangeValue(() => render(false));
    pick.onDidTriggerButton((button) => {
      if (button === refreshButton) void load(true);
    });
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item?.modelId) return; // a note row (e.g. "Model ids have no spaces"): keep the picker open
      resolve(item.modelId);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
  });
  pick.show();
  void load(false);

  const id = await chosen;
  if (!id || id === current) return id;
  await saveModel(id);
  log(`model set to ${id}`);
  return id;
}

function toItem(row: PickRow): ModelPickItem {
  if (row.kind === 'separator') return { label: row.label, kind: vscode.QuickPickItemKind.Separator };
  return { label: row.label, description: row.description, detail: row.detail, modelId: row.modelId, alwaysShow: row.alwaysShow };
}
