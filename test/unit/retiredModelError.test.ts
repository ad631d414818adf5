// A retired model's request (issue 19 item 2): OpenRouter answers it with 404 "No endpoints found
// for <model>."; with the model list's expiration_date past, the error says the model retired and
// when, and offers the one-click switch to ~google/gemini-flash-latest. The real client, the fake.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { parseModelList } from '../../src/core/openrouter/models';
import { retiredModelFailure } from '../../src/core/models/retirement';
import { toErrorView } from '../../src/core/answers/errorView';
import { modelsResponse } from '../fake-openrouter/models';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-unit-test-key-0123456789';
const now = Date.parse('2026-12-02T03:00:00Z');
const list = parseModelList(JSON.parse(JSON.stringify(modelsResponse())));
const find = (id: string) => list.find((model) => model.id === id);
let server: FakeOpenRouter;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());
beforeEach(() => server.reset());

const config = () => ({ baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test', appTitle: 'Flashlight' });

async function failureOf(client: OpenRouterClient, model: string, fallbackModels?: string[]): Promise<FlashlightError | string> {
  try {
    let text = '';
    for await (const event of client.streamChat(config(), { model, fallbackModels, messages: [{ role: 'user', content: 'x' }] }))
      if (event.type === 'content') text += event.text;
    return text;
  } catch (error) {
    return error as FlashlightError;
  }
}

test('the fake answers a retired model as OpenRouter does: 404 "No endpoints found for <model>."', async () => {
  server.enqueue({ refuseRetired: true });
  const reply = await fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'google/gemini-2.0-flash-001', stream: true, messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.equal(reply.status, 404);
  assert.equal(((await reply.json()) as { error: { message: string } }).error.message, 'No endpoints found for google/gemini-2.0-flash-001.');
  server.enqueue({ refuseRetired: true, text: 'answered by the fallback' });
  assert.equal(
    await failureOf(new OpenRouterClient(), 'google/gemini-2.0-flash-001', ['google/gemini-2.5-flash']),
    'answered by the fallback',
    'a live fallback answers',
  );
});

test('the 404 of a retired model says it retired, when, and offers the switch to ~google/gemini-flash-latest', async () => {
  const client = new OpenRouterClient(fetch, undefined, {
    explainFailure: (failure, request) => retiredModelFailure(failure, request.model, find(request.model), now),
  });
  server.enqueue({ refuseRetired: true });
  const failure = await failureOf(client, 'google/gemini-2.0-flash-001');
  assert.ok(failure instanceof FlashlightError);
  assert.equal(failure.kind, 'modelRetired');
  const view = toErrorView(failure);
  assert.equal(view.title, 'The model has retired');
  assert.equal(
    view.detail,
    'google/gemini-2.0-flash-001 was retired on 2026-03-31. Switch to ~google/gemini-flash-latest, which always routes to the newest Gemini Flash, or choose another model.',
  );
  assert.deepEqual(view.actions, ['switchToLatest', 'chooseModel']);
});

test('without a retirement date past, a 404 stays "no such model"; other failures are left alone', async () => {
  const client = new OpenRouterClient(fetch, undefined, {
    explainFailure: (failure, request) => retiredModelFailure(failure, request.model, find(request.model), now),
  });
  server.enqueue({ status: 404, errorMessage: 'No endpoints found for google/gemini-2.5-flash.' });
  const live = await failureOf(client, 'google/gemini-2.5-flash');
  assert.ok(live instanceof FlashlightError);
  assert.equal(live.kind, 'modelNotFound');
  assert.deepEqual(toErrorView(live).actions, ['chooseModel', 'openSettings']);
  // Before its date the same model is not called retired; a rate limit or a privacy refusal is never turned into one.
  const retiring = new FlashlightError('modelNotFound', 'x', { status: 404, providerMessage: 'No endpoints found for google/gemini-2.0-flash-001.' });
  assert.equal(
    retiredModelFailure(retiring, 'google/gemini-2.0-flash-001', find('google/gemini-2.0-flash-001'), Date.parse('2026-03-30T12:00:00Z')),
    undefined,
  );
  for (const other of [
    new FlashlightError('rateLimited', 'x', { status: 429 }),
    new FlashlightError('privacyUnavailable', 'x', { status: 404, providerMessage: 'No endpoints found matching your data policy' }),
  ])
    assert.equal(retiredModelFailure(other, 'google/gemini-2.0-flash-001', find('google/gemini-2.0-flash-001'), now), undefined);
  assert.equal(retiredModelFailure(retiring, 'google/unknown', undefined, now), undefined, 'a model the list does not know');
});
