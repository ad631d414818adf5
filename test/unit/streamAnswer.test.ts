// A view that appears mid-stream repaints from the record and then applies the next deltas: it
// must see every character exactly once, however the batches fall.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import type { ExtensionToWebview } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let server: FakeOpenRouter;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());

test('a view that becomes ready mid-stream sees the whole answer exactly once', async () => {
  const answer = Array.from({ length: 300 }, (_, index) => `w${index}`).join(' ');
  for (const readyAfterMs of [5, 17, 40, 90]) {
    server.enqueue({ text: answer, chunkSize: 5, chunkDelayMs: 1 });
    const record = newAnswerRecord(1, { title: 'Explain' });
    let ready = false;
    let shown = '';
    // The webview says `ready` between two events of the extension host: it is repainted from the record.
    const readyTimer = setTimeout(() => {
      ready = true;
      shown = record.text;
    }, readyAfterMs);
    const post = (message: ExtensionToWebview) => {
      if (ready && message.type === 'delta') shown += message.text;
    };
    await streamAnswer({
      client: new OpenRouterClient(),
      config: { baseUrl: server.baseUrl, apiKey: 'sk-or-v1-unit', stallTimeoutMs: 5_000, appUrl: 'https://example.test', appTitle: 'Flashlight' },
      request: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] },
      record,
      signal: new AbortController().signal,
      post,
      frameMs: 4,
    });
    clearTimeout(readyTimer);
    assert.equal(record.text, answer);
    assert.ok(ready, 'the view became ready during the stream');
    assert.equal(shown, answer, `ready after ${readyAfterMs} ms`);
  }
});
