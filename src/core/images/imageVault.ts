// Where image bytes live. Unsent images stay in memory, one entry per chip in the composer, and
// are dropped when the chip is removed (`forget`). Once a message with one is really going out
// (after its size check), its bytes are written to `<conversation's image folder>/<chip id>.<ext>`
// (`persist`; the conversation JSON keeps only the chip with its small thumbnail), and follow-ups
// read them back from there. The store deletes the folder with the chat. Synchronous on purpose:
// the chat builds requests synchronously.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { ChatEnvironment } from '../chat/chatController';
import type { ImageChip } from '../../protocol';
import { extensionOf, formatOfMimeType } from './imageInfo';

export interface ImageBytes {
  mimeType: string;
  base64: string;
}

/** The parts of `node:path` a file name is built with: tests pass `path.win32` and `path.posix`. */
export type PathApi = Pick<typeof nodePath, 'join' | 'dirname' | 'normalize'>;

const safeId = /^[A-Za-z0-9-]+$/;

/**
 * `<directory>/<chip id>.<ext>`, the extension from a fixed format table; undefined when the id
 * is not plain letters, digits and dashes or the type is not one of our four exactly. Whatever
 * the chip says, the file lands directly in `directory`, under either path flavour.
 */
export function imageFilePath(directory: string, chipId: string, mimeType: string, paths: PathApi = nodePath): string | undefined {
  const format = formatOfMimeType(mimeType);
  if (!format || !safeId.test(chipId)) return undefined;
  const file = paths.join(directory, `${chipId}.${extensionOf(format)}`);
  return paths.dirname(file) === paths.normalize(directory) ? file : undefined;
}

export class ImageVault {
  private readonly pending = new Map<string, ImageBytes>();

  constructor(
    private readonly directoryOf: (conversationId: string) => string,
    private readonly paths: PathApi = nodePath,
  ) {}

  hold(chipId: string, data: ImageBytes): void {
    this.pending.set(chipId, data);
  }

  /** The chip left the composer unsent: its bytes go (a file already written for a sent turn stays). */
  forget(chipId: string): void {
    this.pending.delete(chipId);
  }

  /** Bytes held in memory for unsent chips (base64 characters, about 4/3 of the image's bytes). */
  get heldBytes(): number {
    let total = 0;
    for (const data of this.pending.values()) total += data.base64.length;
    return total;
  }

  fileFor(conversationId: string, chip: ImageChip): string | undefined {
    if (!safeId.test(conversationId)) return undefined;
    return imageFilePath(this.directoryOf(conversationId), chip.id, chip.mimeType, this.paths);
  }

  /** The bytes for a request, from memory or the file; writes nothing (the request may yet be refused). */
  peek(conversationId: string, chip: ImageChip): ImageBytes | undefined {
    const file = this.fileFor(conversationId, chip);
    if (!file) return undefined;
    const held = this.pending.get(chip.id);
    if (held) return held;
    try {
      return { mimeType: chip.mimeType, base64: readFileSync(file).toString('base64') };
    } catch {
      return undefined; // deleted behind our back: the turn is sent without it
    }
  }

  /**
   * The message with this chip is going out: unsent bytes are written beside the conversation and
   * leave memory. False when the write failed: the bytes then stay in memory, so nothing is lost
   * while the window lives.
   */
  persist(conversationId: string, chip: ImageChip): boolean {
    const held = this.pending.get(chip.id);
    const file = this.fileFor(conversationId, chip);
    if (!held || !file) return true;
    try {
      if (!existsSync(file)) {
        mkdirSync(this.directoryOf(conversationId), { recursive: true });
        writeFileSync(file, Buffer.from(held.base64, 'base64'));
      }
    } catch {
      return false;
    }
    // From now on the file is the copy: memory holds only images not yet sent.
    this.pending.delete(chip.id);
    return true;
  }

  /** Peek and persist at once: for a request that is sure to go (the panel's, the wire tests). */
  read(conversationId: string, chip: ImageChip): ImageBytes | undefined {
    const bytes = this.peek(conversationId, chip);
    this.persist(conversationId, chip);
    return bytes;
  }
}

/**
 * The chat's image hooks, served by a vault: the controller keeps the chips, the vault the bytes.
 * Bytes are read for a request without writing, written once it passed its size check, and
 * dropped when their chip leaves the composer unsent.
 */
export function chatImageHooks(vault: ImageVault, log: (line: string) => void): Pick<ChatEnvironment, 'imageData' | 'keepImages' | 'releaseImage'> {
  return {
    imageData: (conversationId, chip) => vault.peek(conversationId, chip),
    keepImages: (conversationId, chips) => {
      for (const chip of chips)
        if (!vault.persist(conversationId, chip)) log(`images: could not write ${chip.name} beside the chat; it stays in memory until the window closes`);
    },
    releaseImage: (chipId) => vault.forget(chipId),
  };
}
