// Conversations on disk under the extension's global storage: one JSON file each, plus a small
// index of summaries, so showing the list never reads every conversation. Writes go to a temp
// file and are renamed into place, so a crash mid-write never leaves a torn file.
//
// The disk is shared and fallible:
// - Each write fails on its own: a failed save rejects that save only; the next one tries again.
// - Several windows (extension hosts) share the folder. The files are the truth: the list is
//   the index's entries for conversation files that exist, plus a summary read from any file the
//   index does not know (written by another window whose index write lost a race). A deleted
//   chat's file is gone, so no window's stale index can bring it back.
// - A file that cannot be parsed is moved aside as `NAME.corrupt-<time>` and the user is told
//   once; one that parses but had to be repaired keeps its original the same way.
// - Temp files left by a crash mid-write are removed at the first list or write.
import * as nodeFs from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { completeTurns, summarize, type Conversation } from './conversation';
import { checkConversation, checkSummaries } from './conversationShape';
import { describeDiskError, errorCode } from './diskErrors';
import type { ConversationSummary } from '../../protocol';

const indexFile = 'index.json';
const safeId = /^[0-9a-f-]{36}$/;
const isId = (id: string) => safeId.test(id);
/** A temp file whose writer still runs is left alone unless it is this old (the pid may be reused). */
const staleTemporaryMs = 10 * 60_000;

/** The file operations the store uses: node:fs/promises by default, a failing one in tests. */
export interface StoreFileSystem {
  mkdir(path: string): Promise<void>;
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  writeFile(path: string, content: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  /** Removes a file or a folder with its content; a missing one is not an error. */
  remove(path: string): Promise<void>;
  modifiedAt(path: string): Promise<number>;
}

export const nodeFileSystem: StoreFileSystem = {
  mkdir: async (path) => void (await nodeFs.mkdir(path, { recursive: true })),
  readFile: (path) => nodeFs.readFile(path, 'utf8'),
  readdir: (path) => nodeFs.readdir(path),
  writeFile: (path, content) => nodeFs.writeFile(path, content, 'utf8'),
  rename: (from, to) => nodeFs.rename(from, to),
  copyFile: (from, to) => nodeFs.copyFile(from, to),
  remove: (path) => nodeFs.rm(path, { recursive: true, force: true }),
  modifiedAt: async (path) => (await nodeFs.stat(path)).mtimeMs,
};

export interface StoreOptions {
  fs?: StoreFileSystem;
  now?: () => number;
  /** Whether the process that wrote a temp file still runs. */
  processAlive?: (pid: number) => boolean;
}

/** A save or delete that did not reach the disk; the message says why in plain words. */
export class ChatDiskError extends Error {
  constructor(
    readonly action: 'save' | 'delete',
    readonly code: string | undefined,
    reason: string,
  ) {
    super(reason);
    this.name = 'ChatDiskError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM'; // it exists, it is just not ours to signal
  }
}

export class ConversationStore {
  private writes: Promise<void> = Promise.resolve();
  private cleaned: Promise<void> | undefined;
  private readonly fs: StoreFileSystem;
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly problemListeners: ((text: string) => void)[] = [];
  /** Problems already told, by what they are about: each is told once. */
  private readonly told = new Set<string>();

  constructor(
    private readonly directory: string,
    options: StoreOptions = {},
  ) {
    this.fs = options.fs ?? nodeFileSystem;
    this.now = options.now ?? Date.now;
    this.isAlive = options.processAlive ?? processAlive;
  }

  /** Called with a sentence for the user when a file is found unreadable (once per file). */
  onProblem(listener: (text: string) => void): void {
    this.problemListeners.push(listener);
  }

  /** Newest first. Never throws: what cannot be read is left out and told. */
  async list(): Promise<ConversationSummary[]> {
    await this.cleanOnce();
    return (await this.readList()).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!safeId.test(id)) return undefined;
    await this.writes; // a save still in flight is part of what the caller expects to read
    return this.readConversation(id);
  }

  /** Saves in the order called, one write at a time; rejects with a ChatDiskError if it fails. */
  save(conversation: Conversation): Promise<void> {
    const snapshot = JSON.stringify({ ...conversation, turns: completeTurns(conversation.turns) });
    const summary = summarize(conversation);
    return this.enqueue('save', async () => {
      await this.cleanOnce();
      await this.fs.mkdir(this.directory);
      await this.writeAtomically(this.fileFor(conversation.id), snapshot);
      // The conversation is on disk now; the index is only a summary of the files, so failing
      // to update it loses nothing (the next list reads the file itself).
      await this.writeIndex(
        (await this.readList()).filter((entry) => entry.id !== summary.id),
        summary,
      );
    });
  }

  delete(id: string): Promise<void> {
    return this.enqueue('delete', async () => {
      if (!safeId.test(id)) return;
      await this.cleanOnce();
      await this.fs.remove(this.fileFor(id));
      // The chat is gone once its file is; images left behind cost only disk, not the chat.
      await this.fs.remove(this.imageDirectory(id)).catch(() => undefined);
      await this.writeIndex(await this.readList());
    });
  }

  /** Where a conversation's images live, so they are deleted with it. */
  imageDirectory(id: string): string {
    return join(this.directory, 'images', id);
  }

  /** Runs writes in order; one failing does not stop the ones after it. */
  private enqueue(action: 'save' | 'delete', operation: () => Promise<void>): Promise<void> {
    const run = this.writes.then(operation).catch((error: unknown) => {
      throw error instanceof ChatDiskError ? error : new ChatDiskError(action, errorCode(error), describeDiskError(error));
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private fileFor(id: string): string {
    return join(this.directory, `${id}.json`);
  }

  private async writeAtomically(file: string, content: string): Promise<void> {
    // Unique per write, not only per process: two stores in one process must not share a temp file.
    const temporary = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
    try {
      await this.fs.writeFile(temporary, content);
      await this.fs.rename(temporary, file);
    } catch (error) {
      await this.fs.remove(temporary).catch(() => undefined); // a full disk may have left half of it
      throw error;
    }
  }

  private async writeIndex(entries: ConversationSummary[], first?: ConversationSummary): Promise<void> {
    try {
      await this.fs.mkdir(this.directory);
      await this.writeAtomically(join(this.directory, indexFile), JSON.stringify(first ? [first, ...entries] : entries));
    } catch {
      // Deliberately quiet: see save().
    }
  }

  /** The index's entries for files that exist, plus summaries of files it does not list. */
  private async readList(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.directory);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') this.tell('folder', `Flashlight could not read its saved chats: ${describeDiskError(error)}.`);
      return [];
    }
    const ids = names.flatMap((name) => (name.endsWith('.json') && isId(name.slice(0, -5)) ? [name.slice(0, -5)] : []));
    const onDisk = new Set(ids);
    const byId = new Map<string, ConversationSummary>();
    for (const entry of names.includes(indexFile) ? await this.readIndex() : []) {
      if (onDisk.has(entry.id) && !byId.has(entry.id)) byId.set(entry.id, entry);
    }
    for (const id of ids) {
      if (byId.has(id)) continue;
      const conversation = await this.readConversation(id);
      if (conversation) byId.set(id, summarize(conversation));
    }
    return [...byId.values()];
  }

  private async readIndex(): Promise<ConversationSummary[]> {
    let text: string;
    try {
      text = await this.fs.readFile(join(this.directory, indexFile));
    } catch {
      return []; // the list is rebuilt from the files themselves
    }
    const entries = checkSummaries(parseJson(text), isId);
    if (entries) return entries;
    const aside = await this.setAside(indexFile);
    if (aside) this.tell(indexFile, `Flashlight's list of saved chats could not be read; it was set aside as ${aside} and rebuilt from the chats themselves.`);
    return [];
  }

  /** Without waiting for writes: also used from inside a write (reading the list). */
  private async readConversation(id: string): Promise<Conversation | undefined> {
    const name = `${id}.json`;
    let text: string;
    try {
      text = await this.fs.readFile(this.fileFor(id));
    } catch (error) {
      // Missing: deleted, maybe by another window. Anything else is worth saying.
      if (errorCode(error) !== 'ENOENT') this.tell(`read:${name}`, `A saved chat (${name}) could not be read: ${describeDiskError(error)}.`);
      return undefined;
    }
    const checked = checkConversation(parseJson(text), id);
    if (!checked) {
      const aside = await this.setAside(name);
      if (aside) this.tell(name, `A saved chat could not be read and was set aside as ${aside}; your other chats are unaffected.`);
      return undefined;
    }
    if (checked.repaired) void this.keepOriginal(id, text, checked.conversation);
    return { ...checked.conversation, turns: completeTurns(checked.conversation.turns) };
  }

  /**
   * A conversation that had parts of the wrong shape opens without them; its original is copied
   * aside and the repaired one written in its place, in the write queue, once, and only if the
   * file still holds what was read (a newer save wins).
   */
  private keepOriginal(id: string, original: string, repaired: Conversation): Promise<void> {
    const name = `${id}.json`;
    return this.enqueue('save', async () => {
      const current = await this.fs.readFile(this.fileFor(id)).catch(() => undefined);
      if (current !== original) return;
      const aside = `${name}.corrupt-${this.now()}`;
      await this.fs.copyFile(this.fileFor(id), join(this.directory, aside));
      await this.writeAtomically(this.fileFor(id), JSON.stringify(repaired));
      this.tell(name, `Parts of a saved chat ("${repaired.title.slice(0, 60)}") could not be read and were left out; the original was kept as ${aside}.`);
    }).catch(() => undefined); // best effort: it opens either way
  }

  /** Moves an unreadable file out of the list's way; the new name, or undefined if it is already gone. */
  private async setAside(name: string): Promise<string | undefined> {
    const aside = `${name}.corrupt-${this.now()}`;
    try {
      await this.fs.rename(join(this.directory, name), join(this.directory, aside));
      return aside;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined; // another window moved or replaced it
      this.tell(`aside:${name}`, `A saved chat file (${name}) could not be read, nor moved aside: ${describeDiskError(error)}.`);
      return undefined;
    }
  }

  private tell(about: string, text: string): void {
    if (this.told.has(about)) return;
    this.told.add(about);
    for (const listener of this.problemListeners) listener(text);
  }

  private cleanOnce(): Promise<void> {
    this.cleaned ??= this.removeLeftoverTemporaries();
    return this.cleaned;
  }

  /** `NAME.<pid>[-<random>].tmp` from a write that never reached its rename. */
  private async removeLeftoverTemporaries(): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.directory);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      const pid = Number(/\.(\d+)(?:-[0-9a-f]+)?\.tmp$/.exec(name)?.[1]);
      const path = join(this.directory, name);
      try {
        const writerGone = Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !this.isAlive(pid);
        if (writerGone || this.now() - (await this.fs.modifiedAt(path)) > staleTemporaryMs) await this.fs.remove(path);
      } catch {
        // Another window may have removed it first; a leftover costs only disk.
      }
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
