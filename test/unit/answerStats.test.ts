// The quiet line under every answer, end to end: the fake's final usage chunk and its timing go
// through the client, the retry wrapper and streamAnswer into the `done` message, and formatStats
// turns that into the words a user reads.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ChatRequest, ClientConfig } from '../../src/core/openrouter/types';
import type { AnswerStats, ExtensionToWebview } from '../../src/protocol';
import { formatStats } from '../../src/webview/formatStats';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let fake: FakeOpenRouter;
let config: ClientConfig;
before(async () => {
  fake = await startFakeOpenRouter();
  config = {
    baseUrl: fake.baseUrl,
    apiKey: 'sk-or-v1-stats-test-0123456789',
    stallTimeoutMs: 5_000,
    appUrl: 'https://example.test/app',
    appTitle: 'Flashlight',
  };
});
after(() => fake.close());
beforeEach(() => fake.reset());

async function answerStats(request: ChatRequest): Promise<AnswerStats> {
  const posted: ExtensionToWebview[] = [];
  await streamAnswer({
    client: new OpenRouterClient(),
    config,
    request,
    record: newAnswerRecord(1, { title: 'Explain' }),
    signal: new AbortController().signal,
    post: (message) => posted.push(message),
    frameMs: 1,
  });
  const done = posted.find((message): message is Extract<ExtensionToWebview, { type: 'done' }> => message.type === 'done');
  assert.ok(done, `no done message: ${JSON.stringify(posted.map((message) => message.type))}`);
  return done.stats;
}

const request: ChatRequest = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Explain x' }] };

test('tokens, cost, model and timings come from the chunks', async () => {
  fake.enqueue({
    reasoning: 'Thinking it over. '.repeat(5),
    text: 'An answer in many pieces. '.repeat(12),
    chunkSize: 9,
    chunkDelayMs: 8,
    firstTokenDelayMs: 150,
    usage: { prompt_tokens: 1234, completion_tokens: 321, reasoning_tokens: 40, cost: 0.0012345 },
  });
  const stats = await answerStats(request);
  assert.equal(stats.model, 'google/gemini-2.5-flash');
  assert.deepEqual([stats.promptTokens, stats.completionTokens, stats.reasoningTokens, stats.cost], [1234, 321, 40, 0.0012345]);
  assert.ok(stats.timeToFirstTokenMs! >= 150, `the first token cannot precede the scripted delay: ${stats.timeToFirstTokenMs}`);
  const sent = fake.chunks.map((chunk) => chunk.sentAt);
  assert.ok(stats.tokensPerSecond! > 0);
  const line = formatStats(stats);
  assert.match(line, /^google\/gemini-2\.5-flash · via Google · \d+\.\d\d s to first token · \d+ tokens\/s · 1234 in · 321 out \(40 thinking\) · \$0\.00123$/);
  assert.ok(sent.length > 10);
});

test('an answer that arrives in one piece shows no made-up speed', async () => {
  fake.enqueue({ text: 'Short.', usage: { prompt_tokens: 10, completion_tokens: 2, cost: 0 } });
  const stats = await answerStats(request);
  assert.equal(formatStats(stats).includes('tokens/s'), false, formatStats(stats));
  assert.match(formatStats(stats), / · free$/);
});

test('a fallback that answered is named as such', async () => {
  fake.enqueue({ model: 'google/gemini-2.0-flash-001' });
  const stats = await answerStats({ ...request, fallbackModels: ['google/gemini-2.0-flash-001'] });
  assert.match(formatStats(stats), /^answered by google\/gemini-2\.0-flash-001 \(fallback from google\/gemini-2\.5-flash\) · /);
});
