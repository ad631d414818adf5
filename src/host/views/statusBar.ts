// The status bar item that names the model in use; a click opens the model picker. It follows
// `flashlight.model` as it changes and uses the cached model list for a readable name.
import * as vscode from 'vscode';
import type { FlashlightSettings } from '../settings/settings';
import { describeModel, type ModelCatalog } from '../../core/openrouter/models';
import { thinkingLabels } from '../../core/openrouter/reasoning';
import { escapeMarkdown, modelTooltipMarkdown } from './modelTooltip';

export class ModelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flashlight.model', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly settings: () => FlashlightSettings,
    onDidChangeSettings: vscode.Event<void>,
    private readonly budget?: { describe(): string; onDidChange: vscode.Event<void> },
  ) {
    this.item.name = 'Flashlight Model';
    this.item.command = 'flashlight.chooseModel';
    this.item.accessibilityInformation = { label: 'Flashlight model: click to choose another', role: 'button' };
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (
          event.affectsConfiguration('flashlight.model') ||
          event.affectsConfiguration('flashlight.fallbackModels') ||
          event.affectsConfiguration('flashlight.baseUrl')
        )
          this.update();
      }),
      catalog.onDidChange(() => this.update()),
      onDidChangeSettings(() => this.update()),
      ...(budget ? [budget.onDidChange(() => this.update())] : []),
    );
    this.update();
    this.item.show();
  }

  update(): void {
    const { model, fallbackModels } = this.settings();
    const info = this.catalog.find(model);
    // `$(…)` in a name or id would draw an icon: escaped, it reads as typed.
    this.item.text = `$(zap) ${(info ? shortName(info.name) : shortId(model)).replace(/\$\(/g, '\\$(')}`;
    // Ids may come from a workspace: in code spans they cannot close (modelTooltip.ts). No theme
    // icons, and trusted for one command only, so `$(…)` and command links in an id stay text.
    const markdown = modelTooltipMarkdown(model, fallbackModels, info ? describeModel(info) : undefined);
    // The thinking level's quick switch: the one command link the tooltip may run (ids stay in code spans).
    const thinking = `Thinking: ${thinkingLabels[this.settings().reasoningEffort]} · [Change](command:flashlight.setThinkingLevel)`;
    const tooltip = new vscode.MarkdownString([markdown, thinking, ...(this.budget ? [escapeMarkdown(this.budget.describe())] : [])].join('\n\n'), false);
    tooltip.isTrusted = { enabledCommands: ['flashlight.setThinkingLevel'] };
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** "Google: Gemini 2.5 Flash" reads as "Gemini 2.5 Flash" in the little space of the status bar. */
function shortName(name: string): string {
  return name.replace(/^[^:]{1,30}:\s*/, '');
}

/** Without the model list: "~google/gemini-flash-latest" reads as "gemini-flash-latest". */
function shortId(id: string): string {
  return id.replace(/^~?[^/]+\//, '');
}
