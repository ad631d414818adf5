// Issue 15 item 3: the chat keeps each answer's tool steps. A saved conversation stores the steps
// and the rounds' calls; it comes back from disk with them (and one saved before tools existed
// still loads); a follow-up repeats the earlier rounds as they went on the wire, their results
// within the budget, oldest omitted first, never a `tool_calls` without its `tool` messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHistory } from '../../src/core/chat/history';
import { assistantTurn, newConversation, userTurn } from '../../src/core/chat/conversation';
import { checkConversation } from '../../src/core/chat/conversationShape';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import type { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ChatRequest, StreamEvent } from '../../src/core/openrouter/types';
import type { Tool } from '../../src/core/tools/toolLoop';
import { omittedResult } from '../../src/core/chat/toolHistory';
import type { ChatTurn, RestoredAnswer } from '../../src/protocol';

type Wire = {
  role: string;
  content: unknown;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  reasoning_details?: unknown;
};

/** An answer that read `files` in one round (call ids `<prefix>0`, `<prefix>1`, …), each result the given text. */
function toolAnswer(prefix: string, results: string[], text = `answer ${prefix}`): RestoredAnswer {
  const record = newAnswerRecord(1, { title: 'Chat' });
  record.text = text;
  record.state = 'done';
  const calls = results.map((_, index) => ({ id: `${prefix}${index}`, name: 'read_file', arguments: JSON.stringify({ path: `src/${prefix}${index}.ts` }) }));
  record.toolRounds = [{ round: 1, calls, reasoningDetails: [{ type: 'reasoning.encrypted', data: `sig-${prefix}`, format: 'google-gemini-v1', index: 0 }] }];
  record.steps = calls.map((call, index) => ({
    id: call.id,
    round: 1,
    name: call.name,
    summary: `Read src/${call.id}.ts 1–3`,
    result: results[index],
    state: 'done',
  }));
  return record;
}

const wire = (turns: ChatTurn[], budget?: number) =>
  buildHistory(turns, 1_000_000, 1_000, () => [], budget === undefined ? undefined : { budget }).messages.slice(1) as unknown as Wire[];

test('a follow-up repeats an earlier round as it went: tool_calls with reasoning_details, one tool message per call, then the text', () => {
  const turns: ChatTurn[] = [userTurn('q0', [], []), assistantTurn(toolAnswer('a', ['file a0', 'file a1'])), userTurn('q1', [], [])];
  const messages = wire(turns, 16_000);
  assert.deepEqual(
    messages.map((message) => [message.role, message.tool_call_id ?? message.tool_calls?.map((call) => call.id).join(',') ?? message.content]),
    [
      ['user', 'q0'],
      ['assistant', 'a0,a1'],
      ['tool', 'a0'],
      ['tool', 'a1'],
      ['assistant', 'answer a'],
      ['user', 'q1'],
    ],
  );
  assert.equal(messages[1].content, null);
  assert.equal(messages[1].tool_calls![0].function.arguments, '{"path":"src/a0.ts"}');
  assert.deepEqual(messages[1].reasoning_details, [{ type: 'reasoning.encrypted', data: 'sig-a', format: 'google-gemini-v1', index: 0 }]);
  assert.deepEqual(
    messages.filter((message) => message.role === 'tool').map((message) => message.content),
    ['file a0', 'file a1'],
    'not merged, unchanged',
  );
  // The same conversation gives the same bytes again: the prefix stays cache-friendly.
  assert.equal(JSON.stringify(wire([...turns], 16_000)), JSON.stringify(messages));
});

test('without tools offered now, only the answers’ text goes (as before tools)', () => {
  const turns: ChatTurn[] = [userTurn('q0', [], []), assistantTurn(toolAnswer('a', ['file a0'])), userTurn('q1', [], [])];
  assert.deepEqual(
    wire(turns).map((message) => [message.role, message.content]),
    [
      ['user', 'q0'],
      ['assistant', 'answer a'],
      ['user', 'q1'],
    ],
  );
});

test('past the budget the oldest rounds’ results become notes of their size; the calls and pairs stay', () => {
  const big = 'x'.repeat(4_000); // 1,000 tokens
  const turns: ChatTurn[] = [
    userTurn('q0', [], []),
    assistantTurn(toolAnswer('a', [big, big])),
    userTurn('q1', [], []),
    assistantTurn(toolAnswer('b', ['small b0'])),
    userTurn('q2', [], []),
    assistantTurn(toolAnswer('c', [big])),
    userTurn('q3', [], []),
  ];
  const results = (budget: number) =>
    wire(turns, budget)
      .filter((message) => message.role === 'tool')
      .map((message) => [message.tool_call_id, message.content]);
  assert.deepEqual(results(10_000), [
    ['a0', big],
    ['a1', big],
    ['b0', 'small b0'],
    ['c0', big],
  ]);
  // 1,500 tokens: c (1,000) and b (2) fit, a (2,000) does not.
  assert.deepEqual(results(1_500), [
    ['a0', omittedResult(1_000)],
    ['a1', omittedResult(1_000)],
    ['b0', 'small b0'],
    ['c0', big],
  ]);
  // 500: the newest round does not fit, so it and every older one are omitted (oldest first, no gaps).
  assert.deepEqual(results(500), [
    ['a0', omittedResult(1_000)],
    ['a1', omittedResult(1_000)],
    ['b0', omittedResult(2)],
    ['c0', omittedResult(1_000)],
  ]);
  const messages = wire(turns, 500);
  for (const [index, message] of messages.entries()) {
    if (!message.tool_calls) continue;
    const ids = message.tool_calls.map((call) => call.id);
    assert.deepEqual(
      messages.slice(index + 1, index + 1 + ids.length).map((next) => next.tool_call_id),
      ids,
      'each tool_calls is followed by its tool messages',
    );
  }
});

test('an incomplete round (a call stopped before its result) and an answer with no text repeat nothing', () => {
  const stopped = toolAnswer('s', ['r0', 'r1']);
  stopped.steps![1] = { ...stopped.steps![1], state: 'stopped', result: undefined };
  const empty = toolAnswer('e', ['r0'], '');
  const turns: ChatTurn[] = [userTurn('q0', [], []), assistantTurn(stopped), userTurn('q1', [], []), assistantTurn(empty), userTurn('q2', [], [])];
  assert.deepEqual(
    wire(turns, 16_000).map((message) => [message.role, message.content]),
    [
      ['user', 'q0'],
      ['assistant', 'answer s'],
      ['user', 'q1\n\nq2'],
    ],
  );
});

test('the context window drops a turn whole with its rounds; the request still starts with a question', () => {
  const big = 'y'.repeat(40_000); // 10,000 tokens
  const turns: ChatTurn[] = [userTurn('q0', [], []), assistantTurn(toolAnswer('a', [big])), userTurn('q1', [], [])];
  const built = buildHistory(turns, 6_000, 1_000, () => [], { budget: 100_000 });
  assert.deepEqual(
    built.messages.slice(1).map((message) => message.role),
    ['user'],
  );
  assert.equal(built.trimmedTurns, 2);
});

test('a saved conversation keeps each answer’s steps and rounds through the store, and one saved before tools still loads', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flashlight-tool-history-'));
  try {
    const store = new ConversationStore(join(root, 'chats'), { now: () => 1_750_000_000_000 });
    const conversation = newConversation();
    conversation.title = 'Where is parseConfig?';
    const record = toolAnswer('a', ['export function parseConfig() {}']);
    record.steps!.push({ id: 'x', round: 1, name: 'search_text', summary: 'Searched `x`: 0 hits', result: 'Error: nothing', state: 'error' });
    conversation.turns.push(userTurn('Where is parseConfig?', [], []), assistantTurn(record));
    await store.save(conversation);
    const loaded = await store.load(conversation.id);
    assert.deepEqual(loaded, conversation);

    const old = newConversation();
    old.turns.push(userTurn('q', [], []), assistantTurn({ ...newAnswerRecord(2, { title: 'Chat' }), text: 'a', state: 'done' }));
    const checked = checkConversation(JSON.parse(JSON.stringify(old)), old.id);
    assert.equal(checked?.repaired, false);
    assert.deepEqual(checked?.conversation, old);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('hostile saved steps and rounds are dropped item by item, never passed on', () => {
  const conversation = newConversation();
  const record = toolAnswer('a', ['ok']);
  conversation.turns.push(userTurn('q', [], []), assistantTurn(record));
  const saved = JSON.parse(JSON.stringify(conversation));
  const answer = saved.turns[1].answer;
  answer.steps.push(
    null,
    'Read /etc/passwd',
    { id: 'b', round: 1, name: 'read_file', summary: '<img src=x onerror=alert(1)>', state: 'exploded' },
    { id: 7, round: 1, name: 'read_file', summary: 'x', state: 'done' },
    { id: 'c', round: 1, name: 'read_file', summary: 'kept', result: { html: '<b>' }, state: 'done' },
  );
  answer.toolRounds.push({ round: 2, calls: [{ id: 'd', name: 'read_file', arguments: { path: 'x' } }] }, { round: 'two', calls: [] }, 42);
  answer.toolRounds[0].reasoningDetails = 'not a list';
  const checked = checkConversation(saved, conversation.id)!;
  assert.equal(checked.repaired, true);
  const back = checked.conversation.turns[1];
  assert.equal(back.role, 'assistant');
  if (back.role !== 'assistant') return;
  assert.deepEqual(
    back.answer.steps?.map((step) => [step.id, step.summary, step.result]),
    [
      ['a0', 'Read src/a0.ts 1–3', 'ok'],
      ['c', 'kept', undefined],
    ],
  );
  assert.deepEqual(
    back.answer.toolRounds?.map((round) => [round.round, round.calls.map((call) => call.id), round.reasoningDetails]),
    [[1, ['a0'], undefined]],
  );
  // Steps or rounds of the wrong type altogether: the answer itself still loads.
  answer.steps = 'many';
  answer.toolRounds = { round: 1 };
  const again = checkConversation(saved, conversation.id)!;
  const turn = again.conversation.turns[1];
  assert.ok(turn.role === 'assistant' && turn.answer.text === 'answer a' && !turn.answer.steps && !turn.answer.toolRounds);
});

test('the rounds an answer records are repeated in a follow-up exactly as its own follow-up sent them', async () => {
  const requests: ChatRequest[] = [];
  const signature = [{ type: 'reasoning.encrypted', data: 'c2lnbmVk', format: 'google-gemini-v1', index: 0 }];
  const client = {
    async *streamChat(_config: unknown, request: ChatRequest): AsyncGenerator<StreamEvent> {
      requests.push(structuredClone(request));
      if (requests.length === 1) {
        yield { type: 'toolCalls', calls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"src/config.ts"}' }], reasoningDetails: signature };
        yield { type: 'end', stats: { finishReason: 'tool_calls', totalMs: 1 } };
      } else {
        yield { type: 'content', text: 'It parses the config.' };
        yield { type: 'end', stats: { finishReason: 'stop', totalMs: 1 } };
      }
    },
  } as unknown as OpenRouterClient;
  const readFile: Tool = {
    definition: { type: 'function', function: { name: 'read_file', description: 'read', parameters: { type: 'object' } } },
    describe: () => 'Reading src/config.ts',
    run: async () => ({ summary: 'Read src/config.ts 1–2', content: 'src/config.ts lines 1–2 of 2\n1: export function parseConfig() {}' }),
  };
  const record = newAnswerRecord(3, { title: 'Chat' });
  const config = {
    baseUrl: 'http://127.0.0.1:9/api/v1',
    apiKey: 'sk-or-v1-unit',
    stallTimeoutMs: 5_000,
    appUrl: 'https://example.test',
    appTitle: 'Flashlight',
  };
  await streamAnswer({
    client,
    config,
    request: { model: 'google/gemini-3-flash-preview', messages: [{ role: 'user', content: 'q0' }] },
    record,
    signal: new AbortController().signal,
    post: () => undefined,
    frameMs: 1,
    tools: { list: [readFile], maxRounds: 8 },
  });
  assert.deepEqual(record.toolRounds, [
    { round: 1, calls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"src/config.ts"}' }], reasoningDetails: signature },
  ]);
  const live = requests[1].messages.slice(1); // the assistant turn with its calls, then the tool message
  const repeated = wire([userTurn('q0', [], []), assistantTurn(record), userTurn('q1', [], [])], 16_000);
  assert.equal(JSON.stringify(repeated.slice(1, 3)), JSON.stringify(live));
});
