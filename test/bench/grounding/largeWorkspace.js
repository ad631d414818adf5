// The large real codebase the grounding bench runs on, built at run time (nothing large is
// committed): every TypeScript source (.ts, not .d.ts) the npm packages under node_modules ship
// (the @azure/msal-* packages, openai, ajv, …: about 1,200 files, 6.6 MB), copied with their
// package paths into a temporary folder (a nested `node_modules` segment becomes `vendor`, so
// VS Code's default excludes do not hide it), with one tsconfig.json over all of them so the
// built-in TypeScript server loads them as one project.
//
// Also picks, from those files, what the bench asks for (seeded, so runs compare):
// - selections: one line each that calls a function the file imports from another file of the
//   same package (`import { f } from './x'` … `f(…)`), the case context gathering exists for;
// - read targets for read_file and literal queries for search_text.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function sourcesUnder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(file).isDirectory())) return sourcesUnder(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Workspace-relative path (with /) for a file under node_modules. */
function workspacePath(modules, file) {
  return path
    .relative(modules, file)
    .split(path.sep)
    .map((segment) => (segment === 'node_modules' ? 'vendor' : segment))
    .join('/');
}

const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom'],
    strict: false,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: [],
  },
  include: ['**/*.ts'],
};

/** Names a file imports from a relative path: `import { a, b as c } from './x'`, `import d from '../y'`. */
function relativeImports(text) {
  const names = new Set();
  const pattern = /import\s+(type\s+)?([^'";]*?)\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) {
    if (match[1]) continue; // a type-only import: no call to look for
    const clause = match[2];
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) {
      for (const part of braces[1].split(',')) {
        const spec = part.trim().replace(/^type\s+/, '');
        if (!spec || part.trim().startsWith('type ')) continue;
        const local = spec
          .split(/\s+as\s+/)
          .pop()
          .trim();
        if (/^[A-Za-z_$][\w$]*$/.test(local)) names.add(local);
      }
    }
    const head = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/,/g, ' ')
      .trim();
    if (/^[A-Za-z_$][\w$]*$/.test(head)) names.add(head);
  }
  return names;
}

/** A seeded generator (the same picks every run). */
function seeded(seed) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function shuffle(list, random) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The first line (after the imports) that calls one of `names`, with where the call is. */
function callLine(lines, names) {
  const firstCode = lines.findIndex(
    (line, index) => index > 0 && !/^\s*(import|export\s+\{|\/\/|\*|\/\*)/.test(line) && /\S/.test(line) && !/^\s*[}'"]/.test(line),
  );
  for (let line = Math.max(0, firstCode); line < lines.length; line++) {
    const text = lines[line];
    if (text.length > 160 || /^\s*(import|\/\/|\*|\/\*)/.test(text)) continue;
    for (const name of names) {
      const at = text.search(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\(`));
      if (at >= 0 && !/^\s*(export\s+)?(async\s+)?function\b/.test(text)) return { line, name, character: at };
    }
  }
  return undefined;
}

/**
 * @param {{ selections?: number, reads?: number, searches?: number, seed?: number }} [options]
 * @returns {{ dir: string, fileCount: number, bytes: number, selections: Array<{ file: string, line: number, name: string, character: number }>, reads: Array<{ path: string }>, searches: string[], remove: () => void }}
 */
function buildLargeWorkspace({ selections = 40, reads = 30, searches = 30, seed = 15 } = {}) {
  const modules = fs.realpathSync(path.join(ROOT, 'node_modules'));
  const files = [...new Set(sourcesUnder(modules).map((file) => fs.realpathSync(file)))].filter((file) => file.startsWith(modules + path.sep)).sort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-large-ws-'));
  let bytes = 0;
  const sources = [];
  for (const file of files) {
    const relative = workspacePath(modules, file);
    const target = path.join(dir, ...relative.split('/'));
    const text = fs.readFileSync(file, 'utf8');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    bytes += Buffer.byteLength(text);
    sources.push({ relative, text });
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n');

  const random = seeded(seed);
  const picked = [];
  const names = new Set();
  for (const source of shuffle(sources, random)) {
    if (picked.length >= selections) break;
    const imported = relativeImports(source.text);
    if (!imported.size) continue;
    const found = callLine(source.text.split(/\r?\n/), imported);
    if (!found) continue;
    picked.push({ file: source.relative, ...found });
    names.add(found.name);
  }
  const readTargets = shuffle(
    sources.filter((source) => source.text.length > 500),
    random,
  )
    .slice(0, reads)
    .map((source) => ({ path: source.relative }));
  // What a model looking for these functions would search: their names, literally, over the whole workspace.
  const queries = shuffle([...names], random);
  while (queries.length < searches && names.size) queries.push(...shuffle([...names], random));
  return {
    dir,
    fileCount: sources.length,
    bytes,
    selections: picked,
    reads: readTargets,
    searches: queries.slice(0, searches),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

module.exports = { buildLargeWorkspace, relativeImports, callLine };

if (require.main === module) {
  const workspace = buildLargeWorkspace();
  process.stdout.write(
    `${workspace.fileCount} files, ${(workspace.bytes / 1e6).toFixed(1)} MB in ${workspace.dir}\n` +
      workspace.selections.map((s) => `${s.file}:${s.line + 1} ${s.name}`).join('\n') +
      `\nsearches: ${workspace.searches.join(' ')}\n`,
  );
  if (!process.argv.includes('--keep')) workspace.remove();
}
