// Prompts the cache can reuse (issue 19, item 3): across a 10-turn chat, built by the real chat
// controller and history builder and measured on the fake's wire, each request's messages are a
// byte-identical prefix of the next one's (system prompt first, earlier turns unchanged, the new
// turn last); the fake reports the shared prefix as cached tokens, and the footer shows them.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../src/core/chat/chatController';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ContextChip, ExtensionToWebview } from '../../src/protocol';
import { formatStats } from '../../src/webview/formatStats';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const key = 'sk-or-v1-prefix-test-0123456789';
const cacheMinTokens = 1_024;
let server: FakeOpenRouter;
let root: string;

before(async () => {
  server = await startFakeOpenRouter({ cacheMinTokens });
});
after(() => server.close());
beforeEach(() => {
  server.reset();
  root = mkdtempSync(join(tmpdir(), 'flashlight-prefix-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const chatBodies = () =>
  server.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => request.body as { messages: unknown[] });
/** The messages as they cross the wire, one after another (the array's closing bracket left out: it is not part of any message). */
const serialized = (messages: unknown[]) => messages.map((message) => JSON.stringify(message)).join(',');

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function chat(posted: ExtensionToWebview[]): ChatController {
  let requestId = 0;
  return new ChatController({
    client: new OpenRouterClient(),
    store: new ConversationStore(join(root, 'chats')),
    requestSettings: async () => ({
      config: { baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' },
      model: 'google/gemini-2.5-flash',
      fallbackModels: [],
      contextLength: 1_000_000,
    }),
    nextRequestId: () => ++requestId,
    post: (message) => void posted.push(message),
    log: () => undefined,
    imageData: () => undefined,
    keepImages: () => undefined,
    releaseImage: () => undefined,
  });
}

test('a 10-turn chat: every follow-up repeats the whole previous request byte for byte, and only adds the new turn', async () => {
  const posted: ExtensionToWebview[] = [];
  const controller = chat(posted);
  // Enough code in the first question that the shared prefix passes the cache's minimum.
  const code = Array.from({ length: 200 }, (_, i) => `export const value${i} = compute(${i}, 'unicode ✓ "quoted"');`).join('\n');
  const chip: ContextChip = { id: 'ctx-1', kind: 'file', label: 'values.ts', fileName: 'src/values.ts', languageId: 'typescript', code };
  controller.addAttachments([chip]);
  for (let turn = 1; turn <= 10; turn++) {
    server.enqueue({ text: `Answer ${turn}: it is computed once; see \`value${turn}\`.\n\n\`\`\`ts\nconst x${turn} = ${turn};\n\`\`\`\n`, chunkSize: 7 });
    await controller.send(`Question ${turn}: what does value${turn} hold?`, turn === 1 ? [chip.id] : [], []);
  }
  const state = [...posted].reverse().find((message): message is Extract<ExtensionToWebview, { type: 'chatState' }> => message.type === 'chatState')!.chat;
  assert.deepEqual(
    state.turns.map((turn) => (turn.role === 'assistant' ? turn.answer.state : 'user')),
    Array.from({ length: 20 }, (_, i) => (i % 2 ? 'done' : 'user')),
  );

  const bodies = chatBodies();
  assert.equal(bodies.length, 10);
  const figures: string[] = [];
  for (let i = 0; i + 1 < bodies.length; i++) {
    const now = serialized(bodies[i].messages);
    const next = serialized(bodies[i + 1].messages);
    const shared = commonPrefix(now, next);
    figures.push(
      `${i + 2}: ${((100 * shared) / now.length).toFixed(1)}% of request ${i + 1} is its prefix (${((100 * shared) / next.length).toFixed(1)}% of it)`,
    );
    assert.equal(shared, now.length, `request ${i + 2} starts with all of request ${i + 1}`);
    assert.equal(bodies[i + 1].messages.length, bodies[i].messages.length + 2, 'and adds only the answer and the new question');
    assert.equal(next.slice(shared, shared + 1), ',', 'the previous request ends at a message boundary');
  }
  console.log(`prefix shared by each follow-up of a 10-turn chat:\n  ${figures.join('\n  ')}`);
  assert.deepEqual((bodies[0].messages[0] as { role: string }).role, 'system', 'the system prompt comes first');

  // What the cache made of it: the footer of each follow-up names the cached tokens.
  const footers = posted.flatMap((message) => (message.type === 'done' ? [formatStats(message.stats)] : []));
  assert.equal(footers.length, 10);
  assert.doesNotMatch(footers[0], /cached/, 'the first request has nothing cached');
  for (const footer of footers.slice(1)) assert.match(footer, / \d+ in \(\d+ cached\) · /);
});

test('the fake reports cached tokens only for a prefix of at least its minimum, and the footer renders them', async () => {
  const client = new OpenRouterClient();
  const config = { baseUrl: server.baseUrl, apiKey: key, stallTimeoutMs: 5_000, appUrl: 'https://example.test/app', appTitle: 'Flashlight' };
  const cachedOf = async (messages: Array<{ role: 'system' | 'user'; content: string }>) => {
    for await (const event of client.streamChat(config, { model: 'google/gemini-2.5-flash', messages }))
      if (event.type === 'end') return event.stats.usage?.cachedTokens;
    return undefined;
  };
  const long = 'x'.repeat(cacheMinTokens * 4 + 400);
  const short = 'y'.repeat(cacheMinTokens * 2);
  assert.equal(
    await cachedOf([
      { role: 'system', content: long },
      { role: 'user', content: 'one' },
    ]),
    0,
    'nothing earlier to match',
  );
  const cached = await cachedOf([
    { role: 'system', content: long },
    { role: 'user', content: 'two' },
  ]);
  assert.ok(cached! >= cacheMinTokens && cached! <= (long.length + 60) / 4, `the shared system prompt is cached: ${cached}`);
  await cachedOf([
    { role: 'system', content: short },
    { role: 'user', content: 'three' },
  ]);
  assert.equal(
    await cachedOf([
      { role: 'system', content: short },
      { role: 'user', content: 'four' },
    ]),
    0,
    'a prefix below the minimum is not cached',
  );
  server.enqueue({ usage: { cached_tokens: 7 } });
  assert.equal(await cachedOf([{ role: 'user', content: 'scripted' }]), 7, "a scenario's cached_tokens wins");

  assert.equal(
    formatStats({ promptTokens: 5000, completionTokens: 300, cachedTokens: 4096, reasoningTokens: 120 }),
    '5000 in (4096 cached) · 300 out (120 thinking)',
  );
  assert.equal(formatStats({ promptTokens: 50, completionTokens: 3, cachedTokens: 0 }), '50 in · 3 out', 'no "0 cached"');
});
