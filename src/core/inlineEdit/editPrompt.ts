// The prompt of Flashlight: Edit…: the user's instruction applied to the range, answered with the
// replacement of the range only, in the file's indentation, in the edit prompts' one reply format
// (replyParser.ts). A follow-up keeps the earlier instructions as context. Pure: no `vscode` import.
import type { ChatMessage } from '../openrouter/types';
import type { CodeContext } from '../prompts/code';
import { codeToReplace, keepShape, type Surroundings } from '../prompts/editContext';
import { replyFormatInstructions } from '../prompts/replyParser';
import { systemPrompt } from '../prompts/system';

export interface EditRequest {
  context: CodeContext;
  /** The instruction to carry out now. */
  instruction: string;
  /** Instructions asked before on the same code (a follow-up), oldest first. */
  earlier?: string[];
  surroundings?: Surroundings;
}

/** Instructions as typed: trimmed; an empty one means "do nothing". */
export function cleanInstruction(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function editMessages(request: EditRequest): ChatMessage[] {
  const { context, earlier = [] } = request;
  const text = [
    `Edit this ${context.languageId} code as instructed.`,
    `Instruction: ${request.instruction}`,
    earlier.length > 0 ? `Earlier instructions on the same code, still to be honoured:\n${earlier.map((line) => `- ${line}`).join('\n')}` : '',
    codeToReplace(context, request.surroundings),
    'Change only what the instruction asks for; keep names, formatting and behaviour otherwise. If the instruction cannot be carried out on this code, write no code block: explain why in one or two sentences.',
    keepShape,
    replyFormatInstructions(context.languageId, 'the edited code that replaces the code to replace'),
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ];
}

/** Recent instructions, newest first, without repeats, at most `limit`. */
export function rememberInstruction(history: readonly string[], instruction: string, limit = 20): string[] {
  return [instruction, ...history.filter((item) => item !== instruction)].slice(0, limit);
}

/**
 * Follow up: the conversation so far (the first request and the model's reply to it) and the new
 * instruction, so the model refines its own edit instead of starting over. The reply asked for is
 * still the replacement of the original code to replace, which the file still holds (nothing was
 * accepted), with every instruction applied.
 */
export function followUpMessages(previous: readonly ChatMessage[], reply: string, instruction: string, languageId: string): ChatMessage[] {
  const text = [
    `Follow-up instruction: ${instruction}`,
    'Refine your edit above with it; the earlier instructions still hold. The file still holds the original code to replace (your edit was not applied), so reply with the whole edited code that replaces it, not a patch of your edit.',
    keepShape,
    replyFormatInstructions(languageId, 'the edited code that replaces the code to replace'),
  ].join('\n\n');
  return [...previous, { role: 'assistant', content: reply }, { role: 'user', content: text }];
}
