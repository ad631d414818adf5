// Recognises an image from its first bytes, never from its name or the browser's claim: PNG,
// JPEG, WebP and GIF signatures and their dimensions. Pure: unit-tested in plain Node.
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

export interface ImageInfo {
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
}

export type ImageCheck = ({ ok: true } & ImageInfo) | { ok: false; reason: string };

const mimeTypes: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };
const labels: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF' };

export function mimeTypeOf(format: ImageFormat): string {
  return mimeTypes[format];
}

/** A stored image's file extension, from a fixed table: never from text a webview or a file supplied. */
const extensions: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' };

export function extensionOf(format: ImageFormat): string {
  return extensions[format];
}

/** The format of one of our four MIME types, exactly as `mimeTypeOf` writes it; anything else is not ours. */
export function formatOfMimeType(mimeType: string): ImageFormat | undefined {
  return (Object.keys(mimeTypes) as ImageFormat[]).find((format) => mimeTypes[format] === mimeType);
}

/** The format a file name claims, if it ends in one of ours. */
export function formatFromName(name: string): ImageFormat | undefined {
  const match = /\.(png|jpe?g|webp|gif)$/i.exec(name);
  if (!match) return undefined;
  const extension = match[1].toLowerCase();
  return extension === 'jpg' || extension === 'jpeg' ? 'jpeg' : (extension as ImageFormat);
}

export function notAnImageMessage(name: string): string {
  return `${name} is not a PNG/JPEG/WebP/GIF image (or is damaged); nothing was sent.`;
}

/** Checks the bytes, and that a name ending in .png (etc.) holds that format. */
export function checkImage(bytes: Uint8Array, name: string): ImageCheck {
  const info = readImageInfo(bytes);
  if (!info) return { ok: false, reason: notAnImageMessage(name) };
  const claimed = formatFromName(name);
  if (claimed && claimed !== info.format) {
    return {
      ok: false,
      reason: `${name} is not a ${labels[claimed]} image (its bytes are ${labels[info.format]}, so the file may be damaged or misnamed); nothing was sent.`,
    };
  }
  return { ok: true, ...info };
}

/** The format and size from the header, or undefined when it is not one of ours, or truncated. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const size = png(bytes) ?? gif(bytes) ?? webp(bytes) ?? jpeg(bytes);
  if (!size || size.width <= 0 || size.height <= 0) return undefined;
  return { ...size, mimeType: mimeTypes[size.format] };
}

type Sized = { format: ImageFormat; width: number; height: number };

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((byte, index) => bytes[at + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

function png(b: Uint8Array): Sized | undefined {
  if (!startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return undefined;
  // The first chunk must be IHDR, 13 bytes long: width and height are its first two fields.
  if (b.length < 33 || u32be(b, 8) !== 13 || !startsWith(b, ascii('IHDR'), 12)) return undefined;
  return { format: 'png', width: u32be(b, 16), height: u32be(b, 20) };
}

function gif(b: Uint8Array): Sized | undefined {
  if (!startsWith(b, ascii('GIF87a')) && !startsWith(b, ascii('GIF89a'))) return undefined;
  if (b.length < 13) return undefined;
  return { format: 'gif', width: u16le(b, 6), height: u16le(b, 8) };
}

function webp(b: Uint8Array): Sized | undefined {
  if (!startsWith(b, ascii('RIFF')) || !startsWith(b, ascii('WEBP'), 8)) return undefined;
  if (startsWith(b, ascii('VP8 '), 12)) {
    // Lossy: a key frame's start code, then 14-bit width and height.
    if (b.length < 30 || !startsWith(b, [0x9d, 0x01, 0x2a], 23)) return undefined;
    return { format: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (startsWith(b, ascii('VP8L'), 12)) {
    // Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each.
    if (b.length < 25 || b[20] !== 0x2f) return undefined;
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (startsWith(b, ascii('VP8X'), 12)) {
    if (b.length < 30) return undefined;
    return { format: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return undefined;
}

function jpeg(b: Uint8Array): Sized | undefined {
  if (!startsWith(b, [0xff, 0xd8, 0xff])) return undefined;
  // Walk the segments to the first start-of-frame, which holds the size (EXIF may come first).
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    let marker = b[i + 1];
    while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1]!;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // image data before any frame header
    if (i + 4 > b.length) return undefined;
    const length = u16be(b, i + 2);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 9 > b.length) return undefined;
      return { format: 'jpeg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + length;
  }
  return undefined;
}
