// The cost billed (issue 19 item 5): when an answer's usage chunk carries no cost, Flashlight asks
// GET /generation?id=… a little later (again while it is 404, a bounded number of times) and the
// footer shows what OpenRouter billed, to the cent. The real client and the fake OpenRouter.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { fetchBilledCost, generationUrl, isGenerationId, readTotalCost, type BilledCostPolicy } from '../../src/core/openrouter/generation';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import type { ExtensionToWebview } from '../../src/protocol';
import { AnswerView } from '../../src/webview/answerView';
import { formatStats } from '../../src/webview/formatStats';
import { createSanitizer } from '../../src/webview/sanitize';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-unit-test-key-0123456789';
let server: FakeOpenRouter;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());
beforeEach(() => server.reset());

const config = () => ({ baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test', appTitle: 'Flashlight' });
const quick: BilledCostPolicy = { delaysMs: [20, 400, 400], timeoutMs: 2_000 };
const generationAsks = () => server.requests.filter((request) => request.path.startsWith('/api/v1/generation'));

describe('reading /generation', () => {
  test('total_cost when it is an amount; nothing for a missing, negative, non-finite or non-number one', () => {
    assert.equal(readTotalCost({ data: { total_cost: 0.00123 } }), 0.00123);
    assert.equal(readTotalCost({ data: { total_cost: 0 } }), 0);
    for (const hostile of [
      undefined,
      null,
      {},
      { data: null },
      { data: { total_cost: -1 } },
      { data: { total_cost: '0.5' } },
      { data: { total_cost: Infinity } },
    ])
      assert.equal(readTotalCost(hostile), undefined, JSON.stringify(hostile));
  });

  test('only an id that looks like one is asked about, and it is encoded in the query', () => {
    assert.equal(isGenerationId('gen-1733000000-AbCdEfGhIjKlMnOpQrSt'), true);
    assert.equal(isGenerationId('gen-1&key=x'), false);
    assert.equal(isGenerationId(''), false);
    assert.equal(generationUrl('https://openrouter.ai/api/v1/', 'gen-1'), 'https://openrouter.ai/api/v1/generation?id=gen-1');
  });
});

async function answerWithoutCost(generationDelayMs: number) {
  server.enqueue({ text: 'The loop adds each value.', usageWithoutCost: true, generationDelayMs, usage: { prompt_tokens: 1200, completion_tokens: 900 } });
  const record = newAnswerRecord(1, { title: 'Explain' });
  const posted: ExtensionToWebview[] = [];
  let told: () => void = () => undefined;
  const costTold = new Promise<void>((resolve) => (told = resolve));
  await streamAnswer({
    client: new OpenRouterClient(),
    config: config(),
    request: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] },
    record,
    signal: new AbortController().signal,
    post: (message) => void posted.push(message),
    frameMs: 1,
    billedCost: (cfg, id) => fetchBilledCost({ fetch, policy: quick }, cfg, id),
    onBilledCost: () => told(),
  });
  return { record, posted, costTold };
}

test('an answer whose usage chunk had no cost gets the billed one from /generation, asked again while it was 404', async () => {
  const { record, posted, costTold } = await answerWithoutCost(250);
  const done = posted.find((message) => message.type === 'done');
  assert.equal(done?.type === 'done' && done.stats.cost, undefined, 'the usage chunk had no cost');
  await costTold;
  const id = (await (
    await fetch(`${server.baseUrl}/generation?id=${encodeURIComponent(generationAsks()[0].path.split('id=')[1])}`, {
      headers: { Authorization: `Bearer ${key}` },
    })
  ).json()) as {
    data: { id: string; total_cost: number };
  };
  const billed = id.data.total_cost;
  assert.ok(billed > 0);
  const cost = posted.find((message) => message.type === 'cost');
  assert.deepEqual(cost, { type: 'cost', requestId: 1, cost: billed });
  assert.equal(record.stats?.cost, billed, 'kept in the record (a repainted view, a saved chat)');
  const asks = generationAsks().length - 1; // the last one was this test's own
  assert.ok(asks >= 2 && asks <= 3, `asked ${asks} times: 404 first, then the cost`);

  // The footer, as the webview draws it: the cost shown is OpenRouter's, to the cent (and beyond).
  const { window } = new JSDOM('<!DOCTYPE html><body></body>');
  (globalThis as unknown as { Node: typeof window.Node }).Node ??= window.Node;
  const host = { onStop() {}, onErrorAction() {}, scheduleFrame: (callback: () => void) => callback(), afterRender() {}, highlightLater() {} };
  const view = new AnswerView(window.document, createSanitizer(window as unknown as Window & typeof globalThis), host, { title: 'Explain' });
  for (const message of posted) view.receive(message);
  const footer = view.element.querySelector('.answer-footer')?.textContent ?? '';
  const shown = Number(/\$(\d+\.\d+)/.exec(footer)?.[1]);
  assert.equal(Math.round(shown * 100), Math.round(billed * 100), `to the cent: ${footer}`);
  assert.equal(footer, formatStats({ ...(done?.type === 'done' ? done.stats : {}), cost: billed }));
});

test('a generation never recorded is asked about a bounded number of times, then the footer stays without a cost', async () => {
  const started = Date.now();
  const cost = await (async () => {
    server.enqueue({ text: 'ok', usageWithoutCost: true, generationDelayMs: 60_000 });
    const client = new OpenRouterClient();
    let id = '';
    for await (const event of client.streamChat(config(), { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] }))
      if (event.type === 'end') id = event.stats.generationId!;
    return fetchBilledCost({ fetch, policy: quick }, config(), id);
  })();
  assert.equal(cost, undefined);
  assert.equal(generationAsks().length, quick.delaysMs.length);
  assert.ok(Date.now() - started < 5_000);
});

test('a refused ask (401) is not repeated, and nothing is asked without a key or for a strange id', async () => {
  assert.equal(await fetchBilledCost({ fetch, policy: quick }, { ...config(), apiKey: 'not-a-key' }, 'gen-1-abc'), undefined);
  assert.equal(generationAsks().length, 1);
  assert.equal(await fetchBilledCost({ fetch, policy: quick }, { ...config(), apiKey: '' }, 'gen-1-abc'), undefined);
  assert.equal(await fetchBilledCost({ fetch, policy: quick }, config(), 'gen-1&x=y'), undefined);
  assert.equal(generationAsks().length, 1);
});

test('an answer whose usage chunk had a cost does not ask /generation', async () => {
  server.enqueue({ text: 'ok', usage: { cost: 0.0042 } });
  const record = newAnswerRecord(1, { title: 'Explain' });
  let asked = 0;
  await streamAnswer({
    client: new OpenRouterClient(),
    config: config(),
    request: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] },
    record,
    signal: new AbortController().signal,
    post: () => undefined,
    billedCost: async () => {
      asked++;
      return 1;
    },
  });
  assert.equal(record.stats?.cost, 0.0042);
  assert.equal(asked, 0);
});

test('chunks without an id: the X-Generation-Id header names the generation, and the billed cost is asked of it', { timeout: 15_000 }, async () => {
  server.enqueue({ text: 'The loop adds each value.', usageWithoutCost: true, chunksWithoutId: true, usage: { prompt_tokens: 800, completion_tokens: 300 } });
  const response = await (async () => {
    const record = newAnswerRecord(1, { title: 'Explain' });
    const posted: ExtensionToWebview[] = [];
    let told: () => void = () => undefined;
    const costTold = new Promise<void>((resolve) => (told = resolve));
    await streamAnswer({
      client: new OpenRouterClient(),
      config: config(),
      request: { model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] },
      record,
      signal: new AbortController().signal,
      post: (message) => void posted.push(message),
      frameMs: 1,
      billedCost: (cfg, id) => fetchBilledCost({ fetch, policy: quick }, cfg, id),
      onBilledCost: () => told(),
    });
    await costTold;
    return { record, posted };
  })();
  const chat = server.requests.find((request) => request.path.endsWith('/chat/completions'))!;
  assert.ok(chat, 'the answer was asked');
  const asks = generationAsks();
  assert.ok(asks.length >= 1, 'GET /generation was asked');
  const id = decodeURIComponent(asks[0].path.split('id=')[1]);
  assert.match(id, /^gen-\d+-[A-Za-z0-9]+$/, 'the id the header gave');
  const stored = (await (await fetch(generationUrl(server.baseUrl, id), { headers: { Authorization: `Bearer ${key}` } })).json()) as {
    data: { total_cost: number };
  };
  assert.deepEqual(
    response.posted.find((message) => message.type === 'cost'),
    { type: 'cost', requestId: 1, cost: stored.data.total_cost },
  );
  assert.equal(response.record.stats?.cost, stored.data.total_cost);
});

test('the fake streams chunks without an id when asked to, the header still naming the generation', async () => {
  server.enqueue({ text: 'ok', chunksWithoutId: true });
  const reply = await fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'google/gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.match(reply.headers.get('x-generation-id') ?? '', /^gen-/);
  const chunks = (await reply.text())
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
  assert.ok(chunks.length > 0);
  assert.ok(
    chunks.every((chunk) => !('id' in chunk)),
    'no chunk carries an id',
  );
});
