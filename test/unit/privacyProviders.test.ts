// Providers that keep no data (issue 16, item 3): `flashlight.privacy` on the wire as OpenRouter's
// provider preferences, a workspace that may tighten but never loosen it, the fake's data-policy
// refusal mapped to a message that says so with a "Relax for this request" button, and that button
// relaxing exactly the one retried request.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { FlashlightError } from '../../src/core/openrouter/errors';
import { isDataPolicyRefusal, mapStatus } from '../../src/core/openrouter/errorMapping';
import { toErrorView } from '../../src/core/answers/errorView';
import { effectivePrivacy, RelaxOnce } from '../../src/core/privacy/providerPolicy';
import { parsePrivacy, providerPreferences, type PrivacyLevel } from '../../src/core/openrouter/privacy';
import type { ClientConfig, StreamEvent } from '../../src/core/openrouter/types';
import { KeyedAccess } from '../../src/features/key/keyedAccess';
import { formatStats } from '../../src/webview/formatStats';
import { toAnswerStats } from '../../src/core/chat/streamAnswer';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';

let fake: FakeOpenRouter;
let base: ClientConfig;
before(async () => {
  fake = await startFakeOpenRouter();
  base = {
    baseUrl: fake.baseUrl,
    apiKey: 'sk-or-v1-privacy-test-0123456789',
    stallTimeoutMs: 5_000,
    appUrl: 'https://example.test/app',
    appTitle: 'Flashlight',
  };
});
after(() => fake.close());
beforeEach(() => fake.reset());

const request = { model: 'google/gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'Explain x' }] };

async function send(privacy: PrivacyLevel | undefined) {
  const events: StreamEvent[] = [];
  let failure: unknown;
  try {
    for await (const event of new OpenRouterClient().streamChat({ ...base, privacy }, request)) events.push(event);
  } catch (error) {
    failure = error;
  }
  const body = fake.requests.filter((recorded) => recorded.path.endsWith('/chat/completions')).at(-1)!.body as Record<string, unknown>;
  const end = events.find((event) => event.type === 'end');
  return { body, failure, stats: end?.type === 'end' ? end.stats : undefined };
}

describe('the setting', () => {
  test('each level maps to its provider preferences; default adds nothing', () => {
    assert.deepEqual(providerPreferences('noTraining'), { provider: { data_collection: 'deny' } });
    assert.deepEqual(providerPreferences('zeroRetention'), { provider: { zdr: true } });
    assert.deepEqual(providerPreferences('default'), {});
    assert.deepEqual(providerPreferences(undefined), {});
  });

  test('anything but the three names reads as no value', () => {
    for (const value of ['noTraining', 'zeroRetention', 'default']) assert.equal(parsePrivacy(value), value);
    for (const value of ['ZeroRetention', 'zdr', '', 1, null, undefined, {}, 'toString', '__proto__']) assert.equal(parsePrivacy(value), undefined);
  });

  test('a workspace may make it stricter, never laxer', () => {
    assert.equal(effectivePrivacy('zeroRetention', 'default'), 'zeroRetention', 'a cloned repository cannot relax it');
    assert.equal(effectivePrivacy('noTraining', 'default'), 'noTraining');
    assert.equal(effectivePrivacy('zeroRetention', 'noTraining'), 'zeroRetention');
    assert.equal(effectivePrivacy('default', 'zeroRetention'), 'zeroRetention', 'a repository of sensitive code may ask for more');
    assert.equal(effectivePrivacy(undefined, 'noTraining'), 'noTraining');
    assert.equal(effectivePrivacy(undefined, undefined), 'default');
    assert.equal(effectivePrivacy('bogus', 'alsoBogus'), 'default');
  });
});

describe('on the wire', () => {
  test('zeroRetention sends provider.zdr, noTraining provider.data_collection, default no provider field', async () => {
    assert.deepEqual((await send('zeroRetention')).body.provider, { zdr: true });
    assert.deepEqual((await send('noTraining')).body.provider, { data_collection: 'deny' });
    assert.equal('provider' in (await send('default')).body, false);
    assert.equal('provider' in (await send(undefined)).body, false);
  });

  test('the footer names the provider that served it (the chunk’s provider field)', async () => {
    fake.enqueue({ provider: 'Google AI Studio' });
    const { stats } = await send('zeroRetention');
    assert.ok(stats);
    assert.equal(stats.provider, 'Google AI Studio');
    assert.match(formatStats(toAnswerStats(stats)), /via Google AI Studio/);
  });
});

describe('no provider meets it', () => {
  test('the fake refuses a model with no zero-retention endpoint with OpenRouter’s 404, and serves it unrestricted', async () => {
    fake.setDefault({ dataPolicy: { zeroRetention: false } });
    const refused = await send('zeroRetention');
    assert.ok(refused.failure instanceof FlashlightError);
    assert.equal(refused.failure.kind, 'privacyUnavailable');
    assert.equal(refused.failure.details.status, 404);
    assert.match(refused.failure.message, /No provider of this model meets your privacy setting/);
    assert.match(refused.failure.message, /No endpoints found matching your data policy \(Zero data retention\)/);
    const view = toErrorView(refused.failure);
    assert.equal(view.title, 'No provider meets your privacy setting');
    assert.deepEqual(view.actions, ['relaxPrivacy', 'chooseModel', 'openSettings']);
    // The same model still answers without the restriction, or under the one it does meet.
    assert.equal((await send('default')).failure, undefined);
    assert.equal((await send('noTraining')).failure, undefined);
  });

  test('a model that may train on prompts is refused under noTraining', async () => {
    fake.setDefault({ dataPolicy: { noTraining: false } });
    assert.equal(((await send('noTraining')).failure as FlashlightError).kind, 'privacyUnavailable');
  });

  test('the mapping knows both of OpenRouter’s wordings, and only those', () => {
    for (const message of [
      'No endpoints found matching your data policy. Check your settings: https://openrouter.ai/settings/privacy',
      'No endpoints available matching your guardrail restrictions and data policy. Configure: https://openrouter.ai/settings/privacy',
      'No endpoints found matching your data policy (Zero data retention). Check your settings: https://openrouter.ai/settings/privacy',
    ]) {
      assert.equal(isDataPolicyRefusal(message), true, message);
      assert.equal(mapStatus(404, { message }).kind, 'privacyUnavailable');
    }
    for (const message of [
      'No endpoints found for deepseek/deepseek-chat-v3.1:free.',
      'No endpoints found that support tool use.',
      'Not Found',
      undefined,
      42,
    ]) {
      assert.equal(isDataPolicyRefusal(message), false, String(message));
    }
    assert.equal(mapStatus(404, { message: 'No endpoints found for x/y.' }).kind, 'modelNotFound');
  });
});

describe('Relax for this request', () => {
  test('armed, it is taken by one connection only; disarmed, by none', () => {
    const relax = new RelaxOnce();
    assert.equal(relax.take(), false);
    relax.arm();
    assert.equal(relax.take(), true);
    assert.equal(relax.take(), false, 'the next request is restricted again');
    relax.arm();
    relax.disarm();
    assert.equal(relax.take(), false, 'a retry that never connected leaves nothing armed');
  });
});

describe('the connection a retry makes', () => {
  test('relaxed once, the retried request goes without flashlight.privacy and the next one with it', async () => {
    const relax = new RelaxOnce();
    const settings = { baseUrl: fake.baseUrl, stallTimeoutMs: 5_000, redactSecrets: true, privacy: 'zeroRetention' as const };
    const access = new KeyedAccess(new OpenRouterClient(), {
      settings: () => settings as never,
      keyOrAsk: () => Promise.resolve(base.apiKey),
      relaxPrivacy: () => relax.take(),
    });
    assert.equal((await access.connect()).privacy, 'zeroRetention');
    relax.arm();
    assert.equal((await access.connect()).privacy, 'default');
    assert.equal((await access.connect()).privacy, 'zeroRetention');
  });
});
