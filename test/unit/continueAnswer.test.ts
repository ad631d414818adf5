// Continue over the wire (issue 19 item 4): the real client against the fake OpenRouter. A stream
// that breaks off after some text (OpenRouter's mid-stream error chunk, or a response that simply
// ends) keeps the text and offers Continue; Continue asks the next fallback model with the partial
// answer as context, and the answer that results reads as one, without the repeat the model sent.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { newAnswerRecord, resumeRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import { continuationRequest, continueInstruction } from '../../src/core/answers/continuation';
import { ChatController } from '../../src/core/chat/chatController';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import type { ChatRequest } from '../../src/core/openrouter/types';
import type { ExtensionToWebview, RestoredAnswer } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-unit-test-key-0123456789';
let server: FakeOpenRouter;
let root: string;
before(async () => (server = await startFakeOpenRouter()));
after(() => server.close());
beforeEach(() => {
  server.reset();
  root = mkdtempSync(join(tmpdir(), 'flashlight-continue-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const config = () => ({ baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test', appTitle: 'Flashlight' });
const whole = 'The loop walks the list once. For each item it checks whether the key is already in the map, and adds it when not.';
const cutAt = 56; // 7 chunks of 8 characters: "…For each item it checks wh"
const request: ChatRequest = {
  model: 'google/gemini-2.5-flash',
  fallbackModels: ['google/gemini-3-flash-preview'],
  messages: [{ role: 'user', content: 'Explain the loop.' }],
};

async function run(record: RestoredAnswer, asked: ChatRequest, continuing = false) {
  const posted: ExtensionToWebview[] = [];
  await streamAnswer({
    client: new OpenRouterClient(),
    config: config(),
    request: asked,
    record,
    signal: new AbortController().signal,
    post: (message) => void posted.push(message),
    frameMs: 1,
    continuing,
  });
  return posted;
}

const deltas = (posted: ExtensionToWebview[]) => posted.flatMap((message) => (message.type === 'delta' ? [message.text] : [])).join('');

test('a mid-stream error after some text keeps it and offers Continue, which appends the rest once', async () => {
  server.enqueue({ text: whole, chunkSize: 8, midStreamErrorAfterChunks: 7 });
  const record = newAnswerRecord(1, { title: 'Explain' });
  await run(record, request);
  assert.equal(record.state, 'error');
  assert.equal(record.text, whole.slice(0, cutAt));
  assert.equal(record.error?.kind, 'midStream');
  assert.deepEqual(record.error?.actions, ['continue', 'retry']);
  assert.equal(record.stats?.model, 'google/gemini-2.5-flash', 'the model that was answering is kept for Continue');

  // The next model restarts the sentence it was cut in: the repeat is dropped.
  server.enqueue({ text: 'For each item it checks whether the key is already in the map, and adds it when not.', chunkSize: 5 });
  const next = continuationRequest(request, record.text, record.stats?.model);
  resumeRecord(record, 2);
  const repainted = record.text; // what the view shows when it is repainted from the record
  const posted = await run(record, next, true);
  assert.equal(record.state, 'done');
  assert.equal(record.text, whole, 'one seamless answer');
  assert.equal(repainted + deltas(posted), whole, 'the view sees every character once');
  assert.equal(
    posted.some((message) => message.type === 'start'),
    false,
    'no new answer is started',
  );
  assert.equal(record.error, undefined);

  const sent = server.requests.filter((entry) => entry.path.startsWith('/api/v1/chat/completions'));
  assert.equal(sent.length, 2);
  const body = sent[1].body;
  assert.equal(body.model, 'google/gemini-3-flash-preview', 'the next fallback model is asked');
  assert.deepEqual(body.models, ['google/gemini-3-flash-preview', 'google/gemini-2.5-flash']);
  assert.deepEqual(body.messages, [
    { role: 'user', content: 'Explain the loop.' },
    { role: 'assistant', content: whole.slice(0, cutAt) },
    { role: 'user', content: continueInstruction },
  ]);
});

test('a stream that just ends (no finish_reason, no [DONE]) keeps its text and offers Continue', async () => {
  server.enqueue({ text: whole, chunkSize: 8, endAfterChunks: 7 });
  const record = newAnswerRecord(1, { title: 'Explain' });
  await run(record, request);
  assert.equal(record.state, 'error');
  assert.equal(record.error?.kind, 'truncated');
  assert.equal(record.text, whole.slice(0, cutAt));
  assert.equal(record.error?.actions[0], 'continue');
});

test('an error before any text offers Retry, not Continue', async () => {
  server.enqueue({ text: whole, chunkSize: 8, midStreamErrorAfterChunks: 0 });
  const record = newAnswerRecord(1, { title: 'Explain' });
  await run(record, request);
  assert.equal(record.state, 'error');
  assert.equal(record.text, '');
  assert.equal(record.error?.actions.includes('continue'), false);
});

test('the chat continues its latest answer in the same turn, and it is saved as one answer', async () => {
  const posted: ExtensionToWebview[] = [];
  let requestId = 0;
  const store = new ConversationStore(join(root, 'chats'));
  const chat = new ChatController({
    client: new OpenRouterClient(),
    store,
    requestSettings: async () => ({
      config: config(),
      model: 'google/gemini-2.5-flash',
      fallbackModels: ['google/gemini-3-flash-preview'],
      contextLength: 100_000,
    }),
    nextRequestId: () => ++requestId,
    post: (message) => void posted.push(message),
    log: () => undefined,
    imageData: () => undefined,
    keepImages: () => undefined,
    releaseImage: () => undefined,
  });
  server.enqueue({ text: whole, chunkSize: 8, midStreamErrorAfterChunks: 7 });
  await chat.send('Explain the loop.', [], []);
  const cut = chat.current.turns[1];
  assert.equal(cut.role === 'assistant' && cut.answer.state, 'error');

  server.enqueue({ text: whole.slice(cutAt), chunkSize: 6 }); // carries on mid-word
  await chat.continueLatest();
  const turns = chat.current.turns;
  assert.equal(turns.length, 2, 'no new turn: the answer goes on in its own');
  assert.equal(turns[1].id, cut.id);
  const answer = turns[1].role === 'assistant' ? turns[1].answer : undefined;
  assert.equal(answer?.state, 'done');
  assert.equal(answer?.text, whole);
  const body = server.requests.filter((entry) => entry.path.startsWith('/api/v1/chat/completions'))[1].body;
  assert.equal(body.model, 'google/gemini-3-flash-preview');
  assert.deepEqual(body.messages.slice(-2), [
    { role: 'assistant', content: whole.slice(0, cutAt) },
    { role: 'user', content: continueInstruction },
  ]);
  const saved = await store.load(chat.current.id);
  const savedAnswer = saved?.turns[1];
  assert.equal(savedAnswer?.role === 'assistant' && savedAnswer.answer.text, whole);
  assert.equal(posted.at(-1)?.type, 'chatState');
});
