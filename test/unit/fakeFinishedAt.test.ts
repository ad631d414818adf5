// The fake OpenRouter notes when each response's last byte left (finishedAt), on the same clock
// as receivedAt: the grounding bench times a tool round from the tool turn's end to the
// follow-up's headers, so the turn's end must come after its own request and before the next.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let server: FakeOpenRouter;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());

const post = (body: unknown) =>
  fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-or-v1-unit-test-key', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((response) => response.text());

test("a tool turn's end is noted after its request arrived and before the follow-up's", async () => {
  server.enqueue({ toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' }], chunkDelayMs: 20 }, { text: 'Done.' });
  const messages = [{ role: 'user', content: 'Explain' }];
  const turn = await post({ model: 'google/gemini-2.5-flash', stream: true, messages });
  assert.match(turn, /"finish_reason":"tool_calls"/);
  await post({ model: 'google/gemini-2.5-flash', stream: true, messages });
  const [first, second] = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.ok(first.finishedAt !== undefined && second.finishedAt !== undefined, 'each response notes its end');
  // The turn streamed several chunks 20 ms apart: its end is well after its arrival.
  assert.ok(first.finishedAt - first.receivedAt >= 20, `turn took ${first.finishedAt - first.receivedAt} ms`);
  assert.ok(second.receivedAt >= first.finishedAt, 'the follow-up arrived after the turn ended');
});
