// The manifest's side of "a workspace cannot take the key or the money": baseUrl and debugLogging
// are user (application) settings, so VS Code itself ignores a workspace's value; Restricted Mode
// keeps Flashlight on (limited), with every setting a workspace must not decide restricted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

test('baseUrl and debugLogging can be set only in user or machine settings', () => {
  for (const key of ['flashlight.baseUrl', 'flashlight.debugLogging']) {
    assert.ok(['application', 'machine'].includes(properties[key].scope), `${key} scope: ${properties[key].scope}`);
  }
});

test('Restricted Mode: supported, limited, with the key, logging and cost settings restricted', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.ok(typeof untrusted.description === 'string' && untrusted.description.length > 40);
  for (const key of ['flashlight.baseUrl', 'flashlight.debugLogging', 'flashlight.model', 'flashlight.fallbackModels', 'flashlight.maxTokens']) {
    assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    assert.ok(properties[key], `${key} is a real setting`);
  }
});
