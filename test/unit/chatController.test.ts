// The chat controller in plain Node: the real OpenRouter client against the fake server over
// loopback, the real conversation store on a temp folder (through a file system that fails on
// cue), and the messages the chat view would receive. Send, stop, retry, and what a failing or
// corrupt disk looks like to the user (issue 13 items 6 and 8).
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReasoningEffort } from '../../src/core/openrouter/reasoning';
import { ChatController } from '../../src/core/chat/chatController';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { newConversation, userTurn } from '../../src/core/chat/conversation';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ChatAssistantTurn, ChatStateView, ExtensionToWebview } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { FailingFileSystem } from '../fake-disk/failingFileSystem';

const key = 'sk-or-v1-unit-test-key-0123456789';
let server: FakeOpenRouter;
let root: string;
let chats: string;

before(async () => {
  server = await startFakeOpenRouter();
});
after(() => server.close());
beforeEach(() => {
  server.reset();
  root = mkdtempSync(join(tmpdir(), 'flashlight-controller-'));
  chats = join(root, 'chats');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

interface Harness {
  controller: ChatController;
  fs: FailingFileSystem;
  posted: ExtensionToWebview[];
  notices(): string[];
  lastState(): ChatStateView;
  lastHistory(): string[];
}

function harness(extraSettings: { reasoningEffort?: ReasoningEffort; modelParameters?: readonly string[] } = {}): Harness {
  const fs = new FailingFileSystem();
  const posted: ExtensionToWebview[] = [];
  let requestId = 0;
  const controller = new ChatController({
    client: new OpenRouterClient(),
    store: new ConversationStore(chats, { fs }),
    requestSettings: async () => ({
      config: { baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' },
      model: 'google/gemini-2.5-flash',
      fallbackModels: [],
      contextLength: 100_000,
      ...extraSettings,
    }),
    nextRequestId: () => ++requestId,
    post: (message) => void posted.push(message),
    log: () => undefined,
    imageData: () => undefined,
    keepImages: () => undefined,
    releaseImage: () => undefined,
  });
  const states = () => posted.filter((message): message is Extract<ExtensionToWebview, { type: 'chatState' }> => message.type === 'chatState');
  return {
    controller,
    fs,
    posted,
    notices: () => posted.flatMap((message) => (message.type === 'notice' ? [`${message.severity}: ${message.text}`] : [])),
    lastState: () => states().at(-1)!.chat,
    lastHistory: () =>
      states()
        .at(-1)!
        .history.map((entry) => entry.title),
  };
}

const answers = (state: ChatStateView) => state.turns.flatMap((turn) => (turn.role === 'assistant' ? [`${turn.answer.state}: ${turn.answer.text}`] : []));
const questions = (state: ChatStateView) => state.turns.flatMap((turn) => (turn.role === 'user' ? [turn.text] : []));
const chatRequests = () => server.requests.filter((request) => request.path.endsWith('/chat/completions'));

async function waitFor(condition: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('send: the question goes out, the answer streams in, the chat is saved and shown idle', async () => {
  server.enqueue({ text: 'Hello there, a streamed answer.', chunkSize: 5 });
  const { controller, posted, lastState, lastHistory, notices } = harness();
  await controller.send('What is x?', [], []);

  assert.equal(chatRequests().length, 1);
  assert.deepEqual(chatRequests()[0].body.messages.at(-1), { role: 'user', content: 'What is x?' });
  const deltas = posted.flatMap((message) => (message.type === 'delta' ? [message.text] : [])).join('');
  assert.equal(deltas, 'Hello there, a streamed answer.');
  assert.equal(lastState().busy, false);
  assert.deepEqual(questions(lastState()), ['What is x?']);
  assert.deepEqual(answers(lastState()), ['done: Hello there, a streamed answer.']);
  assert.deepEqual(lastHistory(), ['What is x?']);
  assert.deepEqual(notices(), []);
  const saved = await new ConversationStore(chats).load(lastState().id);
  assert.deepEqual(
    saved?.turns.map((turn) => (turn.role === 'user' ? turn.text : turn.answer.text)),
    ['What is x?', 'Hello there, a streamed answer.'],
  );
});

test('the chat sends the reasoning effort to a model that takes it, and none to a model not known', async () => {
  const thinking = harness({ reasoningEffort: 'minimal', modelParameters: ['reasoning', 'tools'] });
  await thinking.controller.send('Quick one?', [], []);
  assert.deepEqual(chatRequests().at(-1)?.body.reasoning, { effort: 'minimal' });
  const unknown = harness({ reasoningEffort: 'minimal', modelParameters: undefined });
  await unknown.controller.send('And again?', [], []);
  assert.equal('reasoning' in chatRequests().at(-1)!.body, false);
});

test('stop: the answer keeps what arrived, is saved as stopped, and the chat takes the next message', async () => {
  server.enqueue({ text: 'word '.repeat(400), chunkSize: 5, chunkDelayMs: 20 }, { text: 'second answer' });
  const { controller, posted, lastState } = harness();
  const sending = controller.send('long one', [], []);
  await waitFor(() => posted.some((message) => message.type === 'delta'));
  assert.equal(controller.busy, true);
  await controller.stop();
  await sending;
  assert.equal(controller.busy, false);
  const stopped = lastState().turns[1] as ChatAssistantTurn;
  assert.equal(stopped.answer.state, 'stopped');
  assert.ok(stopped.answer.text.length > 0 && stopped.answer.text.length < 2_000, `kept what arrived: ${stopped.answer.text.length} chars`);
  assert.equal(((await new ConversationStore(chats).load(lastState().id))?.turns[1] as ChatAssistantTurn).answer.state, 'stopped');

  await controller.send('next', [], []);
  assert.deepEqual(answers(lastState()).at(-1), 'done: second answer');
});

test('retry: an answer that failed is asked again and replaced', async () => {
  server.enqueue({ status: 402, errorMessage: 'This request requires more credits' }, { text: 'now it works' });
  const { controller, lastState } = harness();
  await controller.send('try me', [], []);
  const failed = lastState().turns[1] as ChatAssistantTurn;
  assert.equal(failed.answer.state, 'error');
  assert.equal(failed.answer.error?.kind, 'noCredits');

  await controller.retry(failed.id);
  assert.equal(chatRequests().length, 2);
  assert.deepEqual(chatRequests()[1].body.messages.at(-1), { role: 'user', content: 'try me' });
  assert.deepEqual(questions(lastState()), ['try me']);
  assert.deepEqual(answers(lastState()), ['done: now it works']);
});

test('a full disk (ENOSPC) on every save of an answer: told in the chat, the chat stays, the next message works and is saved', async () => {
  server.enqueue({ text: 'first answer' }, { text: 'second answer' });
  const { controller, fs, lastState, notices } = harness();
  fs.fail({ operation: 'writeFile', code: 'ENOSPC', path: /[0-9a-f-]{36}\.json\./, times: 2 });
  await controller.send('one', [], []);

  assert.equal(controller.busy, false, 'not stuck busy');
  assert.equal(lastState().busy, false);
  assert.deepEqual(answers(lastState()), ['done: first answer'], 'the answer is shown and kept in memory');
  assert.deepEqual(notices(), [
    'error: Flashlight could not save this chat: the disk is full (ENOSPC). It stays open here, and the next message tries to save it again.',
    'error: Flashlight could not save this chat: the disk is full (ENOSPC). It stays open here, and the next message tries to save it again.',
  ]);

  await controller.send('two', [], []);
  assert.equal(chatRequests().length, 2, 'the second message was sent');
  assert.deepEqual(answers(lastState()), ['done: first answer', 'done: second answer']);
  const saved = await new ConversationStore(chats).load(lastState().id);
  assert.equal(saved?.turns.length, 4, 'the whole conversation reached the disk once it could');
  assert.equal(notices().length, 2, 'no notice for the saves that worked');
});

for (const [code, reason] of [
  ['EACCES', 'permission was denied (EACCES)'],
  ['EBUSY', 'the file is locked by another program (EBUSY)'],
  ['EISDIR', 'a folder is in the way of the file (EISDIR)'],
] as const) {
  test(`a save that fails with ${code} before the answer: the answer still streams, new chat and open still work`, async () => {
    server.enqueue({ text: 'answered anyway' });
    const { controller, fs, lastState, notices } = harness();
    const earlier = newConversation();
    earlier.title = 'earlier chat';
    earlier.turns.push(userTurn('old', [], []));
    await new ConversationStore(chats).save(earlier);
    fs.fail({ operation: code === 'EACCES' ? 'writeFile' : 'rename', code, path: /[0-9a-f-]{36}\.json(\.[^/]*\.tmp)?$/ });

    await controller.newChat();
    await controller.send('q', [], []);
    assert.deepEqual(answers(lastState()), ['done: answered anyway']);
    assert.equal(notices().length, 1);
    assert.match(notices()[0], new RegExp(`could not save this chat: ${reason.replace(/[()]/g, '\\$&')}`));

    const current = lastState().id;
    await controller.newChat();
    assert.notEqual(lastState().id, current, 'new chat works');
    await controller.open(earlier.id);
    assert.equal(lastState().id, earlier.id, 'open works');
    await controller.open(current);
    assert.equal(lastState().id, current, 'the chat whose first save failed was saved at the end of its answer');
  });
}

test('on a real disk: a folder where the open chat is saved (EISDIR) does not leave the chat busy; send, new chat and open still work', async () => {
  server.enqueue({ text: 'answer kept in memory' }, { text: 'another chat answered' });
  const earlier = newConversation(1_000);
  earlier.title = 'blocked chat';
  earlier.turns.push(userTurn('old question', [], []));
  const other = newConversation(500);
  other.title = 'other chat';
  await new ConversationStore(chats).save(earlier);
  await new ConversationStore(chats).save(other);
  const { controller, lastState, notices } = harness();
  await controller.open(earlier.id);
  rmSync(join(chats, `${earlier.id}.json`));
  mkdirSync(join(chats, `${earlier.id}.json`)); // every save of this chat now fails with EISDIR

  await controller.send('new question', [], []);
  assert.equal(controller.busy, false, 'not stuck busy');
  assert.deepEqual(questions(lastState()), ['old question', 'new question']);
  assert.deepEqual(answers(lastState()), ['done: answer kept in memory']);
  assert.ok(
    notices().length >= 1 && notices().every((notice) => /could not save this chat: a folder is in the way of the file \(EISDIR\)/.test(notice)),
    JSON.stringify(notices()),
  );

  await controller.open(other.id);
  assert.equal(lastState().id, other.id, 'open works');
  await controller.send('hello', [], []);
  assert.deepEqual(answers(lastState()), ['done: another chat answered'], 'send works');
  await controller.newChat();
  assert.deepEqual(lastState().turns, [], 'new chat works');
});

test('a delete that fails is told; the chat stays in the list', async () => {
  const { controller, fs, lastHistory, notices } = harness();
  const kept = newConversation();
  kept.title = 'kept';
  await new ConversationStore(chats).save(kept);
  fs.fail({ operation: 'remove', code: 'EACCES', path: /[0-9a-f-]{36}\.json$/ });
  await controller.delete(kept.id);
  assert.deepEqual(notices(), ['error: Flashlight could not delete that chat: permission was denied (EACCES).']);
  assert.deepEqual(lastHistory(), ['kept']);
});

test('the latest chat torn on disk: told once at startup, the other chats listed, a new chat shown', async () => {
  const store = new ConversationStore(chats);
  const older = newConversation(1_000);
  older.title = 'older';
  older.turns.push(userTurn('old', [], []));
  const latest = newConversation(2_000);
  latest.title = 'latest';
  await store.save(older);
  await store.save(latest);
  writeFileSync(join(chats, `${latest.id}.json`), '{"id":"');

  const { controller, lastState, lastHistory, notices } = harness();
  await controller.postState();
  await controller.postState();
  assert.equal(notices().length, 1, JSON.stringify(notices()));
  assert.match(notices()[0], /^warning: A saved chat could not be read and was set aside as .*\.corrupt-\d+; your other chats are unaffected\.$/);
  assert.deepEqual(lastHistory(), ['older']);
  assert.notEqual(lastState().id, latest.id);
  await controller.open(older.id);
  assert.deepEqual(questions(lastState()), ['old']);
});

test('a chat with fields of the wrong types opens with what is readable and takes a follow-up', async () => {
  server.enqueue({ text: 'follow-up answer' });
  const conversation = newConversation();
  const file = join(chats, `${conversation.id}.json`);
  await new ConversationStore(chats).save(conversation);
  const hostile = {
    ...JSON.parse(readFileSync(file, 'utf8')),
    title: 7,
    turns: [
      {
        id: 'u1',
        role: 'user',
        text: 'first',
        contexts: [{ id: 'c', kind: 'selection', label: 'a.ts', fileName: 'a.ts', languageId: 'typescript', code: { evil: true } }],
        images: null,
      },
      { id: 'a1', role: 'assistant', answer: { requestId: 1, question: { title: 'Chat' }, reasoning: 5, text: 'an answer', state: 'done', error: 'x' } },
      { id: 'u2', role: 'user', text: ['not', 'text'], contexts: [], images: [] },
    ],
  };
  writeFileSync(file, JSON.stringify(hostile));

  const { controller, lastState, notices } = harness();
  await controller.open(conversation.id);
  assert.deepEqual(questions(lastState()), ['first']);
  assert.deepEqual(answers(lastState()), ['done: an answer']);
  assert.equal(notices().length, 1);
  assert.match(notices()[0], /Parts of a saved chat \("New chat"\) could not be read and were left out/);

  await controller.send('and then?', [], []);
  assert.deepEqual(
    chatRequests()[0].body.messages.filter((message: { role: string }) => message.role !== 'system'),
    [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: 'and then?' },
    ],
  );
});

test('opening a chat another window deleted says so and drops it from the list', async () => {
  const { controller, lastHistory, notices } = harness();
  const gone = newConversation();
  gone.title = 'gone';
  const other = new ConversationStore(chats);
  await other.save(gone);
  await controller.postState();
  assert.deepEqual(lastHistory(), ['gone']);
  await other.delete(gone.id);
  await controller.open(gone.id);
  assert.deepEqual(notices(), ['info: That chat is no longer saved; it may have been deleted in another window.']);
  assert.deepEqual(lastHistory(), []);
});

test('a burst of 30 sends (a compromised webview, a key held down) reaches the wire once: the newest message, answered', async () => {
  const { controller, lastState } = harness();
  const sends = Array.from({ length: 30 }, (_, index) => controller.send(`question ${index}`, [], []));
  await Promise.all(sends);
  assert.equal(chatRequests().length, 1, 'one request, not one per send');
  assert.deepEqual(chatRequests()[0].body.messages.at(-1), { role: 'user', content: 'question 29' });
  const turns = lastState().turns;
  assert.deepEqual(
    turns.map((turn) => turn.role),
    ['user', 'assistant'],
  );
  assert.equal((turns[1] as ChatAssistantTurn).answer.state, 'done');
});

test('opening a chat and then starting a new one: the new chat stays, the older open gives way', async () => {
  const { controller, lastState } = harness();
  await controller.send('first chat', [], []);
  const firstId = lastState().id;
  await controller.newChat();
  const opening = controller.open(firstId);
  const starting = controller.newChat();
  await Promise.all([opening, starting]);
  assert.notEqual(lastState().id, firstId, 'the chat started last is shown');
  assert.equal(lastState().turns.length, 0);
});
