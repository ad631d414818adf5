// Issue 13 item 6: a failed write fails alone. Each save that meets a full disk, a denied
// permission, a folder in the way or a locked file rejects with a reason a person can read; the
// saves, loads and deletes after it work; nothing half-written is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatDiskError, ConversationStore } from '../../src/core/chat/conversationStore';
import { newConversation, userTurn, type Conversation } from '../../src/core/chat/conversation';
import { FailingFileSystem, type Failure } from '../fake-disk/failingFileSystem';

function withFolder(run: (chats: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const root = mkdtempSync(join(tmpdir(), 'flashlight-store-fail-'));
    try {
      await run(join(root, 'chats'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

function chat(title: string): Conversation {
  const conversation = newConversation();
  conversation.title = title;
  conversation.turns.push(userTurn(`question for ${title}`, [], []));
  return conversation;
}

const cases: { name: string; failure: Failure; reason: RegExp }[] = [
  { name: 'a full disk (ENOSPC) while writing', failure: { operation: 'writeFile', code: 'ENOSPC' }, reason: /disk is full \(ENOSPC\)/ },
  { name: 'a denied permission (EACCES) while writing', failure: { operation: 'writeFile', code: 'EACCES' }, reason: /permission was denied \(EACCES\)/ },
  { name: 'a folder in the way (EISDIR) at the rename', failure: { operation: 'rename', code: 'EISDIR' }, reason: /folder is in the way .*\(EISDIR\)/ },
  { name: 'a locked file (EBUSY) at the rename', failure: { operation: 'rename', code: 'EBUSY' }, reason: /locked by another program \(EBUSY\)/ },
];

for (const { name, failure, reason } of cases) {
  test(
    `${name}: that save rejects with the reason, the next ones work, nothing half-written stays`,
    withFolder(async (chats) => {
      const fs = new FailingFileSystem();
      const store = new ConversationStore(chats, { fs });
      const first = chat('first');
      await store.save(first);

      fs.fail({ ...failure, path: /[0-9a-f-]{36}\.json(\.[^/]*\.tmp)?$/ });
      const second = chat('second');
      await assert.rejects(store.save(second), (error: unknown) => {
        assert.ok(error instanceof ChatDiskError, `a ChatDiskError, got ${String(error)}`);
        assert.equal(error.code, failure.code);
        assert.match(error.message, reason);
        return true;
      });
      assert.deepEqual(
        readdirSync(chats).filter((file) => file.endsWith('.tmp')),
        [],
        'the failed write left no temp file',
      );

      // The same conversation saved again (the controller keeps it in memory) now reaches the disk.
      second.turns.push(userTurn('and again', [], []));
      await store.save(second);
      assert.equal((await store.load(second.id))?.turns.length, 2);
      assert.equal((await store.load(first.id))?.title, 'first');
      await store.delete(first.id);
      assert.deepEqual(
        (await store.list()).map((entry) => entry.title),
        ['second'],
      );
      assert.deepEqual(
        (await new ConversationStore(chats).list()).map((entry) => entry.title),
        ['second'],
        'a fresh store (a reload) reads the same',
      );
    }),
  );
}

test(
  'a delete that fails (EACCES) rejects alone: the chat stays listed and a later delete works',
  withFolder(async (chats) => {
    const fs = new FailingFileSystem();
    const store = new ConversationStore(chats, { fs });
    const conversation = chat('kept');
    await store.save(conversation);
    fs.fail({ operation: 'remove', code: 'EACCES', path: /[0-9a-f-]{36}\.json$/ });
    await assert.rejects(
      store.delete(conversation.id),
      (error: unknown) => error instanceof ChatDiskError && error.action === 'delete' && /permission was denied/.test(error.message),
    );
    assert.deepEqual(
      (await store.list()).map((entry) => entry.title),
      ['kept'],
    );
    await store.delete(conversation.id);
    assert.deepEqual(await store.list(), []);
  }),
);

test(
  'a failing index write alone does not fail the save: the chat is on disk and listed',
  withFolder(async (chats) => {
    const fs = new FailingFileSystem();
    const store = new ConversationStore(chats, { fs });
    fs.fail({ operation: 'rename', code: 'ENOSPC', path: /index\.json$/ });
    const conversation = chat('on disk');
    await store.save(conversation);
    assert.deepEqual(
      (await new ConversationStore(chats).list()).map((entry) => entry.title),
      ['on disk'],
    );
  }),
);

test(
  'on a real disk: a folder where the chat file goes (EISDIR) fails that save only',
  withFolder(async (chats) => {
    const store = new ConversationStore(chats);
    const blocked = chat('blocked');
    mkdirSync(join(chats, `${blocked.id}.json`), { recursive: true });
    const failed: unknown = await store.save(blocked).then(
      () => undefined,
      (error: unknown) => error,
    );

    const other = chat('other');
    await store.save(other); // the write after a failed one reaches the disk
    assert.ok(failed instanceof ChatDiskError && /folder is in the way/.test(failed.message), `the blocked save failed with a reason: ${String(failed)}`);
    assert.equal((await store.load(other.id))?.title, 'other');
    assert.deepEqual(
      (await store.list()).map((entry) => entry.title),
      ['other'],
    );
    assert.deepEqual(
      readdirSync(chats).filter((file) => file.endsWith('.tmp')),
      [],
    );

    rmSync(join(chats, `${blocked.id}.json`), { recursive: true });
    await store.save(blocked);
    assert.deepEqual((await store.list()).map((entry) => entry.title).sort(), ['blocked', 'other']);
  }),
);
