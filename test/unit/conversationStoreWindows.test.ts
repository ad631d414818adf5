// Issue 13 item 7: two windows share one chats folder (each window's extension host has its own
// store). Saves and deletes interleave; each window's list must show every chat that exists and
// none that was deleted, whichever window did it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { newConversation, userTurn, type Conversation } from '../../src/core/chat/conversation';

function chat(title: string, at: number): Conversation {
  const conversation = newConversation(at);
  conversation.title = title;
  conversation.turns.push(userTurn(title, [], []));
  return conversation;
}

const titles = async (store: ConversationStore) => (await store.list()).map((entry) => entry.title).sort();

test('two stores on one folder: interleaved saves and deletes leave both lists right', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flashlight-windows-'));
  try {
    const folder = join(root, 'chats');
    const left = new ConversationStore(folder);
    const right = new ConversationStore(folder);
    // Both windows have read the (empty) list once, as each does when its chat view opens.
    assert.deepEqual(await left.list(), []);
    assert.deepEqual(await right.list(), []);

    const a = chat('A from left', 1_000);
    const b = chat('B from right', 2_000);
    const c = chat('C from left', 3_000);
    await left.save(a);
    await right.save(b);
    assert.deepEqual(await titles(left), ['A from left', 'B from right'], "left sees right's chat");
    assert.deepEqual(await titles(right), ['A from left', 'B from right'], "right's save kept left's chat");

    await left.save(c);
    await right.delete(a.id);
    assert.deepEqual(await titles(left), ['B from right', 'C from left'], 'a delete in right is seen in left');

    // Left saves again (another chat): the chat right deleted must not come back.
    c.turns.push(userTurn('follow-up', [], []));
    c.updatedAt = 4_000;
    await left.save(c);
    assert.deepEqual(await titles(right), ['B from right', 'C from left'], 'deleted stays deleted');
    assert.deepEqual(await titles(left), ['B from right', 'C from left']);
    assert.equal(await left.load(a.id), undefined);

    // Saves from both at once (two processes racing on index.json): nothing vanishes.
    const d = chat('D from right', 5_000);
    const e = chat('E from left', 6_000);
    await Promise.all([right.save(d), left.save(e), left.delete(b.id)]);
    const expected = ['C from left', 'D from right', 'E from left'];
    assert.deepEqual(await titles(left), expected);
    assert.deepEqual(await titles(right), expected);
    assert.deepEqual(await titles(new ConversationStore(folder)), expected, 'and a third window, opened now');
    assert.deepEqual(
      (await right.list()).map((entry) => entry.turnCount),
      [1, 1, 2],
      'newest first, with the turn counts saved',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
