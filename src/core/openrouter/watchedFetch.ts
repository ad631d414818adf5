// A fetch for the `openai` SDK that watches the bytes: it reports every chunk that arrives (so a
// stalled stream can be timed out even while OpenRouter is silent), and refuses a "200" that is
// not an event stream (an HTML error page from a proxy, say) before the SDK tries to parse it.
import { FlashlightError } from './errors';

export interface ByteWatcher {
  onHeaders(status: number): void;
  onBytes(byteCount: number): void;
}

/** Names the request a watcher belongs to; stripped here, so it never leaves the machine. */
export const watcherHeader = 'x-flashlight-watch';

export function watchedFetch(watcherFor: (id: string) => ByteWatcher | undefined, baseFetch: typeof fetch = fetch): typeof fetch {
  const ignore: ByteWatcher = { onHeaders: () => {}, onBytes: () => {} };
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const watcher = watcherFor(headers.get(watcherHeader) ?? '') ?? ignore;
    headers.delete(watcherHeader);
    const response = await baseFetch(input, { ...init, headers });
    watcher.onHeaders(response.status);
    const isStreamRequest = typeof init?.body === 'string' && init.body.includes('"stream":true');
    const contentType = response.headers.get('content-type') ?? '';
    if (response.ok && isStreamRequest && !contentType.includes('text/event-stream')) {
      await response.body?.cancel().catch(() => undefined);
      throw new FlashlightError(
        'badResponse',
        `Expected a stream of events but got “${contentType || 'no content type'}” (status ${response.status}). A proxy or gateway may be in the way: check “flashlight.baseUrl”.`,
      );
    }
    if (!response.body) return response;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          watcher.onBytes(value.byteLength);
          controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
