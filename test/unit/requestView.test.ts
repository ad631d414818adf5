// "View request" (issue 16, item 2): the document shows the request exactly as it left, after
// redaction: model, parameters, every message, images as type and size (never base64), tool calls
// and results, the token estimate and the cost; only the latest answers' requests are kept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newAnswerRecord, streamAnswer } from '../../src/core/chat/streamAnswer';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { redactMessages } from '../../src/core/privacy/redactMessages';
import { describeImage, renderRequest, type RequestFacts } from '../../src/core/requestView/renderRequest';
import { SentRequests } from '../../src/core/requestView/sentRequests';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let fake: FakeOpenRouter;
before(async () => (fake = await startFakeOpenRouter()));
after(() => fake.close());

const awsKey = 'AKIAIOSFODNN7EXAMPLE';
const png = `data:image/png;base64,${Buffer.alloc(3000, 7).toString('base64')}`;

describe('the document', () => {
  test('an answer’s request as it left: the placeholder, not the key; the image as type and size; the figures', async () => {
    const sent = new SentRequests();
    const record = newAnswerRecord(7, { title: 'Explain' });
    fake.enqueue({ usage: { prompt_tokens: 1500, completion_tokens: 10, cost: 0.00042 }, provider: 'Google' });
    await streamAnswer({
      client: new OpenRouterClient(fetch, redactMessages),
      config: {
        baseUrl: fake.baseUrl,
        apiKey: 'sk-or-v1-view-request-0123456789',
        stallTimeoutMs: 5_000,
        appUrl: 'https://x.test',
        appTitle: 'Flashlight',
        privacy: 'zeroRetention',
      },
      request: {
        model: 'google/gemini-2.5-flash',
        temperature: 0.2,
        messages: [
          { role: 'system', content: 'You explain code.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: `const id = "${awsKey}";` },
              { type: 'image_url', image_url: { url: png } },
            ],
          },
        ],
      },
      record,
      signal: new AbortController().signal,
      post: () => undefined,
      keepRequest: (body, facts) => sent.keep(body, facts),
    });
    const text = sent.get(7);
    assert.ok(text, 'kept under the answer’s id');
    assert.match(text, /^# Request 7, as sent to OpenRouter/);
    assert.match(text, /Model: google\/gemini-2\.5-flash \(served by Google\)/);
    assert.match(text, /\[REDACTED aws-access-key-id\]/);
    assert.ok(!text.includes(awsKey), 'the key itself is not in the document');
    assert.match(text, /Secrets redacted: aws-access-key-id \(message 2, line 1\)/);
    assert.match(text, /\[image: image\/png, 2\.9 KB\]/);
    assert.ok(!text.includes('base64,'), 'no image bytes');
    assert.match(text, /"temperature": 0\.2/);
    assert.match(text, /"zdr": true/);
    assert.match(text, /1500 counted by OpenRouter/);
    assert.match(text, /Cost: \$0\.000420/);
    assert.match(text, /## Message 1: system, about 5 tokens/);
  });

  test('tool calls and their results are shown; a backtick fence in the text cannot close the document’s', () => {
    const text = renderRequest(
      {
        model: 'm',
        messages: [
          { role: 'user', content: 'see ```\n# not a heading\n```' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'file text' },
        ],
      },
      { requestId: 1 } satisfies RequestFacts,
    );
    assert.match(text, /````text\nsee ```\n# not a heading\n```\n````/);
    assert.match(text, /"name": "read_file"/);
    assert.match(text, /## Message 3: tool \(result of tool call call_1\)/);
    assert.match(text, /Cost: not reported/);
    assert.match(text, /Secrets redacted: none/);
  });

  test('images: type and size from the data URL; anything else named, never dumped', () => {
    assert.equal(describeImage('data:image/jpeg;base64,AAAA'), 'image: image/jpeg, 3 B');
    assert.equal(describeImage(42), 'image (no URL)');
    assert.match(describeImage('https://example.test/a.png'), /^image at https:\/\/example\.test\/a\.png$/);
  });
});

describe('what is kept', () => {
  test('only the latest answers, oldest dropped first', () => {
    const sent = new SentRequests(3);
    for (let id = 1; id <= 5; id++) sent.keep({ model: 'm', messages: [] }, { requestId: id });
    assert.equal(sent.get(1), undefined);
    assert.equal(sent.get(2), undefined);
    for (const id of [3, 4, 5]) assert.ok(sent.get(id));
  });
});
