// Whether the next answer may call the read-only tools: `flashlight.tools.enabled` (the user's
// own value), a trusted workspace (in Restricted Mode Flashlight sends only what the user selects
// or attaches), and a model whose cached /models entry lists `tools`. A model that does not, or
// is not known yet, gets a plain request: never a request it would reject.
import * as vscode from 'vscode';
import type { Tool, ToolSet } from '../../core/tools/toolLoop';
import { modelTakesTools, parseMaxRounds } from '../../core/tools/toolDefinitions';

export interface ToolSettings {
  toolsEnabled: boolean;
  toolsMaxRounds: unknown;
  modelParameters: readonly string[] | undefined;
}

/** `earlierResultsBudget`: the tokens of earlier chat turns' tool results a follow-up may repeat (flashlight.context.maxTokens). */
export function answerTools(settings: () => ToolSettings, tools: readonly Tool[], earlierResultsBudget: () => number): () => ToolSet | undefined {
  return () => {
    const current = settings();
    if (!current.toolsEnabled || !vscode.workspace.isTrusted || !modelTakesTools(current.modelParameters)) return undefined;
    // The tools read files on disk (symlinks resolved there): none for a virtual workspace.
    if (!vscode.workspace.workspaceFolders?.some((folder) => folder.uri.scheme === 'file')) return undefined;
    return { list: tools, maxRounds: parseMaxRounds(current.toolsMaxRounds), earlierResultsBudget: earlierResultsBudget() };
  };
}
