// What a Marketplace or Open VSX listing reads from the manifest: a 128x128 PNG icon (both refuse
// an SVG one), a banner, categories from the Marketplace's own list that say what Flashlight is,
// keywords someone would search for, and the workspace capabilities as the extension behaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The Marketplace's categories (vsce's list); anything else is shown as nothing. */
const MARKETPLACE_CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];

test('the icon is a real 128x128 PNG in the package (its signature and IHDR say so)', () => {
  assert.match(manifest.icon, /^media\/[\w.-]+\.png$/);
  const png = fs.readFileSync(path.join(root, manifest.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR', 'the first chunk is IHDR');
  assert.equal(png.readUInt32BE(16), 128, 'width');
  assert.equal(png.readUInt32BE(20), 128, 'height');
  assert.ok(png.length < 50_000, `a small icon, ${png.length} bytes`);
  const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^!media\/\*$/m, 'the files directly in media/ (and so the icon) go into the .vsix');
});

test('the gallery banner has a colour and a theme', () => {
  assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-fA-F]{6}$/);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme), `theme ${manifest.galleryBanner?.theme}`);
});

test('categories are Marketplace ones and say it is an AI chat, not a language extension', () => {
  for (const category of manifest.categories) assert.ok(MARKETPLACE_CATEGORIES.includes(category), category);
  assert.deepEqual([...manifest.categories].sort(), ['AI', 'Chat']);
});

test('keywords: at most 30 (the Marketplace limit), unique, and naming Gemini, OpenRouter and what it does', () => {
  const keywords: string[] = manifest.keywords;
  assert.ok(keywords.length > 5 && keywords.length <= 30, `${keywords.length} keywords`);
  assert.equal(new Set(keywords.map((k) => k.toLowerCase())).size, keywords.length, 'no duplicates');
  for (const k of ['gemini', 'openrouter', 'explain', 'chat', 'fix']) assert.ok(keywords.includes(k), k);
});

test('capabilities: limited in Restricted Mode, and virtual workspaces work (files are read through the editor; on disk only global storage, and the tools on file folders)', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.capabilities.virtualWorkspaces, true);
  // Nothing in the extension reads workspace files with Node's fs but its own global storage and the
  // model's tools, which resolve symlinks on disk and are offered only for `file:` folders (answerTools.ts),
  // with the file texts search_text keeps for those folders (searchIndex.ts).
  const nodeFs = /from 'node:fs(\/promises)?'|require\('(node:)?fs'\)|from 'fs'/;
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && nodeFs.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
    }
  };
  walk(path.join(root, 'src'));
  assert.deepEqual(
    offenders.sort(),
    ['src/core/chat/conversationStore.ts', 'src/core/images/imageVault.ts', 'src/host/tools/searchIndex.ts', 'src/host/tools/workspaceTools.ts'],
    'Node fs only in the global-storage stores and the file-folder tools',
  );
});
