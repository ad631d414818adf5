// The port every "ask the model and show the answer" use case talks to. Explain, the lightbulb's
// Explain and Explain Screenshot hand it one AnswerRun; where the answer goes (the panel beside
// the editor, or the chat to follow up) is the port's decision, made once (answerRouter.ts).
import type { ImagePart } from '../prompts/explain';
import type { ChatRequest } from '../openrouter/types';
import type { ContextChip, ImageChip, QuestionSummary } from '../../protocol';

export interface AnswerRun {
  /** The panel's header: what was asked. */
  question: QuestionSummary;
  /** What the panel sends. */
  request: ChatRequest;
  /** The same question as the chat shows and sends it: an instruction with the code as a chip. */
  chat: { text: string; contexts: ContextChip[]; images: ImageChip[] };
  /** The bytes behind `chat.images`, for the chat to keep with the conversation. */
  images: Array<{ chipId: string; data: ImagePart }>;
}

export interface Answers {
  ask(run: AnswerRun): Promise<void>;
  /**
   * A question is on its way but not built yet (its context is being gathered): where it goes may
   * get ready meanwhile, so the first answer's webview loads in parallel. Shows no earlier answer.
   */
  prepare?(): void;
}
