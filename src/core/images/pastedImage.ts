// An image pasted or dropped into the chat arrives from the webview as a name, a MIME type and
// base64 text: all three are hostile input. The type is ignored (the format comes from the bytes,
// as for a picked file), the name is cut to a plain label, and text too long to be an image we
// would take is refused before it is decoded. Pure apart from the `shrink` it is given.
import { imageLimits, base64Length, tooLargeMessage } from './limits';
import { prepareImage, type Prepared } from './prepareImage';
import type { ShrinkOutcome } from './shrinkRequests';

export interface PasteImageArgs {
  name: string;
  /** The browser's claim; never used: the format is read from the bytes. */
  mimeType: string;
  base64: string;
}

/** A label for a chip: the last path segment, no control characters, short. */
export function imageName(raw: unknown, fallback = 'pasted image'): string {
  const text = typeof raw === 'string' ? raw : '';
  const last = text
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- control characters are what is being removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .trim();
  if (!last) return fallback;
  return last.length > imageLimits.maxNameChars ? `${last.slice(0, imageLimits.maxNameChars - 1)}…` : last;
}

export async function preparePastedImage(
  args: PasteImageArgs,
  shrink: (image: { mimeType: string; base64: string }) => Promise<ShrinkOutcome>,
): Promise<Prepared> {
  const name = imageName(args.name);
  // The webview sends no bytes for a file over the limit: it refused to read it whole.
  if (!args.base64 || args.base64.length > base64Length(imageLimits.maxFileBytes)) return { ok: false, message: tooLargeMessage(name) };
  return prepareImage(name, Buffer.from(args.base64, 'base64'), shrink);
}
