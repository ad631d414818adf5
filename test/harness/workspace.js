// A throwaway workspace folder for a test run: a copy of test/fixtures/workspace/ when it exists
// (else a few built-in sample files), with `files` written on top.
//
//   const { makeWorkspace } = require('./workspace');
//   const ws = makeWorkspace({ files: { 'src/a.ts': 'export {}\n' } });  // ws.dir, ws.remove()
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspace');

/** Used when test/fixtures/workspace/ does not exist. */
const SAMPLE_FILES = {
  'hello.ts': [
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    '',
    'export function sum(values: number[]): number {',
    '  let total = 0;',
    '  for (let i = 0; i <= values.length; i++) {',
    '    total += values[i];',
    '  }',
    '  return total;',
    '}',
    '',
  ].join('\n'),
  'sample.py': ['def mean(xs):', '    return sum(xs) / len(xs)', '', 'print(mean([1, 2, 3]))', ''].join('\n'),
  'README.md': '# Fixture workspace\n\nFiles for Flashlight tests.\n',
};

function writeFiles(dir, files) {
  for (const [relative, content] of Object.entries(files || {})) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/**
 * @param {{ files?: Record<string, string|Buffer>, fixtures?: boolean, dir?: string }} [options]
 *   fixtures: copy the fixture workspace (default true); dir: use/seed this folder instead of a temp one
 *   (only seeded when empty, and not removed).
 * @returns {{ dir: string, remove: () => void }}
 */
function makeWorkspace({ files, fixtures = true, dir } = {}) {
  const temporary = !dir;
  const target = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-ws-'));
  fs.mkdirSync(target, { recursive: true });
  const empty = fs.readdirSync(target).length === 0;
  if (fixtures && empty) {
    if (fs.existsSync(FIXTURES)) fs.cpSync(FIXTURES, target, { recursive: true });
    else writeFiles(target, SAMPLE_FILES);
  }
  writeFiles(target, files);
  return {
    dir: target,
    remove: () => {
      if (temporary) fs.rmSync(target, { recursive: true, force: true });
    },
  };
}

module.exports = { makeWorkspace, SAMPLE_FILES, FIXTURES };
