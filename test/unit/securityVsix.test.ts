// The .vsix holds no key and nothing from the tests: `npm run package` (vsce, with the production
// build of vscode:prepublish) in a copy of the project, then every file of the archive searched.
// The copy keeps the shared dist/ untouched while other tests run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
// Every key the tests use, a real-looking OpenRouter key, and the environment's key if one is set.
const testKeys = ['sk-or-v1-integration-0123456789abcdef', 'sk-or-v1-SECURITY-e2e-7f3a9c1d5b2e8f4a6c0d', 'sk-or-v1-e2e-', 'sk-or-v1-test'];
const realKey = /sk-or-v1-[0-9a-f]{64}/;

test('the packaged .vsix holds only the bundles, media and manifest, and no key', { timeout: 240_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-vsix-'));
  try {
    for (const name of ['package.json', 'package-lock.json', 'esbuild.js', 'tsconfig.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      if (fs.existsSync(path.join(root, name))) fs.copyFileSync(path.join(root, name), path.join(work, name));
    }
    for (const dir of ['src', 'media']) fs.cpSync(path.join(root, dir), path.join(work, dir), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', 'flashlight.vsix'], {
      cwd: work,
      stdio: 'pipe',
      env: { ...process.env, OPENROUTER_API_KEY: '' },
    });
    const archive = path.join(work, 'flashlight.vsix');
    const listing = execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8' }).trim().split('\n');
    const allowed =
      /^(extension\/(dist\/(extension|openai|webview)\.js|dist\/codicons\/codicon\.(css|ttf)|media\/[\w.-]+|package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)|\[Content_Types\]\.xml|extension\.vsixmanifest)$/i;
    const unexpected = listing.filter((name) => !allowed.test(name));
    assert.deepEqual(unexpected, [], 'files in the .vsix beyond the allow-list');
    assert.ok(
      ['extension', 'openai', 'webview'].every((name) => listing.includes(`extension/dist/${name}.js`)),
      'the three bundles are in the .vsix',
    );
    const envKey = process.env.OPENROUTER_API_KEY;
    let occurrences = 0;
    for (const name of listing) {
      const content = execFileSync('unzip', ['-p', archive, name.replace(/[[\]*?]/g, '\\$&')], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
      for (const key of testKeys) occurrences += content.split(key).length - 1;
      if (envKey) occurrences += content.split(envKey).length - 1;
      assert.doesNotMatch(content, realKey, `${name} holds something shaped like an OpenRouter key`);
      assert.doesNotMatch(content, /sourceMappingURL|\/work\/|\/tmp\/|\/root\//, `${name} holds a source map link or a machine path`);
    }
    console.log(`vsix: ${listing.length} files, key occurrences ${occurrences}`);
    assert.equal(occurrences, 0);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
