// The chat's brain: the current conversation, the attachments waiting in the composer, and the
// one request that may be streaming. The extension owns all state; the webview only shows it and
// repaints from `chatState` whenever it is (re)created.
import { requestFrom, type RequestSettings } from '../prompts/request';
import type { ClientConfig } from '../openrouter/types';
import type { FlashlightError } from '../openrouter/errors';
import { assertFits } from '../prompts/budget';
import type { OpenRouterClient } from '../openrouter/client';
import type { ChatAssistantTurn, ChatStateView, ChatTurn, ChatUserTurn, ContextChip, ExtensionToWebview, ImageChip } from '../../protocol';
import { assistantTurn, newConversation, questionFor, titleFrom, turnsBefore, userTurn, type Conversation } from './conversation';
import { ChatDiskError, type ConversationStore } from './conversationStore';
import { buildHistory, type ImageData } from './history';
import { withContextChips } from '../grounding/grounding';
import { newAnswerRecord, resumeRecord, streamAnswer, type StreamAnswerOptions } from './streamAnswer';
import { continuationRequest } from '../answers/continuation';
import type { ToolSet } from '../tools/toolLoop';

/** `flashlight.context.maxTokens`' default, for a tool set that names no budget. */
const defaultEarlierResultsBudget = 16_000;

export interface ChatEnvironment {
  client: OpenRouterClient;
  store: ConversationStore;
  /** The connection (an empty key when the user declined to give one) and the settings for the next request. */
  requestSettings(): Promise<RequestSettings & { config: ClientConfig; contextLength: number }>;
  nextRequestId(): number;
  /** May return a promise that settles when the view has the message (flow control in deltaBatcher.ts). */
  post(message: ExtensionToWebview): unknown;
  log(line: string): void;
  /** Image bytes for a chip (issue: images live in files, not in the conversation JSON). Writes nothing. */
  imageData(conversationId: string, chip: ImageChip): ImageData | undefined;
  /** The message with these images passed its size check and goes out: their unsent bytes are kept on disk. */
  keepImages(conversationId: string, chips: ImageChip[]): void;
  /** An image chip left the composer unsent (removed, New Chat): its bytes are freed. */
  releaseImage(chipId: string): void;
  /** Asked before a message with images is sent (does the model take images?); false keeps it in the composer. */
  confirmImages?(imageCount: number): Promise<boolean>;
  /** The billed cost of an answer whose usage chunk had none (GET /generation, a little later). */
  billedCost?(config: ClientConfig, id: string): Promise<number | undefined>;
  /** Keeps each finished answer's request for "View request". */
  keepRequest?: StreamAnswerOptions['keepRequest'];
  /** The read-only tools for the next answer, when the setting, the model and the workspace allow them. */
  tools?(): ToolSet | undefined;
}

export class ChatController {
  private conversation: Conversation = newConversation();
  private trimmedTurns = 0;
  private running: { abort: AbortController; done: Promise<void> } | undefined;
  private readonly pendingContexts = new Map<string, ContextChip>();
  private readonly pendingImages = new Map<string, ImageChip>();
  private loaded: Promise<void> | undefined;
  /**
   * Counts the user's intents (send, ask, retry, new chat, open). Each waits for the running answer
   * to stop and may wait for a key; when a newer intent came meanwhile, the older one gives way, so
   * a burst of sends (a compromised webview, a key held down) reaches the wire once, not N times.
   */
  private latestIntent = 0;

  /** Problems the store has told so far; an `open` that finds nothing and heard none says why itself. */
  private storeProblems = 0;

  constructor(private readonly env: ChatEnvironment) {
    env.store.onProblem((text) => {
      this.storeProblems++;
      this.env.post({ type: 'notice', text, severity: 'warning' });
    });
  }

  /** Reopens the most recent conversation once, lazily: nothing is read at activation. */
  private ensureLoaded(): Promise<void> {
    this.loaded ??= (async () => {
      const [latest] = await this.env.store.list();
      const conversation = latest ? await this.env.store.load(latest.id) : undefined;
      if (conversation) this.conversation = conversation;
    })();
    return this.loaded;
  }

  get current(): Conversation {
    return this.conversation;
  }

  get pendingContextChips(): ContextChip[] {
    return [...this.pendingContexts.values()];
  }

  get busy(): boolean {
    return !!this.running;
  }

  async postState(): Promise<void> {
    await this.ensureLoaded();
    const chat: ChatStateView = {
      id: this.conversation.id,
      title: this.conversation.title,
      turns: this.conversation.turns,
      trimmedTurns: this.trimmedTurns,
      busy: this.busy,
    };
    this.env.post({ type: 'chatState', chat, history: await this.env.store.list() });
    this.env.post({ type: 'composerAdd', contexts: [...this.pendingContexts.values()], images: [...this.pendingImages.values()] });
  }

  addAttachments(contexts: ContextChip[], images: ImageChip[] = []): void {
    for (const chip of contexts) this.pendingContexts.set(chip.id, chip);
    for (const chip of images) this.pendingImages.set(chip.id, chip);
    this.env.post({ type: 'composerAdd', contexts, images });
  }

  /** The user removed a chip: an image's bytes are freed with it. */
  removeAttachment(id: string): void {
    this.pendingContexts.delete(id);
    if (this.pendingImages.delete(id)) this.env.releaseImage(id);
  }

  /** Empties the composer's attachments, freeing the images' bytes. */
  private dropAttachments(): void {
    this.pendingContexts.clear();
    for (const id of this.pendingImages.keys()) this.env.releaseImage(id);
    this.pendingImages.clear();
  }

  async send(text: string, contextIds: string[], imageIds: string[], replaceTurnId?: string): Promise<void> {
    await this.ensureLoaded();
    // A listed chip's gathered context goes with it unless the user removed it (core/grounding).
    const contexts = withContextChips(
      contextIds.flatMap((id) => this.pendingContexts.get(id) ?? []),
      [...this.pendingContexts.values()],
    );
    const images = imageIds.flatMap((id) => this.pendingImages.get(id) ?? []);
    if (!text.trim() && !contexts.length && !images.length) return;
    if (images.length && this.env.confirmImages && !(await this.env.confirmImages(images.length))) {
      this.env.post({ type: 'composerSet', text, contexts, images });
      return;
    }
    const intent = ++this.latestIntent;
    await this.stop();
    if (intent !== this.latestIntent) {
      // A newer message came while this one waited: it goes back to the composer, not to the wire.
      this.env.post({ type: 'composerAdd', contexts, images });
      return;
    }
    // Taken for sending, not removed: their bytes are needed until the message is written.
    for (const chip of contexts) this.pendingContexts.delete(chip.id);
    for (const id of imageIds) this.pendingImages.delete(id);
    const earlier = replaceTurnId ? turnsBefore(this.conversation.turns, replaceTurnId) : this.conversation.turns;
    const question = userTurn(text.trim(), contexts, images);
    await this.answer([...earlier, question], intent);
  }

  /** A question from an editor command (Explain, a code action) sent straight to the chat. */
  async ask(text: string, contexts: ContextChip[], images: ImageChip[] = []): Promise<void> {
    await this.ensureLoaded();
    const intent = ++this.latestIntent;
    await this.stop();
    if (intent !== this.latestIntent) return;
    await this.answer([...this.conversation.turns, userTurn(text, contexts, images)], intent);
  }

  /** Regenerates an answer from the conversation up to its question. */
  async retry(turnId: string): Promise<void> {
    await this.ensureLoaded();
    const turns = this.conversation.turns;
    const target = turns.find((turn) => turn.id === turnId);
    const question = target?.role === 'user' ? target : questionFor(turns, turnId);
    if (!question) return;
    const intent = ++this.latestIntent;
    await this.stop();
    if (intent !== this.latestIntent) return;
    const upToQuestion = [...turnsBefore(turns, question.id), question];
    await this.answer(upToQuestion, intent);
  }

  /** The error view's Retry: the latest answer asked again. */
  async retryLatest(): Promise<void> {
    const latest = [...this.conversation.turns].reverse().find((turn) => turn.role === 'assistant');
    if (latest) await this.retry(latest.id);
  }

  /**
   * The error view's Continue: the latest answer, cut off after some text, asks for its rest (the
   * next model of the chain) and the continuation is appended to it in the same turn.
   */
  async continueLatest(): Promise<void> {
    await this.ensureLoaded();
    const turns = this.conversation.turns;
    const latest = turns[turns.length - 1];
    if (latest?.role !== 'assistant' || latest.answer.state !== 'error' || !latest.answer.error?.actions.includes('continue')) return;
    const intent = ++this.latestIntent;
    await this.stop();
    if (intent !== this.latestIntent) return;
    await this.answer(turns.slice(0, -1), intent, latest);
  }

  /** Puts a sent question back in the composer; sending it replaces it and what followed. */
  edit(turnId: string): void {
    const turn = this.conversation.turns.find((candidate): candidate is ChatUserTurn => candidate.id === turnId && candidate.role === 'user');
    if (!turn) return;
    // The composer drops what it held for the message being edited: so do we, or those bytes would stay forever.
    this.dropAttachments();
    for (const chip of turn.contexts) this.pendingContexts.set(chip.id, chip);
    for (const chip of turn.images) this.pendingImages.set(chip.id, chip);
    this.env.post({ type: 'composerSet', text: turn.text, contexts: turn.contexts, images: turn.images, editTurnId: turn.id });
  }

  async newChat(): Promise<void> {
    await this.ensureLoaded();
    ++this.latestIntent;
    await this.stop();
    this.conversation = newConversation();
    this.trimmedTurns = 0;
    // A new chat starts with an empty composer: unsent images are freed, not carried along.
    this.dropAttachments();
    this.env.post({ type: 'composerClear' });
    await this.postState();
  }

  async open(id: string): Promise<void> {
    await this.ensureLoaded();
    const intent = ++this.latestIntent;
    const told = this.storeProblems;
    const conversation = await this.env.store.load(id);
    if (intent !== this.latestIntent) return; // a newer chat was opened or started meanwhile
    if (!conversation) {
      if (this.storeProblems === told)
        this.env.post({ type: 'notice', text: 'That chat is no longer saved; it may have been deleted in another window.', severity: 'info' });
      await this.postState(); // the list drops it
      return;
    }
    await this.stop();
    if (intent !== this.latestIntent) return;
    this.conversation = conversation;
    this.trimmedTurns = 0;
    await this.postState();
  }

  async delete(id: string): Promise<void> {
    await this.ensureLoaded();
    if (id === this.conversation.id) {
      await this.stop();
      this.conversation = newConversation();
    }
    try {
      await this.env.store.delete(id);
    } catch (error) {
      this.diskFailed(error);
    }
    await this.postState();
  }

  /** Stops the answer streaming, keeping what arrived, and waits until it is saved. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort.abort();
    await running.done;
  }

  /** `continuing`: the cut-off answer to `turns`' last question whose rest is asked for (Continue). */
  private async answer(turns: ChatTurn[], intent: number, continuing?: ChatAssistantTurn): Promise<void> {
    const conversation = this.conversation;
    const first = turns.find((turn): turn is ChatUserTurn => turn.role === 'user');
    const settings = await this.env.requestSettings();
    // Asking for a key can take a while: a newer intent meanwhile wins.
    if (intent !== this.latestIntent || this.running) return;
    if (conversation.turns.length === 0 || conversation.title === 'New chat')
      conversation.title = titleFrom(first?.text || first?.contexts[0]?.label || 'Image');
    const reserved = settings.maxTokens ?? 8_192;
    // Earlier answers' tool rounds go only to a request that offers tools (a model without them rejects tool messages).
    const tools = this.env.tools?.();
    // Built from the bytes without writing any: a message refused below leaves nothing on disk.
    const built = buildHistory(
      turns,
      settings.contextLength,
      reserved,
      (turn) => turn.images.flatMap((chip) => this.env.imageData(conversation.id, chip) ?? []),
      tools?.list.length ? { budget: tools.earlierResultsBudget ?? defaultEarlierResultsBudget } : undefined,
    );
    try {
      assertFits(built.messages, settings.contextLength, reserved);
    } catch (error) {
      // Too big to send even alone: nothing is sent and nothing is lost; the question goes back to the composer.
      const question = turns[turns.length - 1] as ChatUserTurn;
      if (continuing) return void this.env.post({ type: 'notice', text: (error as FlashlightError).message, severity: 'warning' });
      for (const chip of question.contexts) this.pendingContexts.set(chip.id, chip);
      for (const chip of question.images) this.pendingImages.set(chip.id, chip);
      this.env.post({ type: 'composerSet', text: question.text, contexts: question.contexts, images: question.images });
      this.env.post({ type: 'notice', text: (error as FlashlightError).message, severity: 'warning' });
      return;
    }
    this.env.keepImages(
      conversation.id,
      turns.flatMap((turn) => (turn.role === 'user' ? turn.images : [])),
    );
    this.trimmedTurns = built.trimmedTurns;
    const asked = requestFrom(settings, built.messages);
    let record;
    let request = asked;
    if (continuing) {
      record = continuing.answer;
      request = continuationRequest(asked, record.text, record.stats?.model);
      resumeRecord(record, this.env.nextRequestId());
      conversation.turns = [...turns, continuing];
    } else {
      record = newAnswerRecord(this.env.nextRequestId(), { title: 'Chat' });
      conversation.turns = [...turns, assistantTurn(record)];
    }
    conversation.updatedAt = Date.now();
    const abort = new AbortController();
    const done = (async () => {
      try {
        // The question is saved before the answer starts: a reload mid-answer keeps it. A save
        // that fails is told and the answer goes on: the conversation stays here, in memory.
        await this.saveOrTell(conversation);
        await this.postState();
        await streamAnswer({
          client: this.env.client,
          config: settings.config,
          request,
          record,
          signal: abort.signal,
          post: (message) => this.env.post(message),
          log: (line) => this.env.log(line),
          continuing: !!continuing,
          billedCost: this.env.billedCost,
          // Told after the answer was saved: saved again with it (the footer of a reopened chat shows it).
          onBilledCost: () => void this.saveOrTell(conversation),
          keepRequest: this.env.keepRequest,
          tools,
        });
      } finally {
        // Whatever failed above, the chat must not stay busy: send, new and open wait on this.
        if (this.running?.abort === abort) this.running = undefined;
      }
      conversation.updatedAt = Date.now();
      await this.saveOrTell(conversation);
      if (this.conversation === conversation) this.env.post({ type: 'chatState', chat: this.stateView(), history: await this.env.store.list() });
    })();
    this.running = { abort, done };
    await done;
  }

  private async saveOrTell(conversation: Conversation): Promise<void> {
    try {
      await this.env.store.save(conversation);
    } catch (error) {
      this.diskFailed(error);
    }
  }

  /** A save or delete that did not reach the disk: said in the chat; the next one tries again. */
  private diskFailed(error: unknown): void {
    const reason = error instanceof ChatDiskError ? error.message : 'an unexpected error';
    const deleting = error instanceof ChatDiskError && error.action === 'delete';
    this.env.log(`chat ${deleting ? 'delete' : 'save'} failed: ${error instanceof ChatDiskError ? (error.code ?? 'no code') : String(error)}`);
    this.env.post({
      type: 'notice',
      text: deleting
        ? `Flashlight could not delete that chat: ${reason}.`
        : `Flashlight could not save this chat: ${reason}. It stays open here, and the next message tries to save it again.`,
      severity: 'error',
    });
  }

  private stateView(): ChatStateView {
    return { id: this.conversation.id, title: this.conversation.title, turns: this.conversation.turns, trimmedTurns: this.trimmedTurns, busy: this.busy };
  }
}
