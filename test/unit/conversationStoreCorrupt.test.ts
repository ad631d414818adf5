// Issue 13 item 8 (corrupt files) and item 9's leftover temp files: what the store finds on disk
// is not trusted. An unreadable file is moved aside as NAME.corrupt-<time> and the user told
// once; every other chat stays listed and opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { newConversation, userTurn, type Conversation } from '../../src/core/chat/conversation';

const now = 1_750_000_000_000;

async function inFolder(run: (chats: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'flashlight-corrupt-'));
  try {
    await run(join(root, 'chats'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function chat(title: string): Conversation {
  const conversation = newConversation();
  conversation.title = title;
  conversation.turns.push(userTurn(title, [], []));
  return conversation;
}

function storeTelling(chats: string, options: ConstructorParameters<typeof ConversationStore>[1] = {}): { store: ConversationStore; told: string[] } {
  const store = new ConversationStore(chats, { now: () => now, ...options });
  const told: string[] = [];
  store.onProblem((text) => told.push(text));
  return { store, told };
}

test('an index.json of the wrong shape ({}) is set aside, told once, and the list rebuilt from the chats', async () => {
  await inFolder(async (chats) => {
    const one = chat('one');
    const two = chat('two');
    await new ConversationStore(chats).save(one);
    await new ConversationStore(chats).save(two);
    writeFileSync(join(chats, 'index.json'), '{}');

    const { store, told } = storeTelling(chats);
    assert.deepEqual((await store.list()).map((entry) => entry.title).sort(), ['one', 'two']);
    assert.deepEqual((await store.list()).map((entry) => entry.title).sort(), ['one', 'two'], 'and again');
    assert.equal(readFileSync(join(chats, `index.json.corrupt-${now}`), 'utf8'), '{}', 'the bad index is kept aside');
    assert.equal(told.length, 1, `told once: ${JSON.stringify(told)}`);
    assert.match(told[0], /list of saved chats could not be read; it was set aside as index\.json\.corrupt-/);
    assert.equal((await store.load(one.id))?.title, 'one');
  });
});

test('an index.json of entries with wrong field types keeps only the chats that exist, each opening', async () => {
  await inFolder(async (chats) => {
    const one = chat('one');
    await new ConversationStore(chats).save(one);
    writeFileSync(join(chats, 'index.json'), JSON.stringify([{ id: 42 }, { id: one.id, title: { bold: true }, updatedAt: 'soon', turnCount: [] }, null]));
    const { store } = storeTelling(chats);
    assert.deepEqual(await store.list(), [{ id: one.id, title: 'one', updatedAt: one.updatedAt, turnCount: 1 }]);
  });
});

test('a truncated chat file, once opened, is set aside, told once, and leaves the list; the other chats open', async () => {
  await inFolder(async (chats) => {
    const kept = chat('kept');
    const torn = chat('torn');
    const writer = new ConversationStore(chats);
    await writer.save(kept);
    await writer.save(torn);
    const file = join(chats, `${torn.id}.json`);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length >> 1));

    // The list comes from the index (it never reads every chat), so the torn chat is found when
    // it is opened: it is then set aside and told, and the list no longer offers it.
    const { store, told } = storeTelling(chats);
    assert.equal(await store.load(torn.id), undefined);
    assert.deepEqual(
      (await store.list()).map((entry) => entry.title),
      ['kept'],
      'no entry that opens nothing',
    );
    assert.equal((await store.load(kept.id))?.title, 'kept');
    assert.equal(readFileSync(join(chats, `${torn.id}.json.corrupt-${now}`), 'utf8'), text.slice(0, text.length >> 1), 'the torn bytes are kept');
    assert.equal(existsSync(file), false);
    assert.equal(told.length, 1, `told once: ${JSON.stringify(told)}`);
    assert.match(told[0], /A saved chat could not be read and was set aside as [0-9a-f-]{36}\.json\.corrupt-\d+; your other chats are unaffected\./);
    assert.deepEqual(
      (await new ConversationStore(chats).list()).map((entry) => entry.title),
      ['kept'],
      'and after a reload',
    );
  });
});

test('a chat file with wrong field types opens with what is readable; its original is kept aside, told once', async () => {
  await inFolder(async (chats) => {
    const conversation = chat('mixed');
    await new ConversationStore(chats).save(conversation);
    const file = join(chats, `${conversation.id}.json`);
    const good = JSON.parse(readFileSync(file, 'utf8'));
    const answer = { requestId: 3, question: { title: 'Chat' }, reasoning: '', text: 'an answer', state: 'done', stats: { cost: 'free', model: 'm' } };
    const hostile = {
      ...good,
      turns: [
        good.turns[0],
        { id: 'x', role: 'assistant', answer },
        { id: 'y', role: 'user', text: 42, contexts: [], images: [] },
        {
          id: 'z',
          role: 'user',
          text: 'ok',
          contexts: 'nope',
          images: [{ id: 'i', name: 'n', mimeType: 'image/png', thumbnail: 'javascript:alert(1)', bytes: 3 }],
        },
        'not a turn',
      ],
    };
    const original = JSON.stringify(hostile);
    writeFileSync(file, original);

    const { store, told } = storeTelling(chats);
    const loaded = await store.load(conversation.id);
    assert.deepEqual(
      loaded?.turns.map((turn) => turn.id),
      [good.turns[0].id, 'x', 'z'],
      'turns missing required fields are dropped, the rest kept',
    );
    const [, assistant, user] = loaded.turns;
    assert.deepEqual(assistant?.role === 'assistant' && assistant.answer.stats, { model: 'm' }, 'a cost that is not a number is dropped');
    assert.ok(user?.role === 'user');
    assert.deepEqual(user.contexts, []);
    assert.equal(user.images[0]?.thumbnail, '', 'only an image data URL may be a thumbnail');

    await store.save(chat('later')); // after the repair queued behind the load
    assert.equal(readFileSync(join(chats, `${conversation.id}.json.corrupt-${now}`), 'utf8'), original, 'the original is kept');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).turns.length, 3, 'the repaired chat is written in its place');
    await store.load(conversation.id);
    assert.equal(told.length, 1, `told once: ${JSON.stringify(told)}`);
    assert.match(told[0], /Parts of a saved chat \("mixed"\) could not be read and were left out; the original was kept as/);
  });
});

test('a chat file that is JSON but not a conversation (an array, a number) is set aside', async () => {
  await inFolder(async (chats) => {
    const kept = chat('kept');
    const writer = new ConversationStore(chats);
    await writer.save(kept);
    const a = newConversation().id;
    const b = newConversation().id;
    writeFileSync(join(chats, `${a}.json`), '[1,2]');
    writeFileSync(join(chats, `${b}.json`), JSON.stringify({ id: b, title: 't', turns: 'none' }));
    const { store, told } = storeTelling(chats);
    assert.deepEqual(
      (await store.list()).map((entry) => entry.title),
      ['kept'],
    );
    assert.equal(told.length, 2, 'one notice per file');
    assert.deepEqual(
      readdirSync(chats)
        .filter((name) => name.includes('.corrupt-'))
        .sort(),
      [`${a}.json.corrupt-${now}`, `${b}.json.corrupt-${now}`].sort(),
    );
  });
});

test('leftover temp files from a crash mid-write are removed at the first list; a live writer keeps its own', async () => {
  await inFolder(async (chats) => {
    const kept = chat('kept');
    await new ConversationStore(chats).save(kept);
    const livePid = 4242;
    const deadOld = `${kept.id}.json.31337.tmp`; // the older naming, pid only
    const deadNew = 'index.json.31338-0a1b2c3d.tmp';
    const liveRecent = `index.json.${livePid}-deadbeef.tmp`;
    const liveAncient = `${kept.id}.json.${livePid}-feedf00d.tmp`;
    for (const name of [deadOld, deadNew, liveRecent, liveAncient]) writeFileSync(join(chats, name), '{"half":');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(chats, liveAncient), hourAgo, hourAgo);

    const store = new ConversationStore(chats, { processAlive: (pid) => pid === livePid });
    assert.deepEqual(
      (await store.list()).map((entry) => entry.title),
      ['kept'],
    );
    assert.deepEqual(
      readdirSync(chats).filter((name) => name.endsWith('.tmp')),
      [liveRecent],
      'only the temp file of a writer still running, written just now',
    );
  });
});

test('leftover temp files are also removed when the first thing a store does is a write', async () => {
  await inFolder(async (chats) => {
    await new ConversationStore(chats).save(chat('first'));
    writeFileSync(join(chats, 'index.json.31337.tmp'), '[');
    await new ConversationStore(chats, { processAlive: () => false }).save(chat('second'));
    assert.deepEqual(
      readdirSync(chats).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });
});
