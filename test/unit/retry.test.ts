// The retry policy against the fake OpenRouter: how many requests reach the server, how long the
// countdown was asked to wait (an injected sleep records it: no clock in the assertions), what
// the view is told meanwhile, and that nothing is ever retried once text was shown.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { planRetry, streamWithRetry, type Sleep } from '../../src/core/openrouter/retry';
import type { ChatRequest, ClientConfig, StreamEvent } from '../../src/core/openrouter/types';
import type { ExtensionToWebview } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-retry-test-key-0123456789';
const request: ChatRequest = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'Explain x' }] };
let fake: FakeOpenRouter;
let config: ClientConfig;

before(async () => {
  fake = await startFakeOpenRouter();
  config = { baseUrl: fake.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
});
after(() => fake.close());
beforeEach(() => fake.reset());

const chatRequests = () => fake.requests.filter((recorded) => recorded.path.endsWith('/chat/completions'));

/** Runs one request through the retry policy; the sleep records each wait and returns at once. */
async function run(options: { chat?: ChatRequest; signal?: AbortSignal; sleep?: Sleep; client?: Pick<OpenRouterClient, 'streamChat'> } = {}) {
  const waits: number[] = [];
  const statuses: string[] = [];
  const log: string[] = [];
  const events: StreamEvent[] = [];
  let error: FlashlightError | undefined;
  const sleep: Sleep = options.sleep ?? (async (ms) => (waits.push(ms), true));
  try {
    const stream = streamWithRetry(options.client ?? new OpenRouterClient(), config, options.chat ?? request, options.signal, {
      sleep,
      onStatus: (text) => statuses.push(text),
      log: (line) => log.push(line),
      label: 'request 1',
    });
    for await (const event of stream) events.push(event);
  } catch (caught) {
    error = caught as FlashlightError;
  }
  const text = events.map((event) => (event.type === 'content' ? event.text : '')).join('');
  const end = events.find((event): event is Extract<StreamEvent, { type: 'end' }> => event.type === 'end');
  return { waits, statuses, log, text, end, error, waited: waits.reduce((sum, ms) => sum + ms, 0) };
}

describe('429: retried once, after the wait OpenRouter gives', () => {
  test('a 429 with Retry-After 3 is retried exactly once, after 3 s counted down', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 3 }, { text: 'Second time lucky.' });
    const result = await run();
    assert.equal(result.error, undefined);
    assert.equal(result.text, 'Second time lucky.');
    assert.equal(chatRequests().length, 2);
    assert.equal(result.waited, 3000);
    assert.deepEqual(result.statuses, [
      'Rate limited by OpenRouter: retrying in 3 s…',
      'Rate limited by OpenRouter: retrying in 2 s…',
      'Rate limited by OpenRouter: retrying in 1 s…',
      'Retrying…',
    ]);
    assert.ok(
      result.log.some((line) => /attempt 1: .* 429 rateLimited .*retrying in 3 s/.test(line)),
      result.log.join('\n'),
    );
  });

  test('a second 429 is reported, saying it was tried again, with what to do', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterSeconds: 1 }, { text: 'never reached' });
    const result = await run();
    assert.equal(chatRequests().length, 2);
    assert.equal(result.error?.kind, 'rateLimited');
    assert.match(result.error.message, /^Tried again once; it failed again\./);
    assert.match(result.error.message, /paid model or credits/);
  });

  test('a wait longer than 30 s is not counted down: reported at once with the wait', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 45 });
    const result = await run();
    assert.equal(chatRequests().length, 1);
    assert.deepEqual(result.waits, []);
    assert.equal(result.error?.kind, 'rateLimited');
    assert.match(result.error.message, /Try again in 45 s/);
  });

  test("a free model's per-minute limit (reset in the error metadata, no header) reports the reset time", async () => {
    fake.enqueue({ status: 429, model: 'google/gemini-2.0-flash-exp:free' });
    const result = await run({ chat: { ...request, model: 'google/gemini-2.0-flash-exp:free' } });
    assert.equal(chatRequests().length, 1, 'about 60 s is over the bound: not retried');
    assert.match(result.error!.message, /Try again in (59|60) s/);
  });

  test('Stop during the countdown ends quietly, with no second request', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 5 }, { text: 'never reached' });
    const controller = new AbortController();
    const result = await run({
      signal: controller.signal,
      sleep: async () => {
        controller.abort();
        return false;
      },
    });
    assert.equal(result.error, undefined);
    assert.equal(result.end, undefined);
    assert.equal(chatRequests().length, 1);
    assert.ok(!result.statuses.includes('Retrying…'));
  });
});

describe('provider errors and the ones never retried', () => {
  for (const status of [502, 503]) {
    test(`${status} is retried once after a short backoff`, async () => {
      fake.enqueue({ status }, { text: 'Back up.' });
      const result = await run();
      assert.equal(result.text, 'Back up.');
      assert.equal(chatRequests().length, 2);
      assert.equal(result.waited, 1500);
    });
  }

  test('502 twice is reported after exactly two requests', async () => {
    fake.enqueue({ status: 502 }, { status: 502 }, { text: 'never reached' });
    const result = await run();
    assert.equal(chatRequests().length, 2);
    assert.equal(result.error?.kind, 'providerDown');
  });

  for (const [status, kind] of [
    [401, 'badKey'],
    [402, 'noCredits'],
    [403, 'moderation'],
    [400, 'modelNotFound'],
    [504, 'providerDown'],
  ] as const) {
    test(`${status} is never retried`, async () => {
      fake.enqueue({ status }, { text: 'never reached' });
      const result = await run();
      assert.equal(result.error?.kind, kind);
      assert.equal(chatRequests().length, 1);
      assert.deepEqual(result.waits, []);
    });
  }
});

describe('nothing is retried after text was shown', () => {
  test('an error chunk after the first tokens is reported, not retried', async () => {
    fake.enqueue(
      { text: 'abcdefgh', chunkSize: 2, midStreamErrorAfterChunks: 2, midStreamError: { code: 502, message: 'Provider disconnected' } },
      { text: 'would duplicate' },
    );
    const result = await run();
    assert.equal(result.text, 'abcd');
    assert.equal(result.error?.kind, 'midStream');
    assert.equal(chatRequests().length, 1);
  });

  for (const shown of ['content', 'reasoning'] as const) {
    test(`a retriable error after a ${shown} delta is not retried`, async () => {
      let calls = 0;
      const client = {
        async *streamChat(): AsyncGenerator<StreamEvent> {
          calls++;
          yield { type: shown, text: 'first token' };
          throw new FlashlightError('rateLimited', 'Too many requests.', { status: 429, retryAfterSeconds: 1 });
        },
      };
      const result = await run({ client });
      assert.equal(calls, 1);
      assert.equal(result.error?.kind, 'rateLimited');
      assert.deepEqual(result.waits, []);
    });
  }

  test('the pure decision says the same', () => {
    const limited = new FlashlightError('rateLimited', 'x', { status: 429, retryAfterSeconds: 2 });
    assert.equal(planRetry(limited, { rateLimitRetries: 0, providerRetries: 0 }, true).retry, false);
    assert.equal(planRetry(limited, { rateLimitRetries: 0, providerRetries: 0 }, false).retry, true);
    assert.equal(planRetry(limited, { rateLimitRetries: 1, providerRetries: 0 }, false).retry, false);
  });
});

describe('fallback models', () => {
  test('`models` is sent, and an answer from a fallback says so', async () => {
    fake.enqueue({ model: 'google/gemini-2.0-flash-001', text: 'From the fallback.' });
    const result = await run({ chat: { ...request, fallbackModels: ['google/gemini-2.0-flash-001'] } });
    assert.deepEqual(chatRequests()[0]?.body.models, ['google/gemini-2.5-flash', 'google/gemini-2.0-flash-001']);
    assert.equal(result.end?.stats.model, 'google/gemini-2.0-flash-001');
    assert.equal(result.end?.stats.fallbackFrom, 'google/gemini-2.5-flash');
  });

  test('the model asked for answering is not a fallback', async () => {
    const result = await run({ chat: { ...request, fallbackModels: ['google/gemini-2.0-flash-001'] } });
    assert.equal(result.end?.stats.model, 'google/gemini-2.5-flash');
    assert.equal(result.end?.stats.fallbackFrom, undefined);
  });
});

describe('through streamAnswer, as the panel runs it', () => {
  test('the countdown reaches the view as status lines before the answer, and the answer is not duplicated', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 1 }, { text: 'Only once.', chunkSize: 3 });
    const posted: ExtensionToWebview[] = [];
    const record = newAnswerRecord(7, { title: 'Explain selection' });
    await streamAnswer({
      client: new OpenRouterClient(),
      config,
      request,
      record,
      signal: new AbortController().signal,
      post: (message) => posted.push(message),
      frameMs: 1,
    });
    const kinds = posted.map((message) => (message.type === 'status' ? `status:${message.text}` : message.type));
    assert.deepEqual(kinds.slice(0, 4), ['start', 'status:Rate limited by OpenRouter: retrying in 1 s…', 'status:Retrying…', 'delta']);
    assert.equal(kinds.at(-1), 'done');
    assert.equal(record.text, 'Only once.');
    assert.equal(chatRequests().length, 2);
  });
});
