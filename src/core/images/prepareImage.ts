// From bytes to an image ready to send: the header checked here (type, size, a lying name),
// then decoded and shrunk by a webview, whose answer is checked again (checkShrunkImage.ts).
// Every refusal is one sentence for the user; nothing is sent after one. Pure apart from the
// `shrink` it is given.
import { randomUUID } from 'node:crypto';
import type { ImageChip } from '../../protocol';
import { checkShrunkImage } from './checkShrunkImage';
import { checkImage, notAnImageMessage } from './imageInfo';
import { formatBytes, imageLimits, tooLargeMessage } from './limits';
import type { ShrinkOutcome } from './shrinkRequests';

export interface PreparedImage {
  chip: ImageChip;
  data: { mimeType: string; base64: string };
}

export type Prepared = { ok: true; image: PreparedImage } | { ok: false; message: string };

/** Decodes and shrinks an image in a webview, which answers with the result (shrinkRequests.ts). */
export type ShrinkOutcomeFor = (image: { mimeType: string; base64: string }) => Promise<ShrinkOutcome>;

export async function prepareImage(name: string, bytes: Uint8Array, shrink: ShrinkOutcomeFor): Promise<Prepared> {
  if (bytes.length > imageLimits.maxFileBytes) return { ok: false, message: tooLargeMessage(name, bytes.length) };
  const checked = checkImage(bytes, name);
  if (!checked.ok) return { ok: false, message: checked.reason };
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const shrunk = await shrink({ mimeType: checked.mimeType, base64 });
  if (!shrunk.ok) {
    switch (shrunk.reason) {
      case 'tooLarge':
        return { ok: false, message: `${name} could not be shrunk under ${formatBytes(imageLimits.maxBytes)}; nothing was sent.` };
      case 'timeout':
        return { ok: false, message: `${name} could not be prepared in time (the view did not answer); nothing was sent.` };
      default:
        return { ok: false, message: notAnImageMessage(name) };
    }
  }
  // The reply is hostile input: its format and sizes are taken from its bytes, never from its word.
  const reply = checkShrunkImage(name, shrunk, checked);
  if (!reply.ok) return { ok: false, message: reply.message };
  const image = reply.image;
  const shrank = image.width !== image.originalWidth || image.height !== image.originalHeight || image.base64 !== base64;
  const chip: ImageChip = {
    id: randomUUID(),
    name,
    mimeType: image.mimeType,
    thumbnail: image.thumbnail,
    width: image.width,
    height: image.height,
    bytes: Math.floor((image.base64.length * 3) / 4),
    note: shrank
      ? image.width !== image.originalWidth
        ? `shrunk from ${image.originalWidth}×${image.originalHeight}`
        : `recompressed from ${formatBytes(bytes.length)}`
      : undefined,
  };
  return { ok: true, image: { chip, data: { mimeType: image.mimeType, base64: image.base64 } } };
}
