// The step every request passes through before the client sends it: message texts redacted with
// one redactor, images untouched, the caller's request unchanged; and the wire carries only the
// placeholders (the client against the fake server).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { redactMessages } from '../../src/core/privacy/redactMessages';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ChatMessage, ClientConfig, StreamEvent, StreamStats } from '../../src/core/openrouter/types';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const corpus = require(join(__dirname, '../../../test/fixtures/secrets/fakeSecrets.js')) as { entries: Array<{ kind: string; secret: string; text: string }> };
const fake = (kind: string) => corpus.entries.find((entry) => entry.kind === kind)!;
const awsId = fake('aws-access-key-id');
const awsSecret = fake('aws-secret-access-key');
const pem = fake('private-key');
const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,QUtJQUFBQUFBQUFBQUFBQUFBQUE=' } };

describe('redactMessages', () => {
  test('string content and text parts are redacted; image parts and roles are untouched; the caller keeps its own', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You explain code.' },
      { role: 'user', content: [{ type: 'text', text: `first\n${awsId.text}` }, image, { type: 'text', text: `more\n\n${pem.text}` }] },
      { role: 'assistant', content: `The key ${awsId.secret} is an AWS key.` },
    ];
    const before = JSON.stringify(messages);
    const result = redactMessages(messages);
    assert.equal(JSON.stringify(messages), before, 'the caller’s messages are not changed');
    assert.equal(result.messages[0], messages[0], 'a message without secrets is passed as it was');
    const user = result.messages[1] as { content: Array<{ type: string; text?: string }> };
    assert.equal(user.content[1], image);
    assert.ok(!JSON.stringify(result.messages).includes(awsId.secret));
    assert.ok(!JSON.stringify(result.messages).includes(pem.secret.split('\n')[1]));
    assert.equal(
      (result.messages[2] as { content: string }).content,
      'The key [REDACTED aws-access-key-id] is an AWS key.',
      'one placeholder per secret across the request',
    );
    // Lines count through a message's text parts one after another: part one has 3 lines.
    assert.deepEqual(result.redactions, [
      { kind: 'aws-access-key-id', message: 2, line: 3 },
      { kind: 'private-key', message: 2, line: 6 },
      { kind: 'aws-access-key-id', message: 3, line: 1 },
    ]);
  });

  test('nothing to redact: the same array back, no findings', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'const x = 1;' }];
    const result = redactMessages(messages);
    assert.equal(result.messages, messages);
    assert.deepEqual(result.redactions, []);
  });
});

describe('on the wire', () => {
  let server: FakeOpenRouter;
  let config: ClientConfig;
  before(async () => {
    server = await startFakeOpenRouter();
    config = {
      baseUrl: server.baseUrl,
      apiKey: 'sk-or-v1-unit-test-key-0123456789',
      stallTimeoutMs: 2_000,
      appUrl: 'https://example.test/app',
      appTitle: 'Flashlight',
    };
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  async function send(overrides: Partial<ClientConfig>, messages: ChatMessage[]) {
    server.enqueue({ text: 'ok' });
    const events: StreamEvent[] = [];
    for await (const event of new OpenRouterClient(fetch, redactMessages).streamChat(
      { ...config, ...overrides },
      { model: 'google/gemini-2.5-flash', messages },
    ))
      events.push(event);
    const end = events.find((event): event is { type: 'end'; stats: StreamStats } => event.type === 'end');
    const sent = server.requests.find((recorded) => recorded.path.endsWith('/chat/completions'))!;
    return { end, wire: JSON.stringify(sent.body) };
  }

  const selection = `${awsId.text}\n${awsSecret.text}\n${pem.text}`;

  test('by default the request carries placeholders, never the secrets, and the end says what was redacted', async () => {
    const { end, wire } = await send({}, [{ role: 'user', content: `Explain:\n${selection}` }]);
    assert.ok(!wire.includes(awsId.secret) && !wire.includes(awsSecret.secret), wire);
    assert.ok(!wire.includes(pem.secret.split('\n')[1]));
    assert.ok(wire.includes('[REDACTED aws-access-key-id]') && wire.includes('[REDACTED aws-secret-access-key]') && wire.includes('[REDACTED private-key]'));
    assert.deepEqual(end?.stats.redactions, [
      { kind: 'aws-access-key-id', message: 1, line: 3 },
      { kind: 'aws-secret-access-key', message: 1, line: 4 },
      { kind: 'private-key', message: 1, line: 5 },
    ]);
  });

  test('redactSecrets false sends the text as it is, and reports nothing', async () => {
    const { end, wire } = await send({ redactSecrets: false }, [{ role: 'user', content: selection }]);
    assert.ok(wire.includes(awsId.secret));
    assert.equal(end?.stats.redactions, undefined);
  });
});
