// Request/response over postMessage: the extension asks a webview to decode and shrink an image
// and awaits its `shrunkImage` answer by id. Pure: no `vscode`.
import type { ShrinkImageRequest, ShrunkImage } from '../../protocol';
import { imageLimits } from './limits';

export type ShrinkOutcome = Extract<ShrunkImage, { ok: true }> | { ok: false; reason: 'decode' | 'tooLarge' | 'unsupported' | 'timeout' };

let counter = 0;

export class ShrinkRequests {
  private readonly waiting = new Map<string, (outcome: ShrinkOutcome) => void>();

  /** Posts the request with `post` and resolves with the webview's answer, or `timeout`. */
  request(
    post: (message: ShrinkImageRequest) => void,
    image: { mimeType: string; base64: string },
    timeoutMs: number = imageLimits.shrinkTimeoutMs,
  ): Promise<ShrinkOutcome> {
    const shrinkId = `shrink-${Date.now().toString(36)}-${++counter}`;
    return new Promise<ShrinkOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(shrinkId);
        resolve({ ok: false, reason: 'timeout' });
      }, timeoutMs);
      this.waiting.set(shrinkId, (outcome) => {
        clearTimeout(timer);
        this.waiting.delete(shrinkId);
        resolve(outcome);
      });
      post({
        type: 'shrinkImage',
        shrinkId,
        mimeType: image.mimeType,
        base64: image.base64,
        maxSide: imageLimits.maxSide,
        maxBytes: imageLimits.maxBytes,
        thumbnailSide: imageLimits.thumbnailSide,
      });
    });
  }

  /** An answer from any webview; unknown ids (a request that timed out) are ignored. */
  settle(message: ShrunkImage): void {
    this.waiting.get(message.shrinkId)?.(message.ok ? message : { ok: false, reason: message.reason });
  }
}
