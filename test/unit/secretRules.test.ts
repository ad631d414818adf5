// The redactor both ways: every real-shaped fake secret in the corpus is caught and named, and
// ordinary code (this project's sources, the openai SDK, TypeScript's compiler) is left alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { Redactor } from '../../src/core/privacy/redactor';
import { secretRules } from '../../src/core/privacy/secretRules';

const root = join(__dirname, '../../..');

const corpus = require(join(root, 'test/fixtures/secrets/fakeSecrets.js')) as { entries: Array<{ kind: string; secret: string; text: string }> };

function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, extensions);
    return extensions.some((extension) => entry.name.endsWith(extension)) ? [path] : [];
  });
}

describe('every fake secret is caught', () => {
  test('the corpus covers every kind the issue names, and every rule', () => {
    const kinds = new Set(corpus.entries.map((entry) => entry.kind));
    for (const rule of secretRules) assert.ok(kinds.has(rule.kind), `no fake secret for ${rule.kind}`);
    assert.ok(corpus.entries.length >= 30);
  });

  for (const entry of corpus.entries) {
    test(`${entry.kind}: ${entry.text.slice(0, 50).replace(/\n/g, '⏎')}`, () => {
      const result = new Redactor().redact(entry.text);
      assert.ok(!result.text.includes(entry.secret), `the secret survived: ${result.text}`);
      assert.match(result.text, new RegExp(`\\[REDACTED ${entry.kind}\\]`));
      assert.deepEqual(
        result.findings.map((finding) => finding.kind),
        [entry.kind],
      );
      assert.ok(!JSON.stringify(result.findings).includes(entry.secret.slice(4, 20)), 'findings never hold the value');
    });
  }

  test('names and structure around a secret stay: the model still reads what connects to what', () => {
    const pg = corpus.entries.find((entry) => entry.text.startsWith('DATABASE_URL='))!;
    assert.equal(new Redactor().redact(pg.text).text, 'DATABASE_URL=postgres://app_user:[REDACTED connection-string-password]@db.internal:5432/orders');
    const password = corpus.entries.find((entry) => entry.text.startsWith('db_password'))!;
    assert.equal(new Redactor().redact(password.text).text, 'db_password = "[REDACTED secret-assignment]"');
  });
});

describe('placeholders and findings', () => {
  const [first, second] = corpus.entries.filter((entry) => entry.kind === 'aws-access-key-id');

  test('the same secret gets the same placeholder across texts of one request; a different one of the same kind is told apart', () => {
    const redactor = new Redactor();
    const a = redactor.redact(`id = ${first.secret}\nagain ${first.secret}`);
    const b = redactor.redact(`later: ${first.secret} and ${second.secret}`);
    assert.equal(a.text, 'id = [REDACTED aws-access-key-id]\nagain [REDACTED aws-access-key-id]');
    assert.equal(b.text, 'later: [REDACTED aws-access-key-id] and [REDACTED aws-access-key-id #2]');
  });

  test('each finding says its kind and the line it starts on', () => {
    const pem = corpus.entries.find((entry) => entry.kind === 'private-key')!;
    const text = ['line one', `key ${first.secret}`, 'three', pem.secret, 'after'].join('\n');
    const result = new Redactor().redact(text);
    assert.deepEqual(result.findings, [
      { kind: 'aws-access-key-id', line: 2 },
      { kind: 'private-key', line: 4 },
    ]);
    assert.ok(result.text.endsWith('[REDACTED private-key]\nafter'));
  });

  test('redacting twice changes nothing more: placeholders are not secrets', () => {
    const all = corpus.entries.map((entry) => entry.text).join('\n');
    const once = new Redactor().redact(all);
    const twice = new Redactor().redact(once.text);
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.findings, []);
  });
});

describe('ordinary code is left alone', () => {
  const sources = [
    ...filesUnder(join(root, 'src'), ['.ts', '.css']),
    ...filesUnder(realpathSync(join(root, 'node_modules/openai')), ['.js']),
    realpathSync(join(root, 'node_modules/typescript/lib/typescript.js')),
  ];

  test(`zero findings in this project's sources, the openai SDK and typescript.js (${sources.length} files)`, () => {
    const found: string[] = [];
    for (const file of sources) {
      for (const finding of new Redactor().redact(readFileSync(file, 'utf8')).findings) found.push(`${file}:${finding.line} ${finding.kind}`);
    }
    assert.deepEqual(found, []);
    assert.ok(sources.length > 300, `only ${sources.length} files read`);
  });

  test('near misses stay: templates, placeholders in docs, identifiers, short values, public Stripe keys', () => {
    const text = [
      'const token = this.scanner.getToken();',
      'password = "${DB_PASSWORD}"',
      'url = "postgres://user:password@localhost/db"',
      'api_key: {{ api_key }}',
      'secret = "short"',
      'const previousToken2 = token;',
      "headers['x-api-key'] = apiKey;",
      'const pk = "pk_live_' + 'a1B2c3D4e5F6g7H8i9J0k1L2";',
      'sk-proj-short',
      '-----BEGIN PRIVATE KEY----- goes first, then the body',
    ].join('\n');
    assert.deepEqual(new Redactor().redact(text).findings, []);
  });
});
