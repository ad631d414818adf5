// Conversations on disk under the extension's global storage: one JSON file each, plus a small
// index for the list, so opening the list never reads every conversation. Writes go to a temp
// file and are renamed into place, so a crash mid-write never leaves a torn file.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { completeTurns, summarize, type Conversation } from './conversation';
import type { ConversationSummary } from '../protocol';

const indexFile = 'index.json';
const safeId = /^[0-9a-f-]{36}$/;

export class ConversationStore {
  private index: ConversationSummary[] | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly directory: string) {}

  async list(): Promise<ConversationSummary[]> {
    if (!this.index) {
      try {
        this.index = JSON.parse(await readFile(join(this.directory, indexFile), 'utf8')) as ConversationSummary[];
      } catch {
        this.index = await this.rebuildIndex();
      }
    }
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!safeId.test(id)) return undefined;
    await this.writes; // a save still in flight is part of what the caller expects to read
    return this.readConversation(id);
  }

  /** Without waiting for writes: also used from inside a write (rebuilding the index). */
  private async readConversation(id: string): Promise<Conversation | undefined> {
    try {
      const conversation = JSON.parse(await readFile(this.fileFor(id), 'utf8')) as Conversation;
      return { ...conversation, turns: completeTurns(conversation.turns) };
    } catch {
      return undefined;
    }
  }

  /** Saves in the order called, one write at a time. */
  save(conversation: Conversation): Promise<void> {
    const snapshot = JSON.stringify({ ...conversation, turns: completeTurns(conversation.turns) });
    const summary = summarize(conversation);
    this.writes = this.writes.then(async () => {
      await mkdir(this.directory, { recursive: true });
      await this.writeAtomically(this.fileFor(conversation.id), snapshot);
      const index = (await this.list()).filter((entry) => entry.id !== summary.id);
      this.index = [summary, ...index];
      await this.writeAtomically(join(this.directory, indexFile), JSON.stringify(this.index));
    });
    return this.writes;
  }

  delete(id: string): Promise<void> {
    this.writes = this.writes.then(async () => {
      if (!safeId.test(id)) return;
      await rm(this.fileFor(id), { force: true });
      await rm(join(this.directory, 'images', id), { recursive: true, force: true });
      this.index = (await this.list()).filter((entry) => entry.id !== id);
      await mkdir(this.directory, { recursive: true });
      await this.writeAtomically(join(this.directory, indexFile), JSON.stringify(this.index));
    });
    return this.writes;
  }

  /** Where a conversation's images live, so they are deleted with it. */
  imageDirectory(id: string): string {
    return join(this.directory, 'images', id);
  }

  private fileFor(id: string): string {
    return join(this.directory, `${id}.json`);
  }

  private async writeAtomically(file: string, content: string): Promise<void> {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, file);
  }

  private async rebuildIndex(): Promise<ConversationSummary[]> {
    let names: string[] = [];
    try {
      names = (await readdir(this.directory)).filter((name) => name.endsWith('.json') && name !== indexFile);
    } catch {
      return [];
    }
    const summaries: ConversationSummary[] = [];
    for (const name of names) {
      const id = name.slice(0, -5);
      const conversation = safeId.test(id) ? await this.readConversation(id) : undefined;
      if (conversation) summaries.push(summarize(conversation));
    }
    return summaries;
  }
}
