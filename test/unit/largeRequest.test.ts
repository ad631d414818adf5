// The question before a large request (issue 16, item 2): asked only above
// flashlight.confirmAboveTokens, with the prompt's price from the model list; in the client, a
// request the user did not confirm never leaves, and one confirmed goes as it is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { declinedMessage, largeRequestQuestion, needsConfirmation } from '../../src/core/privacy/largeRequest';

describe('the decision and the words', () => {
  test('only above the threshold, and never with 0', () => {
    assert.equal(needsConfirmation(50_001, 50_000), true);
    assert.equal(needsConfirmation(50_000, 50_000), false);
    assert.equal(needsConfirmation(10_000_000, 0), false);
  });

  test('the question names the tokens, the model and the prompt price; an unknown price says so', () => {
    assert.equal(
      largeRequestQuestion({ model: 'google/gemini-2.5-flash', tokens: 62_000, promptPricePerToken: 0.0000003 }),
      'Send about 62,000 tokens to google/gemini-2.5-flash? That is more than flashlight.confirmAboveTokens; about $0.0186 for the prompt at its list price.',
    );
    assert.match(largeRequestQuestion({ model: 'x/y', tokens: 60_000 }), /its price is not in the model list/);
    assert.match(declinedMessage(62_000), /^Not sent: .*about 62,000 tokens/);
  });
});

describe('in the client', () => {
  test('a request not confirmed never leaves; a confirmed one does, with the messages it was asked about', async () => {
    const { OpenRouterClient } = await import('../../src/core/openrouter/client');
    const { FlashlightError } = await import('../../src/core/openrouter/errors');
    const { startFakeOpenRouter } = await import('../fake-openrouter/server');
    const fake = await startFakeOpenRouter();
    try {
      const asked: number[] = [];
      let confirm = false;
      const client = new OpenRouterClient(fetch, undefined, {
        confirmSend: (request) => {
          asked.push(request.messages.length);
          return Promise.resolve(confirm ? undefined : new FlashlightError('tooLarge', declinedMessage(60_000)));
        },
      });
      const config = {
        baseUrl: fake.baseUrl,
        apiKey: 'sk-or-v1-large-test-0123456789',
        stallTimeoutMs: 5_000,
        appUrl: 'https://x.test',
        appTitle: 'Flashlight',
      };
      const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'x'.repeat(240_000) }] };
      await assert.rejects(
        async () => {
          for await (const event of client.streamChat(config, request)) void event;
        },
        (error: unknown) => error instanceof FlashlightError && /^Not sent/.test(error.message),
      );
      const completions = () => fake.requests.filter((recorded) => recorded.path.endsWith('/chat/completions'));
      assert.equal(completions().length, 0, 'the request left without the user’s yes');
      confirm = true;
      for await (const event of client.streamChat(config, request)) void event;
      assert.equal(completions().length, 1);
      assert.deepEqual(asked, [1, 1]);
    } finally {
      await fake.close();
    }
  });
});
