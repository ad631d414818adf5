// Where the key may go: https anywhere, plain http only to this machine; a key goes to the origin
// it was checked against, and elsewhere only after a yes remembered for that origin.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBaseUrl, defaultOrigin, freshBinding, isLoopbackHost, originVerdict, parseBinding, withAnswer } from '../../src/core/key/keyOrigins';

describe('base URL', () => {
  test('plain http is refused for any host but loopback, with a message naming the setting', () => {
    for (const url of ['http://evil.example/api/v1', 'http://10.0.0.5:8080/v1', 'http://128.0.0.1/', 'http://localhost.evil.example/', 'http://[::2]/']) {
      const checked = checkBaseUrl(url);
      assert.equal(checked.ok, false, url);
      if (!checked.ok) assert.match(checked.message, /“flashlight\.baseUrl” is plain http to .+ Use https:\/\//, url);
    }
  });

  test('https anywhere and http to loopback are allowed, with their origin', () => {
    assert.deepEqual(checkBaseUrl('https://openrouter.ai/api/v1'), { ok: true, origin: defaultOrigin, host: 'openrouter.ai' });
    for (const url of ['http://127.0.0.1:4000/api/v1', 'http://127.1.2.3/', 'http://localhost:8080', 'http://[::1]:9000/v1', 'http://api.localhost/']) {
      assert.equal(checkBaseUrl(url).ok, true, url);
    }
    assert.equal(checkBaseUrl('ftp://openrouter.ai/').ok, false);
    assert.equal(checkBaseUrl('not a url').ok, false);
  });

  test('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
    assert.ok(isLoopbackHost('127.255.0.1'));
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(isLoopbackHost('LOCALHOST'));
    assert.ok(!isLoopbackHost('127.0.0.1.nip.io'));
    assert.ok(!isLoopbackHost('0.0.0.0'));
    assert.ok(!isLoopbackHost('::'));
  });
});

describe('key origin', () => {
  const gateway = 'https://gateway.example';
  test('a checked key goes to its own origin; another origin is asked about, and the answer is kept', () => {
    const bound = freshBinding(defaultOrigin);
    assert.equal(originVerdict(bound, defaultOrigin), 'send');
    assert.equal(originVerdict(bound, gateway), 'ask');
    const allowed = withAnswer(bound, gateway, 'allow');
    assert.equal(originVerdict(allowed, gateway), 'send');
    assert.equal(originVerdict(allowed, 'https://other.example'), 'ask');
    const refused = withAnswer(allowed, gateway, 'refuse');
    assert.equal(originVerdict(refused, gateway), 'refused');
    assert.equal(originVerdict(refused, defaultOrigin), 'send');
    assert.deepEqual(bound, freshBinding(defaultOrigin), 'answers do not change the binding they start from');
  });

  test('a key with no origin yet (OPENROUTER_API_KEY, or stored before origins) takes OpenRouter or loopback silently, asks for anything else', () => {
    assert.equal(originVerdict(undefined, defaultOrigin), 'adopt');
    assert.equal(originVerdict(undefined, 'http://127.0.0.1:4000'), 'adopt');
    assert.equal(originVerdict(undefined, gateway), 'ask');
    const adopted = withAnswer(undefined, 'http://127.0.0.1:4000', 'adopt');
    assert.equal(originVerdict(adopted, 'http://127.0.0.1:4000'), 'send');
    assert.equal(originVerdict(adopted, defaultOrigin), 'ask', 'once bound, even OpenRouter is another origin');
  });

  test('a stored binding of the wrong shape counts as none', () => {
    assert.equal(parseBinding('x'), undefined);
    assert.deepEqual(parseBinding({ home: 7, allowed: ['a', 3], refused: null }), { home: undefined, allowed: ['a'], refused: [] });
  });
});
