// The one decision of where an answer goes: `flashlight.answerDestination` "chat" sends it to the
// chat, to follow up; otherwise the panel beside the editor. Read per request, so a settings
// change applies to the next one.
import type { ChatUserTurn } from '../../protocol';
import type { AnswerRun, Answers } from './answers';
import type { ImagePart } from '../prompts/explain';

/** What the router needs of the chat. */
export interface ChatAnswers {
  reveal(): Promise<void>;
  holdImage(chipId: string, data: ImagePart): void;
  ask(text: string, contexts: ChatUserTurn['contexts'], images: ChatUserTurn['images']): Promise<void>;
}

export class AnswerRouter implements Answers {
  constructor(
    private readonly destination: () => 'panel' | 'chat',
    private readonly panel: Answers,
    private readonly chat: ChatAnswers,
  ) {}

  async ask(run: AnswerRun): Promise<void> {
    if (this.destination() === 'chat') {
      for (const image of run.images) this.chat.holdImage(image.chipId, image.data);
      await this.chat.reveal();
      await this.chat.ask(run.chat.text, run.chat.contexts, run.chat.images);
      return;
    }
    await this.panel.ask(run);
  }

  prepare(): void {
    // The chat view is revealed by its own ask; only the panel has a webview worth starting early.
    if (this.destination() !== 'chat') this.panel.prepare?.();
  }
}
