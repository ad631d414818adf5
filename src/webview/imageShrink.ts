// Answers the extension's `shrinkImage`: decodes the bytes with the browser's own codecs (a
// failure means the file is damaged), shrinks to the caps keeping the aspect, and draws the
// chip's thumbnail. Both the answer panel and the chat load it.
import type { ExtensionToWebview, ShrinkImageRequest, ShrunkImage } from '../protocol';
import { post } from './vscodeApi';

export function installImageShrinker(target: Window): void {
  target.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
    const message = event.data;
    if (message?.type === 'shrinkImage') void shrinkImage(message).then(post);
  });
}

export async function shrinkImage(request: ShrinkImageRequest): Promise<ShrunkImage> {
  const { shrinkId } = request;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytesOf(request.base64)], { type: request.mimeType }));
  } catch {
    return { type: 'shrunkImage', shrinkId, ok: false, reason: 'decode' };
  }
  try {
    const originalWidth = bitmap.width;
    const originalHeight = bitmap.height;
    const thumbnail = await thumbnailOf(bitmap, request.thumbnailSide);
    const bytes = Math.floor((request.base64.length * 3) / 4);
    if (Math.max(originalWidth, originalHeight) <= request.maxSide && bytes <= request.maxBytes) {
      // Already within the caps: the original bytes go as they are (an animated GIF stays animated).
      return {
        type: 'shrunkImage',
        shrinkId,
        ok: true,
        mimeType: request.mimeType,
        base64: request.base64,
        width: originalWidth,
        height: originalHeight,
        originalWidth,
        originalHeight,
        thumbnail,
      };
    }
    let scale = Math.min(1, request.maxSide / Math.max(originalWidth, originalHeight));
    for (let attempt = 0; attempt < 8; attempt++) {
      const width = Math.max(1, Math.round(originalWidth * scale));
      const height = Math.max(1, Math.round(originalHeight * scale));
      const canvas = draw(bitmap, width, height, false);
      const transparent = hasTransparency(canvas);
      // PNG keeps transparency and sharp text; JPEG when it is opaque, or when PNG is too big.
      let blob = transparent ? await canvas.convertToBlob({ type: 'image/png' }) : undefined;
      if (!blob || blob.size > request.maxBytes) {
        const opaque = transparent ? draw(bitmap, width, height, true) : canvas;
        for (const quality of [0.85, 0.7, 0.55]) {
          blob = await opaque.convertToBlob({ type: 'image/jpeg', quality });
          if (blob.size <= request.maxBytes) break;
        }
      }
      if (blob && blob.size <= request.maxBytes) {
        return {
          type: 'shrunkImage',
          shrinkId,
          ok: true,
          mimeType: blob.type,
          base64: await base64Of(blob),
          width,
          height,
          originalWidth,
          originalHeight,
          thumbnail,
        };
      }
      scale *= 0.7;
    }
    return { type: 'shrunkImage', shrinkId, ok: false, reason: 'tooLarge' };
  } catch {
    return { type: 'shrunkImage', shrinkId, ok: false, reason: 'unsupported' };
  } finally {
    bitmap.close();
  }
}

function draw(bitmap: ImageBitmap, width: number, height: number, onWhite: boolean): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  if (onWhite) {
    // JPEG has no alpha: transparent pixels would turn black.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

function hasTransparency(canvas: OffscreenCanvas): boolean {
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let index = 3; index < data.length; index += 4) if (data[index] < 255) return true;
  return false;
}

async function thumbnailOf(bitmap: ImageBitmap, side: number): Promise<string> {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = draw(bitmap, width, height, false);
  const blob = hasTransparency(canvas) ? await canvas.convertToBlob({ type: 'image/png' }) : await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
  return `data:${blob.type};base64,${await base64Of(blob)}`;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
