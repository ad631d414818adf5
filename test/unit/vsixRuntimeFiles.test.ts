// Every file the installed extension loads at run time is in the .vsix, by vsce's own file list
// (no packaging, no code-server: the full install-and-run check is test/e2e/package.e2e.ts). And
// the check is shown to bite: in a copy of the project whose .vscodeignore stops listing a file,
// it names exactly the files left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { literalAssetPaths, runtimeFiles, runtimeFilesLeftOut } from './vsixRuntimeFiles';

const root = path.resolve(__dirname, '../../..');

test('the run-time files are found from the manifest, the host code and the bundles', () => {
  const files = runtimeFiles(root);
  // The scan cannot quietly find nothing: these are loaded today, by each of the four routes.
  for (const known of [
    'dist/extension.js',
    'media/icon.png',
    'media/activity.svg',
    'dist/webview.js',
    'media/webview.css',
    'media/flashlight.svg',
    'dist/openai.js',
    'dist/codicons/codicon.ttf',
  ]) {
    assert.ok(files.includes(known), `${known} among ${files.join(', ')}`);
  }
  assert.deepEqual(
    literalAssetPaths(
      `asset('dist', 'codicons', 'codicon.css'); vscode.Uri.joinPath(this.extensionUri, 'media', 'x.svg'); joinPath(this.extensionUri, 'dist')`,
    ),
    ['dist/codicons/codicon.css', 'media/x.svg'],
  );
});

test('every file the extension loads at run time is in the package', async () => {
  assert.deepEqual(await runtimeFilesLeftOut(root), []);
});

test('a run-time file that .vscodeignore leaves out is named', async () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-vsix-files-'));
  try {
    for (const name of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      if (fs.existsSync(path.join(root, name))) fs.copyFileSync(path.join(root, name), path.join(copy, name));
    }
    for (const dir of ['dist', 'media', 'src/host']) fs.cpSync(path.join(root, dir), path.join(copy, dir), { recursive: true });
    assert.deepEqual(await runtimeFilesLeftOut(copy), [], 'the copy packages as the project does');
    const ignore = fs.readFileSync(path.join(copy, '.vscodeignore'), 'utf8');
    const without = (line: string) => {
      assert.ok(ignore.split('\n').includes(line), `.vscodeignore has ${line}`);
      fs.writeFileSync(path.join(copy, '.vscodeignore'), ignore.replace(`${line}\n`, ''));
    };
    without('!dist/openai.js'); // the lazily loaded SDK: nothing fails until the first request
    assert.deepEqual(await runtimeFilesLeftOut(copy), ['dist/openai.js']);
    without('!dist/codicons/codicon.ttf'); // the icons' font, loaded by the webviews' stylesheet
    assert.deepEqual(await runtimeFilesLeftOut(copy), ['dist/codicons/codicon.ttf']);
    without('!media/*');
    assert.deepEqual(await runtimeFilesLeftOut(copy), ['media/activity.svg', 'media/flashlight.svg', 'media/icon.png', 'media/webview.css']);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
