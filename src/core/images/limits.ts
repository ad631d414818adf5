// Every number that bounds an image, in one place: the extension, the webview and the tests
// read them from here.
export const imageLimits = {
  /** Longest side sent to the model; larger images are shrunk, aspect kept. */
  maxSide: 2048,
  /** Bytes of one image as sent (before base64), after shrinking. */
  maxBytes: 4 * 1024 * 1024,
  /** Files larger than this are refused from their size alone, never read whole. */
  maxFileBytes: 40 * 1024 * 1024,
  /** Longest side of the chip's thumbnail. */
  thumbnailSide: 96,
  /** How long the webview may take to decode and shrink one image. */
  shrinkTimeoutMs: 30_000,
  /** Characters of a thumbnail's data: URL a webview may return (a 96-pixel PNG is far smaller). */
  thumbnailMaxChars: 256 * 1024,
  /** Longest side any image header may claim before it is called nonsense (PNG allows 2^31). */
  maxDimension: 100_000,
  /** Characters of an image's name kept for its chip and messages. */
  maxNameChars: 120,
} as const;

/** Characters of the base64 text for `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

export const imageExtensions = ['png', 'jpg', 'jpeg', 'webp', 'gif'] as const;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** `bytes` undefined: the webview refused to read the file, so only "over the limit" is known. */
export function tooLargeMessage(name: string, bytes?: number): string {
  const size = bytes === undefined ? 'is' : `is ${formatBytes(bytes)},`;
  return `${name} ${size} over the ${formatBytes(imageLimits.maxFileBytes)} limit for images; nothing was sent.`;
}
