#!/usr/bin/env node
// The context-gathering benchmark (issue 15 item 1), plain Node over the compiled pure parts
// (core/grounding): on the TypeScript sources the npm packages under node_modules ship (1,000+
// files), for random selections of 2–8 lines, the time from the selection to the grounded prompt
// (identifiers, reading each definition's lines, the imports, ranking, dedupe, the budget, the
// text), the tokens it adds, and beside it the naive way (sending the whole file).
//
// The language server is stood in for by a name → declaration index built once (a warm server
// also answers from memory); its own time is not in these figures. The real providers' time is
// what the gatherer logs in VS Code ("context: … in N ms", the Flashlight output channel).
//
//   npm run -s compile && node test/bench/grounding/contextBench.js [--samples N] [--seed S]
//
// A measurement, not a test: it prints a table and exits 0 unless it could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { percentile } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const out = (relative) => path.join(ROOT, 'out', 'src', 'core', relative);
if (!fs.existsSync(out('grounding/grounding.js'))) {
  process.stderr.write('out/ has no compiled grounding: run `npm run -s compile` first.\n');
  process.exit(1);
}
const { buildGrounding, withGrounding } = require(out('grounding/grounding.js'));
const { usedIdentifiers } = require(out('grounding/identifiers.js'));
const { declarationEnd, importLines, leadingCommentStart } = require(out('grounding/sourceLines.js'));
const { estimateTokens } = require(out('prompts/budget.js'));
const { explainMessages } = require(out('prompts/explain.js'));

const arg = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const samples = arg('--samples', 500);
let seed = arg('--seed', 15);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

function filesUnder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(file).isDirectory())) return filesUnder(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

const started = Date.now();
const files = [...new Set(filesUnder(fs.realpathSync(path.join(ROOT, 'node_modules'))))];
if (files.length < 1000) process.stderr.write(`only ${files.length} TypeScript sources found under node_modules\n`);
const corpus = files.map((file) => {
  const text = fs.readFileSync(file, 'utf8');
  return { file: path.relative(ROOT, file), uri: `file://${file}`, text, lines: text.split(/\r?\n/) };
});

// The stand-in for a warm language server: where each name is declared.
const declarations = new Map();
const declaration =
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var)\s+([A-Za-z_$][\w$]*)/;
for (const source of corpus) {
  source.lines.forEach((line, index) => {
    const match = declaration.exec(line);
    if (match && !declarations.has(match[1])) declarations.set(match[1], { source, line: index });
  });
}
const indexMs = Date.now() - started;

function gather(source, startLine, endLine) {
  const selection = source.lines.slice(startLine, endLine + 1).join('\n');
  const candidates = [];
  for (const { name, offset, called } of usedIdentifiers(selection, 'typescript')) {
    const found = declarations.get(name);
    if (!found) continue;
    const lines = found.source.lines;
    const first = leadingCommentStart(lines, found.line);
    const last = Math.min(declarationEnd(lines, found.line), lines.length - 1);
    candidates.push({
      kind: 'definition',
      symbol: name,
      firstUse: offset,
      called,
      span: { uri: found.source.uri, file: found.source.file, startLine: first, endLine: last },
      text: lines.slice(first, last + 1).join('\n'),
      languageId: 'typescript',
    });
  }
  const imports = importLines(source.lines);
  if (imports) candidates.push({ kind: 'imports', span: { uri: source.uri, file: source.file, ...imports }, text: imports.text, languageId: 'typescript' });
  const grounding = buildGrounding(candidates, { selection: { uri: source.uri, startLine, endLine }, maxTokens: 16_000 });
  const messages = withGrounding(
    explainMessages({ code: selection, languageId: 'typescript', fileName: source.file, startLine: startLine + 1, endLine: endLine + 1 }),
    grounding,
  );
  return { grounding, messages, selection };
}

// Warm the JIT as a running extension host would be.
for (let i = 0; i < 50; i++) gather(corpus[i % corpus.length], 0, 5);

const times = [];
const added = [];
const naive = [];
const items = [];
for (let sample = 0; sample < samples; sample++) {
  const source = corpus[Math.floor(random() * corpus.length)];
  if (source.lines.length < 10) {
    sample--;
    continue;
  }
  const startLine = Math.floor(random() * (source.lines.length - 8));
  const endLine = startLine + 1 + Math.floor(random() * 7);
  const t0 = process.hrtime.bigint();
  const { grounding } = gather(source, startLine, endLine);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  added.push(grounding.tokens);
  items.push(grounding.view.items.length);
  naive.push(estimateTokens(source.text));
}

const row = (label, values, unit) =>
  `| ${label} | ${percentile(values, 50).toFixed(unit === 'ms' ? 2 : 0)} ${unit} | ${percentile(values, 95).toFixed(unit === 'ms' ? 2 : 0)} ${unit} | ${Math.max(...values).toFixed(unit === 'ms' ? 2 : 0)} ${unit} |`;
process.stdout.write(
  [
    `context bench: ${corpus.length} TypeScript sources under node_modules, ${declarations.size} declared names (index built in ${indexMs} ms, once), ${samples} selections of 2–8 lines, budget 16,000 tokens`,
    '',
    '| per selection | p50 | p95 | max |',
    '|---|---|---|---|',
    row('pure gathering time (identifiers → grounded prompt)', times, 'ms'),
    row('items sent', items, ''),
    row('tokens added by the context', added, 'tokens'),
    row('naive: the whole file instead', naive, 'tokens'),
    '',
  ].join('\n'),
);
