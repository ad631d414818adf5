// A hostile (or compromised) server's words reach the user only as quoted plain text: one line,
// cut to 200 characters, attributed to the server, with no link a notification would draw. Through
// the real client against the fake server (an error status and a mid-stream error), and the model
// id in the status bar's tooltip, rendered as markdown.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { toErrorView } from '../../src/core/answers/errorView';
import type { ClientConfig } from '../../src/core/openrouter/types';
import { codeSpan, modelTooltipMarkdown } from '../../src/host/views/modelTooltip';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

const phish = `Your key expired.\n\n[Sign in again to keep your credits](https://openrouter.example.evil/login) ${'and more words '.repeat(80)}`;
// VS Code's notifications turn `[label](https://…)` into a link (its parseLinkedText pattern).
const notificationLink = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

let server: FakeOpenRouter;
let config: ClientConfig;
before(async () => {
  server = await startFakeOpenRouter();
  config = {
    baseUrl: server.baseUrl,
    apiKey: 'sk-or-v1-unit-hostile-0123456789',
    stallTimeoutMs: 2_000,
    appUrl: 'https://example.test/app',
    appTitle: 'Flashlight',
  };
});
after(() => server.close());
beforeEach(() => server.reset());

async function failure(): Promise<FlashlightError> {
  try {
    for await (const event of new OpenRouterClient().streamChat(config, { model: 'm', messages: [{ role: 'user', content: 'x' }] })) void event;
  } catch (error) {
    return error as FlashlightError;
  }
  throw new Error('the request did not fail');
}

function assertQuotedPlain(message: string): void {
  const quoted = /OpenRouter said: “([^”]*)”/.exec(message);
  assert.ok(quoted, `attributed and quoted: ${message}`);
  assert.ok(quoted[1].length <= 200, `cut to 200 characters (was ${quoted[1].length})`);
  assert.ok(quoted[1].endsWith('…'), 'the cut is marked');
  assert.doesNotMatch(message, /\n/, 'one line');
  assert.doesNotMatch(message, notificationLink, 'no link a notification would draw');
}

describe('server text in messages', () => {
  test('an HTTP error body is quoted, cut and attributed, never a link', async () => {
    server.enqueue({ status: 401, errorMessage: phish });
    const error = await failure();
    assert.equal(error.kind, 'badKey');
    assertQuotedPlain(error.message);
    assertQuotedPlain(toErrorView(error).detail);
  });

  test('a mid-stream error is quoted, cut and attributed, never a link', async () => {
    server.enqueue({ text: 'abcdefgh', chunkSize: 2, midStreamErrorAfterChunks: 2, midStreamError: { code: 502, message: phish } });
    const error = await failure();
    assert.equal(error.kind, 'midStream');
    assertQuotedPlain(error.message);
  });
});

describe('model ids in the status bar tooltip', () => {
  test('an id that tries to close its code span and add a link renders as that id, without a link', () => {
    const hostile = 'x` [Open settings](command:workbench.action.openSettings) `<img src=x onerror=alert(1)>``';
    const html = marked.parse(modelTooltipMarkdown(hostile, [hostile, 'plain/id'], 'free · reads [images](https://evil)'), { async: false });
    assert.doesNotMatch(html, /<a\s|<img/i);
    const codes = [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((match) =>
      match[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    );
    assert.deepEqual(codes, [hostile, hostile, 'plain/id'], 'each id shown whole, as typed');
  });

  test('newlines cannot end the span', () => {
    const html = marked.parse(`before ${codeSpan('a\n\n[x](https://evil)')} after`, { async: false });
    assert.doesNotMatch(html, /<a\s/);
  });
});
