// Where image bytes live. Unsent images stay in memory; the first time a request is built with
// one, its bytes are written to `<conversation's image folder>/<chip id>.<ext>` (the conversation
// JSON keeps only the chip with its small thumbnail), and follow-ups read them back from there.
// The store deletes the folder with the chat. Synchronous on purpose: the chat builds requests
// synchronously.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageChip } from '../protocol';
import { extensionOf } from './imageInfo';

export interface ImageBytes {
  mimeType: string;
  base64: string;
}

const safeId = /^[A-Za-z0-9-]+$/;

export class ImageVault {
  private readonly pending = new Map<string, ImageBytes>();

  constructor(private readonly directoryOf: (conversationId: string) => string) {}

  hold(chipId: string, data: ImageBytes): void {
    this.pending.set(chipId, data);
  }

  forget(chipId: string): void {
    this.pending.delete(chipId);
  }

  fileFor(conversationId: string, chip: ImageChip): string | undefined {
    if (!safeId.test(chip.id) || !safeId.test(conversationId)) return undefined;
    return join(this.directoryOf(conversationId), `${chip.id}.${extensionOf(chip.mimeType)}`);
  }

  /** The bytes for a request: from memory (written to the conversation's folder on first use), else from the file. */
  read(conversationId: string, chip: ImageChip): ImageBytes | undefined {
    const file = this.fileFor(conversationId, chip);
    if (!file) return undefined;
    const held = this.pending.get(chip.id);
    if (held) {
      if (!existsSync(file)) {
        mkdirSync(this.directoryOf(conversationId), { recursive: true });
        writeFileSync(file, Buffer.from(held.base64, 'base64'));
      }
      // From now on the file is the copy: memory holds only images not yet sent.
      this.pending.delete(chip.id);
      return held;
    }
    try {
      return { mimeType: chip.mimeType, base64: readFileSync(file).toString('base64') };
    } catch {
      return undefined; // deleted behind our back: the turn is sent without it
    }
  }
}
