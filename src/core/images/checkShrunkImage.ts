// The webview's answer to `shrinkImage` is hostile input: a compromised webview could name any
// type, claim any size, or return bytes that are not an image at all. So the extension reads the
// returned bytes' header itself and takes the format and size from there; the message's own
// `mimeType` is never used. Pure: unit-tested in plain Node.
import type { ShrunkImage } from '../../protocol';
import { mimeTypeOf, readImageInfo, type ImageFormat, type ImageInfo } from './imageInfo';
import { base64Length, formatBytes, imageLimits } from './limits';

export interface CheckedShrink {
  /** From the returned bytes' header. */
  format: ImageFormat;
  mimeType: string;
  /** The returned bytes, which decode canonically: exactly what was checked is what is kept. */
  base64: string;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  thumbnail: string;
}

export type ShrinkCheck = { ok: true; image: CheckedShrink } | { ok: false; message: string };

type Reply = Extract<ShrunkImage, { ok: true }>;

const thumbnailPattern = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]+={0,2})$/;

/** `original` is the header of the bytes the extension sent: the reply must describe that image. */
export function checkShrunkImage(name: string, reply: Reply, original: ImageInfo): ShrinkCheck {
  const refuse = (why: string): ShrinkCheck => ({
    ok: false,
    message: `${name} was refused: the view that prepared it returned ${why}; nothing was sent or written.`,
  });

  const tooMany = `more than ${formatBytes(imageLimits.maxBytes)}`;
  // The length first, so text far too long is never decoded; then the exact byte count.
  if (typeof reply.base64 !== 'string' || reply.base64.length > base64Length(imageLimits.maxBytes)) return refuse(tooMany);
  const bytes = strictBase64(reply.base64);
  if (!bytes) return refuse('bytes that are not valid base64');
  if (bytes.length > imageLimits.maxBytes) return refuse(tooMany);
  const info = readImageInfo(bytes);
  if (!info) return refuse('bytes that are not a PNG/JPEG/WebP/GIF image');

  const sizes = [reply.width, reply.height, reply.originalWidth, reply.originalHeight];
  if (!sizes.every((size) => Number.isInteger(size) && size >= 1 && size <= imageLimits.maxDimension))
    return refuse('a size that is not a sane number of pixels');
  if (Math.max(reply.width, reply.height) > imageLimits.maxSide) return refuse(`an image larger than ${imageLimits.maxSide} pixels`);
  // Equal or turned a quarter: the browser applies a JPEG's EXIF orientation, the header does not.
  if (!sameSize(reply.width, reply.height, info)) return refuse(`a size (${reply.width}×${reply.height}) its bytes do not have (${info.width}×${info.height})`);
  if (!sameSize(reply.originalWidth, reply.originalHeight, original))
    return refuse(`an original size (${reply.originalWidth}×${reply.originalHeight}) the file does not have (${original.width}×${original.height})`);

  const thumbnail = checkThumbnail(reply.thumbnail);
  if (!thumbnail) return refuse('a thumbnail that is not a small PNG/JPEG/WebP/GIF data: URL');

  return {
    ok: true,
    image: {
      format: info.format,
      mimeType: mimeTypeOf(info.format),
      base64: reply.base64,
      width: reply.width,
      height: reply.height,
      originalWidth: reply.originalWidth,
      originalHeight: reply.originalHeight,
      thumbnail,
    },
  };
}

function sameSize(width: number, height: number, header: { width: number; height: number }): boolean {
  return (width === header.width && height === header.height) || (width === header.height && height === header.width);
}

/** The bytes, only when the text is canonical base64 (Node's decoder silently skips anything else). */
function strictBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** A thumbnail is shown in the webview, so it must be a small image whose bytes are what its prefix says. */
function checkThumbnail(thumbnail: unknown): string | undefined {
  if (typeof thumbnail !== 'string' || thumbnail.length > imageLimits.thumbnailMaxChars) return undefined;
  const match = thumbnailPattern.exec(thumbnail);
  if (!match) return undefined;
  const bytes = strictBase64(match[2]);
  const info = bytes && readImageInfo(bytes);
  if (!info || info.format !== match[1] || Math.max(info.width, info.height) > imageLimits.thumbnailSide) return undefined;
  return thumbnail;
}
