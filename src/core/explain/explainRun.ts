// Explain, written once: from the code (and any images) to the request the panel sends and the
// question the chat shows, for Explain Selection, the lightbulb's Explain and Explain Screenshot
// alike. Pure: no `vscode`, so what each entry point sends is unit-tested in plain Node.
import { randomUUID } from 'node:crypto';
import type { AnswerRun } from '../answers/answers';
import type { ImagePart } from '../prompts/explain';
import { requestFrom, tooLargeFor, type RequestSettings } from '../prompts/request';
import { looksBinary, binaryRefusal, type CodeContext } from '../prompts/code';
import { explainMessages } from '../prompts/explain';
import type { ContextChip, ImageChip, QuestionSummary } from '../../protocol';
import { groundingChips, withGrounding, type Grounding } from '../grounding/grounding';

export interface ExplainTarget {
  /** The code; absent when only an image is explained. */
  context?: CodeContext;
  /** Said to the user when the code is not exactly what they selected ("used the enclosing block"). */
  note?: string;
  /** An image to explain with the code: its bytes for the request and its chip for the chat. */
  image?: { name: string; data: ImagePart; chip: ImageChip };
  /** What the editor gathered for the code (flashlight.context): put before the question, named in the header. */
  grounding?: Grounding;
}

const excerptLines = 4;
const imageWithCodeNote = 'The attached image goes with this code (a screenshot of what it shows, an error, or a design): explain them together.';

/** A few lines of the code for the header, for recognition only. */
export function excerptOf(code: string): string {
  const lines = code.replace(/^\s*\n/, '').split('\n');
  const head = lines.slice(0, excerptLines).map((line) => (line.length > 120 ? `${line.slice(0, 119)}…` : line));
  return lines.length > excerptLines ? `${head.join('\n')}\n…` : head.join('\n');
}

export function linesOf(context: CodeContext): string | undefined {
  if (context.startLine === undefined) return undefined;
  return context.endLine === undefined || context.startLine === context.endLine ? `${context.startLine}` : `${context.startLine}–${context.endLine}`;
}

/** The code as a chat chip, so the chat shows the question as a person would have asked it. */
export function chipOf(context: CodeContext): ContextChip {
  const fileName = context.fileName ?? 'untitled';
  const base = fileName.split('/').pop() ?? fileName;
  const lines = linesOf(context);
  return {
    id: randomUUID(),
    kind: 'selection',
    label: lines ? `${base}:${lines}` : base,
    fileName,
    languageId: context.languageId,
    code: context.code,
    startLine: context.startLine,
    endLine: context.endLine,
  };
}

/** Why nothing can be sent for this target, or undefined when it can be. */
export function explainRefusal(target: ExplainTarget): string | undefined {
  const code = target.context?.code;
  if (code === undefined ? !target.image : !code.trim()) return 'Flashlight: nothing to explain here. Select some code, or put the cursor inside a block.';
  if (code !== undefined && looksBinary(code)) return binaryRefusal;
  return undefined;
}

/** The run for the answer's destination, or the message that says why nothing is sent. */
export function explainRun(target: ExplainTarget, settings: RequestSettings): { run: AnswerRun } | { refused: string } {
  const refused = explainRefusal(target);
  if (refused) return { refused };
  const { context, image } = target;
  const note = image && context ? imageWithCodeNote : target.note;
  const messages = withGrounding(explainMessages(context, image ? [image.data] : [], note), target.grounding);
  const tooLarge = tooLargeFor(settings, messages);
  if (tooLarge) return { refused: `Flashlight: ${tooLarge.message}` };
  const grounding = target.grounding && (target.grounding.view.items.length || target.grounding.view.partial) ? { grounding: target.grounding.view } : {};
  const asked: QuestionSummary = image
    ? {
        title: 'Explain screenshot',
        file: context?.fileName ?? image.name,
        lines: context ? linesOf(context) : undefined,
        language: context?.languageId,
        excerpt: context ? excerptOf(context.code) : undefined,
        note:
          [context ? `With ${image.name}` : undefined, image.chip.note ? `${image.name} ${image.chip.note}` : undefined].filter(Boolean).join('; ') ||
          undefined,
        imageCount: 1,
      }
    : {
        title: 'Explain',
        file: context?.fileName,
        lines: context ? linesOf(context) : undefined,
        language: context?.languageId,
        excerpt: context ? excerptOf(context.code) : undefined,
        note: target.note,
      };
  const question: QuestionSummary = { ...asked, ...grounding };
  const chatText = image
    ? context
      ? 'Explain this image together with the attached code.'
      : 'Explain what this image shows. If it is an error, say what causes it and how to fix it.'
    : target.note
      ? `Explain this code. (${target.note})`
      : 'Explain this code.';
  return {
    run: {
      question,
      request: requestFrom(settings, messages),
      chat: { text: chatText, contexts: context ? [...groundingChips(target.grounding), chipOf(context)] : [], images: image ? [image.chip] : [] },
      images: image ? [{ chipId: image.chip.id, data: image.data }] : [],
    },
  };
}
