// Thinking control (issue 19, item 1): `flashlight.reasoningEffort` becomes OpenRouter's
// `reasoning: {effort}` only for a model whose /models entry lists `reasoning`; the model list is
// read from the cache at once (refreshed in the background, never awaited by a request); the fake
// thinks more at each level, and the thinking tokens reach the footer apart from the answer's.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { ModelCatalog, modelListMaxAgeMs, parseModelList, type ListStore, type ModelInfo } from '../../src/core/openrouter/models';
import { parseReasoningEffort, reasoningParameter, type ReasoningEffort } from '../../src/core/openrouter/reasoning';
import type { ChatRequest, ClientConfig, StreamEvent } from '../../src/core/openrouter/types';
import { requestFrom } from '../../src/core/prompts/request';
import { withModelFacts } from '../../src/features/models/withModelFacts';
import type { ExtensionToWebview } from '../../src/protocol';
import { formatStats } from '../../src/webview/formatStats';
import { modelsResponse } from '../fake-openrouter/models';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let fake: FakeOpenRouter;
let config: ClientConfig;
before(async () => {
  fake = await startFakeOpenRouter();
  config = {
    baseUrl: fake.baseUrl,
    apiKey: 'sk-or-v1-reasoning-test-0123456789',
    stallTimeoutMs: 5_000,
    appUrl: 'https://example.test/app',
    appTitle: 'Flashlight',
  };
});
after(() => fake.close());
beforeEach(() => fake.reset());

const listed = parseModelList(modelsResponse());
const paramsOf = (id: string) => listed.find((model) => model.id === id)?.supportedParameters;
const messages = [{ role: 'user' as const, content: 'Explain x' }];
const levels = ['minimal', 'low', 'medium', 'high'] as const;

async function send(request: ChatRequest) {
  const events: StreamEvent[] = [];
  for await (const event of new OpenRouterClient().streamChat(config, request)) events.push(event);
  const end = events.find((event) => event.type === 'end');
  const body = fake.requests.filter((recorded) => recorded.path.endsWith('/chat/completions')).at(-1)!.body as Record<string, unknown>;
  return { body, usage: end?.type === 'end' ? end.stats.usage : undefined };
}

describe('the mapping', () => {
  test('each level for a model that takes reasoning; nothing for auto, for a model that does not, or for one not known yet', () => {
    const gemini = paramsOf('google/gemini-2.5-flash');
    for (const level of levels) assert.deepEqual(reasoningParameter(level, gemini), { effort: level });
    assert.equal(reasoningParameter('auto', gemini), undefined);
    assert.equal(reasoningParameter(undefined, gemini), undefined);
    assert.equal(reasoningParameter('high', paramsOf('openai/gpt-4o-mini')), undefined);
    assert.equal(reasoningParameter('high', undefined), undefined, 'no model list yet: nothing is sent');
  });

  test('a setting that is not one of the five is auto', () => {
    for (const value of ['high', 'minimal']) assert.equal(parseReasoningEffort(value), value);
    for (const value of ['HIGH', 'max', '', 3, null, undefined, { effort: 'high' }, '__proto__', 'toString']) assert.equal(parseReasoningEffort(value), 'auto');
  });

  test('the model list keeps supported_parameters per model, and only strings of it', () => {
    assert.ok(paramsOf('~google/gemini-flash-latest')?.includes('reasoning'));
    assert.equal(paramsOf('meta-llama/llama-3.3-70b-instruct')?.includes('reasoning'), false);
    const odd = parseModelList({
      data: [
        { id: 'a/b', supported_parameters: ['reasoning', 7, null] },
        { id: 'c/d', supported_parameters: 'reasoning' },
      ],
    });
    assert.deepEqual(odd[0].supportedParameters, ['reasoning']);
    assert.equal(odd[1].supportedParameters, undefined);
  });
});

describe('on the wire, against the fake', () => {
  test('each level goes out as reasoning.effort to a model that takes it, and the fake thinks more at each', async () => {
    const thought: number[] = [];
    for (const level of levels) {
      const settings = { model: 'google/gemini-2.5-flash', fallbackModels: [], reasoningEffort: level, modelParameters: paramsOf('google/gemini-2.5-flash') };
      const { body, usage } = await send(requestFrom(settings, messages));
      assert.deepEqual(body.reasoning, { effort: level });
      thought.push(usage?.reasoningTokens ?? -1);
    }
    console.log(`reasoning tokens reported by the fake for minimal, low, medium, high: ${thought.join(', ')}`);
    assert.equal(thought[0], 0, 'minimal: no thinking');
    for (let i = 1; i < thought.length; i++) assert.ok(thought[i] > thought[i - 1], `more thinking at ${levels[i]}: ${thought.join(', ')}`);
  });

  test('absent for auto, for a model that does not take it, and when the model list is not known yet', async () => {
    const cases: Array<{ model: string; effort: ReasoningEffort; params: readonly string[] | undefined }> = [
      { model: 'google/gemini-2.5-flash', effort: 'auto', params: paramsOf('google/gemini-2.5-flash') },
      { model: 'openai/gpt-4o-mini', effort: 'high', params: paramsOf('openai/gpt-4o-mini') },
      { model: 'google/gemini-2.5-flash', effort: 'high', params: undefined },
    ];
    for (const { model, effort, params } of cases) {
      const { body } = await send(requestFrom({ model, fallbackModels: [], reasoningEffort: effort, modelParameters: params }, messages));
      assert.equal('reasoning' in body, false, `${model} at ${effort}`);
    }
  });

  test('the fake ignores reasoning for a model that does not take it, as OpenRouter does', async () => {
    const { usage } = await send({ model: 'openai/gpt-4o-mini', messages, reasoning: { effort: 'high' } });
    assert.equal(usage?.reasoningTokens, 0);
  });

  test('the footer shows the thinking tokens apart from the answer', async () => {
    const request = requestFrom(
      { model: 'google/gemini-2.5-flash', fallbackModels: [], reasoningEffort: 'high', modelParameters: paramsOf('google/gemini-2.5-flash') },
      messages,
    );
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
    const done = posted.find((message): message is Extract<ExtensionToWebview, { type: 'done' }> => message.type === 'done')!;
    assert.ok(done.stats.reasoningTokens! > 0);
    assert.match(formatStats(done.stats), new RegExp(` \\d+ out \\(${done.stats.reasoningTokens} thinking\\)`));
  });
});

describe('the model list at hand, never awaited', () => {
  function memoryStore(initial?: unknown): ListStore {
    const values = new Map<string, unknown>(initial ? [['flashlight.modelList', initial]] : []);
    return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => void values.set(key, value) };
  }
  const gemini: ModelInfo = { id: 'google/gemini-2.5-flash', name: 'Gemini', takesImages: true, supportedParameters: ['reasoning'] };

  test('with no list yet: nothing known, at once, and a refresh starts in the background', async () => {
    let fetches = 0;
    let release: (response: Response) => void = () => undefined;
    const catalog = new ModelCatalog({
      store: memoryStore(),
      baseUrl: () => 'https://or.test/api/v1',
      fetch: () => {
        fetches++;
        return new Promise<Response>((resolve) => (release = resolve));
      },
    });
    const settings = withModelFacts(() => ({ model: 'google/gemini-2.5-flash', reasoningEffort: 'high' as const }), catalog);
    const first = settings();
    assert.equal(first.modelParameters, undefined);
    assert.equal(fetches, 1, 'one background fetch, not awaited');
    settings();
    assert.equal(fetches, 1, 'not a second while the first is under way');
    release(new Response(JSON.stringify({ data: [{ id: 'google/gemini-2.5-flash', supported_parameters: ['reasoning', 'tools'] }] })));
    for (let i = 0; i < 50 && !catalog.cached(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(settings().modelParameters, ['reasoning', 'tools'], 'the next request knows the model');
  });

  test('a fresh list is used without any request; a stale one is used at once and refreshed, at most once a minute', async () => {
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    let now = 1_000_000_000;
    let fetches = 0;
    const catalog = new ModelCatalog({
      store: memoryStore({ baseUrl: 'https://or.test/api/v1', fetchedAt: now, models: [gemini] }),
      baseUrl: () => 'https://or.test/api/v1',
      now: () => now,
      fetch: () => {
        fetches++;
        return Promise.reject(new Error('offline'));
      },
    });
    assert.deepEqual(catalog.findNow(gemini.id)?.supportedParameters, ['reasoning']);
    assert.equal(fetches, 0);
    now += modelListMaxAgeMs + 1;
    assert.deepEqual(catalog.findNow(gemini.id)?.supportedParameters, ['reasoning'], 'the stale list still answers at once');
    assert.equal(fetches, 1);
    await settle(); // the failed refresh is over
    now += 30_000;
    catalog.findNow(gemini.id);
    assert.equal(fetches, 1, 'an offline machine is not asked on every request');
    now += 31_000;
    catalog.findNow(gemini.id);
    assert.equal(fetches, 2);
    await settle();
  });
  test('the once-a-minute bound is per base URL: a moved baseUrl gets its list at once', async () => {
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    const now = 1_000_000_000;
    let baseUrl = 'https://or.test/api/v1';
    const asked: string[] = [];
    const catalog = new ModelCatalog({
      store: memoryStore(undefined),
      baseUrl: () => baseUrl,
      now: () => now,
      fetch: (input) => {
        asked.push(String(input));
        return Promise.reject(new Error('offline'));
      },
    });
    catalog.findNow(gemini.id);
    await settle();
    baseUrl = 'http://127.0.0.1:9999/api/v1';
    catalog.findNow(gemini.id);
    await settle();
    catalog.findNow(gemini.id);
    await settle();
    assert.deepEqual(asked, ['https://or.test/api/v1/models', 'http://127.0.0.1:9999/api/v1/models'], 'one fetch per base URL within the minute');
  });
});
