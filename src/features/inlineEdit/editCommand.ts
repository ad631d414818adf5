// Flashlight: Edit…: an instruction applied to the selection (whole lines) or, with none, the
// block around the cursor, streamed into the editor as an inline diff. A follow-up asks again on
// the same range, the earlier instructions kept as context.
import * as vscode from 'vscode';
import { contextFor } from '../../host/editor/codeUnderCursor';
import { refusal, resolveTarget, surroundingsOf } from '../../host/editor/target';
import { cleanInstruction, editMessages, followUpMessages } from '../../core/inlineEdit/editPrompt';
import type { InlineEditDeps } from './inlineEditDeps';
import type { InlineEditEnd, InlineEditJob } from './inlineEditJob';
import type { InlineEdits } from './inlineEdits';
import { askInstruction, remember } from './instructionPicker';

/** `flashlight.edit`'s optional argument (a keybinding's `args`, or a test): the instruction, not asked. */
interface EditArgs {
  instruction?: string;
}

function instructionIn(args: unknown): string | undefined {
  return typeof args === 'object' && args !== null && typeof (args as EditArgs).instruction === 'string' ? (args as EditArgs).instruction : undefined;
}

function jobFor(document: vscode.TextDocument, range: vscode.Range, instruction: string, earlier: string[]): InlineEditJob {
  const context = contextFor(document, range);
  return {
    label: 'Edit',
    document,
    range,
    original: context.code,
    languageId: context.languageId,
    messages: editMessages({ context, instruction, earlier, surroundings: surroundingsOf(document, range) }),
    instructions: [...earlier, instruction],
  };
}

export async function editInPlace(deps: InlineEditDeps, edits: InlineEdits, args?: unknown): Promise<InlineEditEnd> {
  const target = await resolveTarget(undefined);
  const refused = refusal(target, 'edit');
  if (refused || !target) {
    void vscode.window.showWarningMessage(refused!);
    return { state: 'refused', reason: refused! };
  }
  const given = instructionIn(args);
  const typed =
    given !== undefined ? given : await askInstruction(deps.history, `Flashlight: Edit ${vscode.workspace.asRelativePath(target.document.uri, false)}`);
  const instruction = cleanInstruction(typed);
  if (!instruction) return { state: 'refused', reason: 'no instruction' };
  await remember(deps.history, instruction);
  return edits.start(jobFor(target.document, target.range, instruction, []));
}

/** Follow up: another instruction on the same range; the edit shown is withdrawn only once it is typed. */
export async function followUp(deps: InlineEditDeps, edits: InlineEdits, uri?: unknown, given?: string): Promise<InlineEditEnd> {
  const typed = given !== undefined ? given : await askInstruction(deps.history, 'Flashlight: Follow up (the earlier instruction is kept)');
  const instruction = cleanInstruction(typed);
  if (!instruction) return { state: 'refused', reason: 'no instruction' };
  const taken = edits.takeForFollowUp(uri);
  if (!taken) return { state: 'refused', reason: 'No Flashlight edit is shown in this editor.' };
  await remember(deps.history, instruction);
  // The first request and the model's reply stay as the conversation, so the edit is refined, not
  // redone. If the user changed the code inside the range meanwhile, that reply is about code no
  // longer there: the code is asked about afresh, the earlier instructions kept.
  if (taken.unchanged && taken.reply.trim()) {
    return edits.start({
      ...taken.job,
      range: taken.range,
      messages: followUpMessages(taken.job.messages, taken.reply, instruction, taken.job.languageId),
      instructions: [...taken.job.instructions, instruction],
    });
  }
  return edits.start(jobFor(taken.job.document, taken.range, instruction, taken.job.instructions));
}
