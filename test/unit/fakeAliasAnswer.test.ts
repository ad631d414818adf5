// The fake OpenRouter answers a `~` alias as OpenRouter does (issue 19, "an alias answered by a
// concrete model id"): the chunks name the model the alias targets today (its /models
// alias_target), and Flashlight's footer, read from those chunks, names that concrete model.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { StreamEvent, StreamStats } from '../../src/core/openrouter/types';
import { formatStats } from '../../src/webview/formatStats';
import { MODELS } from '../fake-openrouter/models';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-alias-test-0123456789';
const alias = '~google/gemini-flash-latest';
let server: FakeOpenRouter;

before(async () => {
  server = await startFakeOpenRouter();
});
after(() => server.close());
beforeEach(() => server.reset());

/** Every chunk's `model` as it crosses the wire (SSE data lines, [DONE] left out). */
async function wireModels(model: string): Promise<string[]> {
  const res = await fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Explain x' }], stream: true }),
  });
  const data = (await res.text()).split('\n').flatMap((line) => (line.startsWith('data: ') && line !== 'data: [DONE]' ? [line.slice(6)] : []));
  return data.map((line) => (JSON.parse(line) as { model: string }).model);
}

/** What Flashlight's client makes of an answer: the stats the footer is written from. */
async function answerStats(model: string): Promise<StreamStats> {
  const events: StreamEvent[] = [];
  const config = { baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 2_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
  for await (const event of new OpenRouterClient().streamChat(config, { model, messages: [{ role: 'user', content: 'Explain x' }] })) events.push(event);
  const end = events.find((event): event is { type: 'end'; stats: StreamStats } => event.type === 'end');
  assert.ok(end, 'the answer ended');
  return end.stats;
}

test('a request for a ~ alias is answered by its concrete target, and the footer names that model', async () => {
  const target = MODELS.find((model) => model.id === alias)?.alias_target?.slug;
  assert.equal(target, 'google/gemini-3-flash-preview', "the fake's /models says what the alias targets");
  const chunkModels = await wireModels(alias);
  assert.ok(chunkModels.length > 0);
  assert.deepEqual([...new Set(chunkModels)], [target], 'every chunk names the concrete model');
  const stats = await answerStats(alias);
  assert.equal((server.requests.at(-1)?.body as { model: string }).model, alias, 'the alias itself was asked for');
  assert.match(formatStats(stats), /^google\/gemini-3-flash-preview · /, 'the footer starts with the concrete model');
  assert.doesNotMatch(formatStats(stats), /~/, 'the alias is not echoed');
});

test('a concrete model id is answered under its own name', async () => {
  assert.deepEqual([...new Set(await wireModels('google/gemini-2.5-flash'))], ['google/gemini-2.5-flash']);
  assert.equal((await answerStats('google/gemini-2.5-flash')).model, 'google/gemini-2.5-flash');
});
