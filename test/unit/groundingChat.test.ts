// The chat's gathered context: chips beside the code's own chip, sent with it (just before it)
// unless the user removed them first. The real controller and client against the fake server.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../src/core/chat/chatController';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { Candidate } from '../../src/core/grounding/candidates';
import { buildGrounding, groundingChips, withContextChips } from '../../src/core/grounding/grounding';
import type { ContextChip } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let server: FakeOpenRouter;
before(async () => {
  server = await startFakeOpenRouter();
});
after(() => server.close());
beforeEach(() => server.reset());

const selectionChip: ContextChip = {
  id: 'sel-1',
  kind: 'selection',
  label: 'load.ts:5–6',
  fileName: 'src/load.ts',
  languageId: 'typescript',
  code: 'const cfg = parseConfig(raw);\nreturn merge(cfg, defaults);',
  startLine: 5,
  endLine: 6,
};
const definition = (symbol: string, file: string, firstUse: number): Candidate => ({
  kind: 'definition',
  symbol,
  firstUse,
  called: true,
  span: { uri: `file:///ws/${file}`, file, startLine: 0, endLine: 2 },
  text: `export function ${symbol}() {\n  return 1;\n}`,
  languageId: 'typescript',
});
const grounding = buildGrounding([definition('parseConfig', 'src/config.ts', 12), definition('merge', 'src/merge.ts', 33)], {
  selection: { uri: 'file:///ws/src/load.ts', startLine: 4, endLine: 5 },
  maxTokens: 16_000,
});

test('context chips go just before the chip they were gathered for, in rank order, whatever order they were listed in', () => {
  const chips = groundingChips(grounding, selectionChip.id);
  assert.deepEqual(
    chips.map((chip) => chip.label),
    ['parseConfig · src/config.ts:1–3', 'merge · src/merge.ts:1–3'],
  );
  const other: ContextChip = { ...selectionChip, id: 'other', label: 'other.ts' };
  const ordered = withContextChips([other, selectionChip, chips[1], chips[0]], [selectionChip, other, ...chips]);
  assert.deepEqual(
    ordered.map((chip) => chip.id),
    ['other', chips[0].id, chips[1].id, 'sel-1'],
  );
});

test('a context chip removed before sending is not on the wire; the others are, before the code; none is left attached', async () => {
  const controller = new ChatController({
    client: new OpenRouterClient(),
    store: new ConversationStore(join(mkdtempSync(join(tmpdir(), 'flashlight-grounding-chat-')), 'chats')),
    requestSettings: async () => ({
      config: {
        baseUrl: server.baseUrl,
        apiKey: 'sk-or-v1-unit-test-key-0123456789',
        stallTimeoutMs: 5_000,
        appUrl: 'https://example.test/app',
        appTitle: 'Flashlight',
      },
      model: 'google/gemini-2.5-flash',
      fallbackModels: [],
      contextLength: 100_000,
    }),
    nextRequestId: (() => {
      let id = 0;
      return () => ++id;
    })(),
    post: () => undefined,
    log: () => undefined,
    imageData: () => undefined,
    keepImages: () => undefined,
    releaseImage: () => undefined,
  });
  server.enqueue({ text: 'It parses and merges.' });
  const chips = groundingChips(grounding, selectionChip.id);
  controller.addAttachments([selectionChip, ...chips]);
  controller.removeAttachment(chips[1].id); // the user drops `merge`
  await controller.send('What does this do?', [selectionChip.id], []);
  const sent = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.equal(sent.length, 1);
  const user = (sent[0].body.messages as Array<{ role: string; content: string }>).at(-1)!.content;
  assert.match(user, /^From src\/config\.ts lines 1–3:\n```typescript\nexport function parseConfig\(\)/);
  assert.doesNotMatch(user, /merge\(\)/, 'the removed chip stayed home');
  assert.ok(user.indexOf('parseConfig()') < user.indexOf('From src/load.ts lines 5–6:'), 'context before the code');
  assert.match(user, /What does this do\?$/);
  assert.deepEqual(controller.pendingContextChips, []);
});
