import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHistory } from '../../src/core/chat/history';
import { assistantTurn, completeTurns, titleFrom, userTurn } from '../../src/core/chat/conversation';
import { newAnswerRecord } from '../../src/core/chat/streamAnswer';
import type { ChatTurn } from '../../src/protocol';

function answer(text: string, state: 'done' | 'streaming' | 'stopped' = 'done') {
  const record = newAnswerRecord(1, { title: 'Chat' });
  record.text = text;
  record.state = state;
  return assistantTurn(record);
}

test('all turns go when they fit, in order, after the system prompt', () => {
  const turns: ChatTurn[] = [userTurn('q0', [], []), answer('a0'), userTurn('q1', [], [])];
  const built = buildHistory(turns, 100_000, 1_000);
  assert.deepEqual(built.messages.map((message) => [message.role, message.content]).slice(1), [
    ['user', 'q0'],
    ['assistant', 'a0'],
    ['user', 'q1'],
  ]);
  assert.equal(built.trimmedTurns, 0);
});

test('the oldest turns are dropped first to fit the window, and counted', () => {
  const long = 'x'.repeat(4_000);
  const turns: ChatTurn[] = [
    userTurn('q0', [], []),
    answer(`a0 ${long}`),
    userTurn('q1', [], []),
    answer(`a1 ${long}`),
    userTurn('q2', [], []),
    answer(`a2 ${long}`),
    userTurn('q3', [], []),
  ];
  const built = buildHistory(turns, 3_000, 500);
  const contents = built.messages.map((message) => String(message.content).slice(0, 2));
  assert.equal(contents[0], 'Yo', 'system prompt first');
  assert.equal(contents.at(-1), 'q3');
  assert.ok(!contents.includes('q0'));
  assert.ok(built.trimmedTurns >= 2, `trimmed ${built.trimmedTurns}`);
  assert.equal(built.messages[1].role, 'user', 'a trimmed history never starts with an answer');
});

test('attached code is fenced before the question', () => {
  const chip = {
    id: 'c',
    kind: 'selection' as const,
    label: 'a.ts:2',
    fileName: 'src/a.ts',
    languageId: 'typescript',
    code: 'let x = 1;',
    startLine: 2,
    endLine: 2,
  };
  const built = buildHistory([userTurn('Why?', [chip], [])], 100_000, 1_000);
  assert.equal(built.messages[1].content, 'From src/a.ts line 2:\n```typescript\nlet x = 1;\n```\n\nWhy?');
});

test('an unanswered question followed by another is merged so roles alternate', () => {
  const built = buildHistory([userTurn('first', [], []), userTurn('second', [], [])], 100_000, 1_000);
  assert.deepEqual(
    built.messages.slice(1).map((message) => message.content),
    ['first\n\nsecond'],
  );
});

test('an answer still streaming is not a complete message and is not kept on reload', () => {
  const turns: ChatTurn[] = [userTurn('q', [], []), answer('half', 'streaming')];
  assert.deepEqual(
    completeTurns(turns).map((turn) => turn.role),
    ['user'],
  );
  assert.equal(completeTurns([userTurn('q', [], []), answer('half', 'stopped')]).length, 2);
});

test('titles come from the first question, on one line', () => {
  assert.equal(titleFrom('  What is\n a closure? '), 'What is a closure?');
  assert.equal(titleFrom('y'.repeat(100)).length, 60);
});

test('a new store saves, lists and loads a conversation (the first save builds the index)', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { ConversationStore } = await import('../../src/core/chat/conversationStore');
  const { newConversation } = await import('../../src/core/chat/conversation');
  const directory = mkdtempSync(join(tmpdir(), 'flashlight-store-'));
  try {
    const store = new ConversationStore(join(directory, 'chats'));
    const conversation = newConversation();
    conversation.turns.push(userTurn('q', [], []), answer('a'));
    await store.save(conversation);
    const saved = store.save({ ...conversation, title: 'renamed' });
    const loaded = await new ConversationStore(join(directory, 'chats')).load(conversation.id);
    assert.equal(loaded?.turns.length, 2);
    await saved;
    assert.equal((await store.load(conversation.id))?.title, 'renamed', 'a load waits for the save in flight');
    assert.deepEqual(
      (await new ConversationStore(join(directory, 'chats')).list()).map((entry) => entry.title),
      ['renamed'],
    );
    await store.delete(conversation.id);
    assert.equal(await store.load(conversation.id), undefined);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
