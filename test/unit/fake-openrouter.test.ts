// The fake OpenRouter speaks the real wire format: checked here with plain fetch (what a careful
// client sees byte for byte) and with the official openai SDK (what Flashlight's client uses).

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import OpenAI from 'openai';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { DEFAULT_TEXT } from '../fake-openrouter/scenario';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const MESSAGES = [{ role: 'user', content: 'Explain this code.' }];
const now = () => performance.timeOrigin + performance.now();

let fake: FakeOpenRouter;
before(async () => {
  fake = await startFakeOpenRouter();
});
after(() => fake.close());
beforeEach(() => fake.reset());

function chat(
  body: Record<string, unknown> = {},
  opts: { key?: string | null; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${fake.baseUrl}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: 'google/gemini-2.5-flash', messages: MESSAGES, stream: true, ...body }),
    signal: opts.signal,
  });
}

function get(pathAndQuery: string, key: string | null = KEY): Promise<Response> {
  return fetch(`${fake.baseUrl}${pathAndQuery}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
}

const control = (route: string, body?: unknown): Promise<Response> =>
  fetch(
    `${fake.baseUrl.replace(/\/api\/v1$/, '')}/__fake/${route}`,
    body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) },
  );

interface SseEvent {
  raw: string;
  comment?: string;
  data?: string;
  at: number;
}

/** A minimal SSE reader: events are blocks ended by a blank line; `:` lines are comments. */
async function* sseEvents(res: Response): AsyncGenerator<SseEvent> {
  assert.ok(res.body, 'response has a body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { raw, at: now() };
      for (const line of raw.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim();
        else if (line.startsWith('data: ')) event.data = line.slice(6);
      }
      yield event;
    }
  }
  assert.equal(buffer, '', 'the stream ends on an event boundary');
}

async function allEvents(res: Response): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of sseEvents(res)) out.push(e);
  return out;
}

const dataOf = (events: SseEvent[]) => events.filter((e) => e.data !== undefined && e.data !== '[DONE]').map((e) => JSON.parse(e.data as string));
const contents = (chunks: any[]) => chunks.map((c) => c.choices[0].delta.content).filter((c) => c);

async function waitFor(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await delay(10);
  }
}

describe('streaming wire format', () => {
  test('a comment first, chunks of the exact shape, a usage chunk, then [DONE]', async () => {
    fake.enqueue({ text: 'abcdefghij', chunkSize: 4 });
    const res = await chat({ usage: { include: true } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const events = await allEvents(res);

    assert.equal(events[0].raw, ': OPENROUTER PROCESSING');
    for (const e of events) assert.ok(e.comment !== undefined || e.data !== undefined, `every event is a comment or data: ${e.raw}`);
    assert.equal(events.at(-1)?.data, '[DONE]');

    const chunks = dataOf(events);
    assert.deepEqual(contents(chunks), ['abcd', 'efgh', 'ij']);
    const first = chunks[0];
    assert.deepEqual(Object.keys(first), ['id', 'provider', 'model', 'object', 'created', 'choices']);
    assert.match(first.id, /^gen-\d{10}-[A-Za-z0-9]{20}$/);
    assert.equal(res.headers.get('x-generation-id'), first.id);
    assert.equal(first.provider, 'Google');
    assert.equal(first.model, 'google/gemini-2.5-flash');
    assert.equal(first.object, 'chat.completion.chunk');
    assert.ok(Number.isInteger(first.created) && Math.abs(first.created - Date.now() / 1000) < 5);
    assert.deepEqual(first.choices, [
      { index: 0, delta: { role: 'assistant', content: 'abcd' }, finish_reason: null, native_finish_reason: null, logprobs: null },
    ]);
    for (const c of chunks) assert.equal(c.id, first.id);

    const last = chunks.at(-1);
    assert.equal(last.choices[0].finish_reason, 'stop');
    assert.equal(last.choices[0].native_finish_reason, 'STOP');
    const u = last.usage;
    assert.equal(u.completion_tokens, Math.ceil('abcdefghij'.length / 4));
    assert.equal(u.prompt_tokens, Math.ceil(JSON.stringify(MESSAGES).length / 4));
    assert.equal(u.total_tokens, u.prompt_tokens + u.completion_tokens);
    assert.ok(typeof u.cost === 'number' && u.cost > 0);
    assert.equal(u.prompt_tokens_details.cached_tokens, 0);
    assert.equal(u.completion_tokens_details.reasoning_tokens, 0);
    for (const c of chunks.slice(0, -1)) assert.equal(c.usage, undefined, 'only the last chunk carries usage');

    assert.deepEqual(
      fake.chunks.map((c) => [c.requestIndex, c.content]),
      [
        [0, 'abcd'],
        [0, 'efgh'],
        [0, 'ij'],
      ],
    );
  });

  test('usage is always sent in the last chunk, asked for (either deprecated form) or not', async () => {
    const usageOf = async (body: Record<string, unknown>) => dataOf(await allEvents(await chat(body))).at(-1).usage;
    assert.ok((await usageOf({})).total_tokens > 0);
    assert.ok((await usageOf({ stream_options: { include_usage: true } })).total_tokens > 0);
    assert.ok((await usageOf({ usage: { include: true } })).total_tokens > 0);
  });

  test('reasoning deltas come before any content', async () => {
    fake.enqueue({ reasoning: 'Let me think.', text: 'Answer.', chunkSize: 5 });
    const chunks = dataOf(await allEvents(await chat({ usage: { include: true } })));
    const kinds = chunks
      .slice(0, -1)
      .map((c) => (c.choices[0].delta.reasoning ? 'r' : 'c'))
      .join('');
    assert.equal(kinds, 'rrrcc');
    const r = chunks[0].choices[0].delta;
    assert.equal(r.content, '');
    assert.equal(r.reasoning, 'Let m');
    assert.deepEqual(r.reasoning_details, [{ type: 'reasoning.text', text: 'Let m', format: 'unknown', index: 0 }]);
    assert.equal(
      chunks
        .slice(0, 3)
        .map((c) => c.choices[0].delta.reasoning)
        .join(''),
      'Let me think.',
    );
    assert.deepEqual(contents(chunks), ['Answe', 'r.']);
    assert.equal(chunks.at(-1).usage.completion_tokens_details.reasoning_tokens, Math.ceil('Let me think.'.length / 4));
    assert.deepEqual(
      fake.chunks.map((c) => c.content),
      ['Answe', 'r.'],
      'ChunkRecords are content deltas only',
    );
  });

  test('firstTokenDelayMs is filled with comments every ~100 ms; chunkDelayMs spaces the chunks', async () => {
    fake.enqueue({ firstTokenDelayMs: 350, chunkDelayMs: 60, text: 'aaaabbbbcccc', chunkSize: 4 });
    const sent = now();
    const events = await allEvents(await chat());
    const firstData = events.findIndex((e) => e.data !== undefined);
    assert.ok(firstData >= 3, `at least 3 comments before the first chunk, got ${firstData}`);
    assert.ok(events.slice(0, firstData).every((e) => e.comment === 'OPENROUTER PROCESSING'));
    assert.ok(events[firstData].at - sent >= 330, 'the first chunk waits for firstTokenDelayMs');
    const [req] = fake.requests;
    assert.ok(req.receivedAt >= sent - 1 && req.receivedAt <= fake.chunks[0].sentAt);
    assert.ok(fake.chunks[0].sentAt - req.receivedAt >= 340);
    const gaps = fake.chunks.slice(1).map((c, i) => c.sentAt - fake.chunks[i].sentAt);
    for (const gap of gaps) assert.ok(gap >= 55, `gap ${gap} ms`);
  });

  test('processingComments: false sends no comment at all', async () => {
    fake.enqueue({ processingComments: false, firstTokenDelayMs: 150 });
    const events = await allEvents(await chat());
    assert.ok(events.every((e) => e.comment === undefined));
    assert.equal(contents(dataOf(events)).join(''), DEFAULT_TEXT);
  });

  test('model defaults to the request model or the first of `models`; scenario fields override', async () => {
    let chunks = dataOf(await allEvents(await chat({ model: undefined, models: ['anthropic/claude-sonnet-4', 'openai/gpt-4o-mini'] })));
    assert.equal(chunks[0].model, 'anthropic/claude-sonnet-4');

    fake.enqueue({
      model: 'google/gemini-2.0-flash-001',
      provider: 'Google AI Studio',
      finishReason: 'length',
      usage: { prompt_tokens: 11, completion_tokens: 22, cost: 0.5, reasoning_tokens: 3, cached_tokens: 4 },
    });
    chunks = dataOf(await allEvents(await chat({ model: '~google/gemini-flash-latest', stream_options: { include_usage: true } })));
    assert.equal(chunks[0].model, 'google/gemini-2.0-flash-001');
    assert.equal(chunks[0].provider, 'Google AI Studio');
    const last = chunks.at(-1);
    assert.equal(last.choices[0].finish_reason, 'length');
    assert.equal(last.choices[0].native_finish_reason, 'MAX_TOKENS');
    assert.deepEqual(
      [
        last.usage.prompt_tokens,
        last.usage.completion_tokens,
        last.usage.total_tokens,
        last.usage.cost,
        last.usage.completion_tokens_details.reasoning_tokens,
        last.usage.prompt_tokens_details.cached_tokens,
      ],
      [11, 22, 33, 0.5, 3, 4],
    );
  });

  test('a mid-stream error is a chunk with a top-level error and finish_reason "error", and no [DONE]', async () => {
    fake.enqueue({ text: 'abcdefgh', chunkSize: 2, midStreamErrorAfterChunks: 2, midStreamError: { code: 502, message: 'Upstream went away' } });
    const res = await chat();
    assert.equal(res.status, 200);
    const events = await allEvents(res);
    assert.ok(events.every((e) => e.data !== '[DONE]'));
    const chunks = dataOf(events);
    assert.deepEqual(contents(chunks), ['ab', 'cd']);
    const err = chunks.at(-1);
    assert.deepEqual(err.error, { code: 502, message: 'Upstream went away' });
    assert.equal(err.object, 'chat.completion.chunk');
    assert.equal(err.choices[0].finish_reason, 'error');

    fake.enqueue({ text: 'abcd', chunkSize: 2, midStreamErrorAfterChunks: 0 });
    const early = dataOf(await allEvents(await chat()));
    assert.equal(early.length, 1);
    assert.deepEqual(early[0].error, { code: 'server_error', message: 'Provider disconnected unexpectedly' });

    // midStreamError alone: the whole answer, then the error in place of the finish chunk.
    fake.enqueue({ text: 'abcd', chunkSize: 2, midStreamError: { code: 'overloaded', message: 'late failure' } });
    const late = dataOf(await allEvents(await chat()));
    assert.deepEqual(contents(late), ['ab', 'cd']);
    assert.deepEqual(late.at(-1).error, { code: 'overloaded', message: 'late failure' });
  });

  test('noDone ends the stream without [DONE]', async () => {
    fake.enqueue({ noDone: true });
    const events = await allEvents(await chat());
    assert.ok(events.every((e) => e.data !== '[DONE]'));
    assert.equal(dataOf(events).at(-1).choices[0].finish_reason, 'stop');
  });

  test('stream: false answers one chat.completion JSON with usage', async () => {
    fake.enqueue({ text: 'Whole answer.', reasoning: 'Hmm.' });
    const res = await chat({ stream: false });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = await res.json();
    assert.equal(body.object, 'chat.completion');
    assert.match(body.id, /^gen-/);
    assert.equal(body.choices[0].message.role, 'assistant');
    assert.equal(body.choices[0].message.content, 'Whole answer.');
    assert.equal(body.choices[0].message.reasoning, 'Hmm.');
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  });
});

describe('errors before the stream', () => {
  test('a scripted status answers {"error":{code,message,metadata}} with that status', async () => {
    for (const status of [400, 402, 403, 404, 408, 429, 500, 502, 503]) {
      fake.enqueue({ status });
      const res = await chat({ stream: status % 2 === 0 }); // streamed or not, the error comes before any stream
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = await res.json();
      assert.equal(body.error.code, status);
      assert.ok(typeof body.error.message === 'string' && body.error.message.length > 0);
    }
    fake.enqueue({ status: 402, errorMessage: 'Insufficient credits', errorMetadata: { provider_name: null } });
    const body = await (await chat({ stream: false })).json();
    assert.deepEqual(body.error, { code: 402, message: 'Insufficient credits', metadata: { provider_name: null } });
    fake.enqueue({ status: 403 });
    const moderated = await (await chat()).json();
    assert.deepEqual(moderated.error.metadata.reasons, ['harassment']);
  });

  test('429 with retryAfterSeconds: a Retry-After header and OpenRouter-shaped metadata', async () => {
    fake.enqueue({ status: 429 });
    let res = await chat();
    assert.equal(res.headers.get('retry-after'), null);
    await res.body?.cancel();

    fake.enqueue({ status: 429, retryAfterSeconds: 7 });
    res = await chat();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    let body = await res.json();
    assert.equal(body.error.message, 'Provider returned error');
    assert.equal(body.error.metadata.retry_after_seconds, 7);
    assert.equal(body.error.metadata.provider_name, 'Google');

    // OpenRouter's own per-key limit on :free models: the limit's headers travel in metadata.
    fake.enqueue({ status: 429, retryAfterSeconds: 7 });
    res = await chat({ model: 'google/gemini-2.0-flash-exp:free' });
    assert.equal(res.headers.get('retry-after'), '7');
    body = await res.json();
    assert.match(body.error.message, /^Rate limit exceeded/);
    const h = body.error.metadata.headers;
    assert.equal(h['X-RateLimit-Remaining'], '0');
    assert.ok(Math.abs(Number(h['X-RateLimit-Reset']) - (Date.now() + 7000)) < 2000);
  });

  test('401 for a missing or unknown key, without taking the queued scenario', async () => {
    fake.enqueue({ text: 'for the good key' });
    let res = await chat({}, { key: null });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: { code: 401, message: 'No auth credentials found' } });
    for (const key of ['sk-or-v1-bad0000000000000000', 'not-an-openrouter-key']) {
      res = await chat({}, { key });
      assert.equal(res.status, 401);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: { code: 401, message: 'User not found.' } });
      assert.ok(!text.includes(key));
    }
    assert.equal(contents(dataOf(await allEvents(await chat()))).join(''), 'for the good key');
    assert.equal(fake.requests.length, 4);
  });
});

describe('other endpoints', () => {
  test('/key returns the real shape with a masked label, never the key', async () => {
    const res = await get('/key');
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(KEY));
    const { data } = JSON.parse(text);
    assert.equal(data.label, 'sk-or-v1-012...def');
    assert.equal(data.limit, null);
    assert.equal(typeof data.usage, 'number');
    assert.equal(data.limit_remaining, null);
    assert.equal(data.is_free_tier, false);
    assert.equal(typeof data.rate_limit, 'object');

    const short = await (await get('/key', 'sk-or-test')).json();
    assert.ok(!short.data.label.includes('test'));
    assert.equal((await get('/key', null)).status, 401);
    const bad = await get('/key', 'sk-or-v1-bad-key');
    assert.equal(bad.status, 401);
    assert.equal((await bad.json()).error.message, 'User not found.');
  });

  test('/models lists real-shaped models and needs no key', async () => {
    const res = await get('/models', null);
    assert.equal(res.status, 200);
    const { data } = await res.json();
    const ids = data.map((m: any) => m.id);
    for (const id of [
      '~google/gemini-flash-latest',
      'google/gemini-2.5-flash',
      'google/gemini-2.0-flash-001',
      'google/gemini-2.0-flash-exp:free',
      'anthropic/claude-sonnet-4',
      'openai/gpt-4o-mini',
      'meta-llama/llama-3.3-70b-instruct',
      'deepseek/deepseek-r1:free',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    const price = /^\d+(\.\d+)?$/;
    for (const m of data) {
      assert.equal(typeof m.name, 'string');
      assert.ok(Number.isInteger(m.created) && m.created > 1_600_000_000);
      assert.equal(typeof m.description, 'string');
      assert.equal(typeof m.context_length, 'number');
      assert.match(m.architecture.modality, /->text$/);
      assert.ok(m.architecture.input_modalities.includes('text'));
      assert.deepEqual(m.architecture.output_modalities, ['text']);
      assert.equal(typeof m.architecture.tokenizer, 'string');
      for (const k of ['prompt', 'completion', 'request', 'image']) assert.match(m.pricing[k], price, `${m.id} pricing.${k}`);
      assert.equal(typeof m.top_provider.context_length, 'number');
      assert.ok(m.top_provider.max_completion_tokens === null || typeof m.top_provider.max_completion_tokens === 'number');
      assert.equal(typeof m.top_provider.is_moderated, 'boolean');
    }
    const byId = new Map<string, any>(data.map((m: any) => [m.id, m]));
    assert.deepEqual(byId.get('meta-llama/llama-3.3-70b-instruct').architecture.input_modalities, ['text']);
    assert.deepEqual(byId.get('deepseek/deepseek-r1:free').architecture.input_modalities, ['text']);
    assert.ok(byId.get('google/gemini-2.5-flash').architecture.input_modalities.includes('image'));
    assert.equal(byId.get('google/gemini-2.0-flash-exp:free').pricing.prompt, '0');
  });

  test('/generation?id= returns the stored generation with its cost', async () => {
    fake.enqueue({ text: 'counted' });
    const res = await chat({ usage: { include: true } });
    const id = res.headers.get('x-generation-id') as string;
    const usage = dataOf(await allEvents(res)).at(-1).usage;
    const gen = await get(`/generation?id=${encodeURIComponent(id)}`);
    assert.equal(gen.status, 200);
    const { data } = await gen.json();
    assert.equal(data.id, id);
    assert.equal(data.model, 'google/gemini-2.5-flash');
    assert.equal(data.total_cost, usage.cost);
    assert.equal(data.tokens_completion, usage.completion_tokens);
    assert.equal(data.streamed, true);
    assert.equal(data.cancelled, false);
    assert.equal(data.finish_reason, 'stop');
    assert.equal(typeof data.latency, 'number');
    assert.equal((await get('/generation?id=gen-unknown')).status, 404);
    assert.equal((await get(`/generation?id=${id}`, null)).status, 401);
    assert.equal(fake.requests.at(-1)?.path, `/api/v1/generation?id=${id}`);
  });
});

describe('scripting', () => {
  test('each request takes the next queued scenario, then the default; reset clears everything', async () => {
    fake.enqueue({ text: 'one' }, { text: 'two' });
    fake.setDefault({ text: 'default' });
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push(contents(dataOf(await allEvents(await chat()))).join(''));
    assert.deepEqual(texts, ['one', 'two', 'default', 'default']);
    assert.equal(fake.requests.length, 4);
    assert.equal(fake.chunks.length, 4);

    fake.enqueue({ text: 'left over' });
    fake.reset();
    assert.equal(fake.requests.length, 0);
    assert.equal(fake.chunks.length, 0);
    assert.equal(contents(dataOf(await allEvents(await chat()))).join(''), DEFAULT_TEXT);
  });

  test('requests are recorded in order with headers, parsed body and arrival time', async () => {
    const t0 = now();
    await (await get('/models', null)).text();
    await allEvents(await chat({ temperature: 0.2 }, { headers: { 'X-Title': 'Flashlight', 'HTTP-Referer': 'https://example.invalid/flashlight' } }));
    const t1 = now();
    const [models, completion] = fake.requests;
    assert.deepEqual([models.method, models.path, models.body], ['GET', '/api/v1/models', undefined]);
    assert.deepEqual([completion.method, completion.path], ['POST', '/api/v1/chat/completions']);
    assert.equal(completion.headers.authorization, `Bearer ${KEY}`);
    assert.equal(completion.headers['x-title'], 'Flashlight');
    assert.equal(completion.body.temperature, 0.2);
    assert.deepEqual(completion.body.messages, MESSAGES);
    assert.ok(t0 <= models.receivedAt && models.receivedAt <= completion.receivedAt && completion.receivedAt <= t1);
  });

  test('control endpoints script and read the fake from another process, unrecorded', async () => {
    const res = await control('enqueue', [{ text: 'remote one' }, { text: 'remote two' }]);
    assert.deepEqual(await res.json(), { ok: true, queued: 2 });
    assert.deepEqual(await (await control('default', { text: 'remote default', chunkSize: 100 })).json(), { ok: true });
    await control('enqueue', { text: 'remote three' });
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push(contents(dataOf(await allEvents(await chat()))).join(''));
    assert.deepEqual(texts, ['remote one', 'remote two', 'remote three', 'remote default']);

    const requestsText = await (await control('requests')).text();
    assert.ok(!requestsText.includes(KEY), 'the key is masked in what leaves the process');
    const requests = JSON.parse(requestsText);
    assert.equal(requests.length, 4);
    assert.equal(requests[0].headers.authorization, 'Bearer sk-or-v1-012...def');
    assert.deepEqual(requests[0].body.messages, MESSAGES);
    const chunks = await (await control('chunks')).json();
    assert.deepEqual(chunks.map((c: any) => c.content).slice(-1), ['remote default']);
    assert.deepEqual(await (await control('open-streams')).json(), { open: 0 });
    assert.equal(fake.requests.length, 4, 'control calls are not recorded');

    assert.equal((await control('enqueue', '{not json')).status, 400);
    assert.deepEqual(await (await control('reset', {})).json(), { ok: true });
    assert.deepEqual(await (await control('requests')).json(), []);
  });
});

describe('drops, stalls and faults', () => {
  test('dropAfterChunks: N chunks arrive, then the connection dies', async () => {
    fake.enqueue({ text: 'abcdefgh', chunkSize: 2, dropAfterChunks: 2 });
    const res = await chat();
    const got: string[] = [];
    await assert.rejects(async () => {
      for await (const e of sseEvents(res)) if (e.data) got.push(JSON.parse(e.data).choices[0].delta.content);
    });
    assert.deepEqual(got, ['ab', 'cd']);
    assert.equal(fake.chunks.length, 2);
    await waitFor(() => fake.openStreams() === 0, 'the dropped stream to close');
  });

  test('stallAfterChunks holds the socket open until the client aborts, and the abort frees it', async () => {
    fake.enqueue({ text: 'abcdefgh', chunkSize: 2, stallAfterChunks: 1 });
    const abort = new AbortController();
    const res = await chat({}, { signal: abort.signal });
    const events = sseEvents(res);
    let first: SseEvent | undefined;
    while (!first?.data) first = (await events.next()).value as SseEvent;
    assert.equal(JSON.parse(first.data).choices[0].delta.content, 'ab');
    const next = events.next();
    next.catch(() => undefined);
    assert.equal(await Promise.race([next.then(() => 'event'), delay(250).then(() => 'silence')]), 'silence');
    assert.equal(fake.openStreams(), 1);
    abort.abort();
    await waitFor(() => fake.openStreams() === 0, 'the aborted stream to be freed');
    const gen = await (await get(`/generation?id=${res.headers.get('x-generation-id')}`)).json();
    assert.equal(gen.data.cancelled, true);
  });

  test("'refuse' and 'reset-before-headers' kill the connection without any response", async () => {
    for (const fault of ['refuse', 'reset-before-headers'] as const) {
      fake.enqueue({ fault });
      await assert.rejects(chat(), TypeError, fault);
    }
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(fake.requests[1].body.messages, MESSAGES, 'reset-before-headers read the request first');
    assert.equal(contents(dataOf(await allEvents(await chat()))).join(''), DEFAULT_TEXT, 'the next request is served');
  });

  test("'stall-before-headers' never answers; the client's timeout frees it", async () => {
    fake.enqueue({ fault: 'stall-before-headers' });
    await assert.rejects(chat({}, { signal: AbortSignal.timeout(300) }), (e: Error) => e.name === 'TimeoutError');
    await waitFor(() => fake.openStreams() === 0, 'the stalled request to be freed');
  });

  test("'html-200' answers a 200 HTML page", async () => {
    fake.enqueue({ fault: 'html-200' });
    const res = await chat();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /<html>.*Bad gateway/s);
  });

  test("'malformed-sse' and 'invalid-json-chunk' put one unparsable data event amid valid ones", async () => {
    for (const fault of ['malformed-sse', 'invalid-json-chunk'] as const) {
      fake.enqueue({ fault, text: 'abcdef', chunkSize: 2 });
      const data = (await allEvents(await chat())).filter((e) => e.data !== undefined).map((e) => e.data as string);
      const bad = data.filter((d) => d !== '[DONE]' && !parses(d));
      assert.equal(bad.length, 1, fault);
      assert.equal(data.indexOf(bad[0]), 1, `${fault}: right after the first chunk`);
      if (fault === 'malformed-sse') assert.equal(bad[0], '{not json');
      else assert.match(bad[0], /^\{"id":"gen-/);
      assert.deepEqual(
        contents(
          data
            .filter(parses)
            .filter((d) => d !== '[DONE]')
            .map((d) => JSON.parse(d)),
        ),
        ['ab', 'cd', 'ef'],
      );
    }
  });

  test("'huge-chunk' sends the answer as one delta of hugeChunkBytes characters (default 1,000,000)", async () => {
    fake.enqueue({ fault: 'huge-chunk' });
    let deltas = contents(dataOf(await allEvents(await chat())));
    assert.deepEqual(
      deltas.map((d) => d.length),
      [1_000_000],
    );
    fake.enqueue({ fault: 'huge-chunk', hugeChunkBytes: 5000 });
    deltas = contents(dataOf(await allEvents(await chat())));
    assert.deepEqual(
      deltas.map((d) => d.length),
      [5000],
    );
  });

  test('close() ends open streams and frees the port', async () => {
    const other = await startFakeOpenRouter();
    other.setDefault({ stallAfterChunks: 0 });
    const res = await fetch(`${other.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'm', messages: MESSAGES, stream: true }),
    });
    assert.equal(other.openStreams(), 1);
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(res.text());
    await assert.rejects(fetch(`${other.baseUrl}/models`));
  });

  test('listens on loopback only', async () => {
    await assert.rejects(startFakeOpenRouter({ host: '0.0.0.0' }), /loopback/);
  });
});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the official openai SDK against the fake', () => {
  const client = () => new OpenAI({ baseURL: fake.baseUrl, apiKey: KEY, maxRetries: 0 });

  test('streams the deltas in order, with the usage chunk', async () => {
    fake.enqueue({ text: 'The quick brown fox jumps over the lazy dog.', chunkSize: 6, firstTokenDelayMs: 120 });
    const stream = await client().chat.completions.create({
      model: 'google/gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const c of stream) {
      const d = c.choices[0]?.delta?.content;
      if (d) deltas.push(d);
      if (c.usage) usage = c.usage;
    }
    assert.deepEqual(deltas, ['The qu', 'ick br', 'own fo', 'x jump', 's over', ' the l', 'azy do', 'g.']);
    assert.ok(usage && usage.total_tokens === usage.prompt_tokens + usage.completion_tokens);
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(fake.requests[0].body.stream, true);
  });

  test('a mid-stream error throws after the deltas that came before it', async () => {
    fake.enqueue({ text: 'abcdefgh', chunkSize: 2, midStreamErrorAfterChunks: 3, midStreamError: { code: 502, message: 'Upstream went away' } });
    const stream = await client().chat.completions.create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const deltas: string[] = [];
    await assert.rejects(
      async () => {
        for await (const c of stream) if (c.choices[0]?.delta?.content) deltas.push(c.choices[0].delta.content);
      },
      (e: unknown) => e instanceof OpenAI.APIError && /Upstream went away/.test(e.message),
    );
    assert.deepEqual(deltas, ['ab', 'cd', 'ef']);
  });

  test('errors map to the SDK error classes (429 with its Retry-After, 401)', async () => {
    fake.enqueue({ status: 429, retryAfterSeconds: 3 });
    await assert.rejects(
      client().chat.completions.create({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      (e: unknown) => e instanceof OpenAI.RateLimitError && e.status === 429 && e.headers?.get('retry-after') === '3',
    );
    const bad = new OpenAI({ baseURL: fake.baseUrl, apiKey: 'sk-or-v1-bad', maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.AuthenticationError);
  });
});

test('the CLI prints FAKE_OPENROUTER_URL, serves, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'fake-openrouter', 'cli.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const match = /^FAKE_OPENROUTER_URL=(http:\/\/127\.0\.0\.1:\d+\/api\/v1)$/.exec(line);
    assert.ok(match, line);
    const { data } = await (await fetch(`${match[1]}/models`)).json();
    assert.ok(data.length > 0);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
