#!/usr/bin/env node
// Edit in place (issue 17): from the first content chunk on the wire to the first new line painted
// in the editor, inside a real VS Code (code-server in headless Chromium, test/e2e/workbench.ts),
// beside the way it was before in the same run: the side-by-side diff editor, opened once the whole
// reply has arrived (Fix Code with flashlight.codeActions.diffStyle sideBySide).
//
//   node esbuild.js && npm run -s compile && node test/bench/inlineEdit/paintBench.js [--runs N]
//
// Clocks: the fake OpenRouter runs in this process and notes when each content chunk left
// (sentAt); a MutationObserver in the workbench page notes when the first new line appeared in the
// editor's view lines, and a requestAnimationFrame after that mutation when the frame that paints
// it began. All read epoch ms (timeOrigin + now()); the page's offset from this process is checked.
// - inline: the new line is the inline diff's decoration text, drawn by Monaco as CSS ::before /
//   ::after `content` on a span of .view-lines, so each added span is read with getComputedStyle.
// - side by side: the new line is plain text of the diff editor's modified side.
// Two figures per way: from the first content chunk (what the user waits for), and from the chunk
// that completed the first new line (the extension's and the workbench's own share).
// A measurement, not a test: it prints a table, writes test-results/bench/inline-paint.json and
// exits 0 unless it could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { percentile } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const workbenchModule = path.join(ROOT, 'out', 'test', 'e2e', 'workbench.js');
if (!fs.existsSync(workbenchModule) || !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
  process.stderr.write('Build first: node esbuild.js && npm run -s compile\n');
  process.exit(1);
}
const { openWorkbenchWithFake, openFile, selectLines, runCommand } = require(workbenchModule);

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
// 24-character deltas 5 ms apart: about 1,000 tokens/s, the fast end of Gemini Flash (as vscodeBench.js).
const CHUNK = { chunkSize: 24, chunkDelayMs: 5 };
const KEY = 'sk-or-v1-bench-inline-paint-000000';

/** A 24-line function; the model's edit changes its first line, so the first new line is line 1 of the reply. */
function fixture() {
  const body = [];
  for (let index = 0; index < 22; index++) body.push(`  const value${index} = compute(${index}, options.factor * ${index % 7});`);
  const original = ['export function summarize(options: Options): number {', ...body, '}'];
  const edited = [
    'export function summarizeSafely(options: Options, fallback = 0): number {',
    ...body.map((line, index) => (index % 5 === 2 ? line.replace('compute', 'computeSafely') : line)),
    '}',
  ];
  const file = [
    '// Benchmark fixture: the function the edit rewrites.',
    'declare function compute(index: number, factor: number): number;',
    'declare function computeSafely(index: number, factor: number): number;',
    'interface Options { factor: number }',
    '',
    ...original,
    '',
  ].join('\n');
  const from = 6;
  return {
    file,
    from,
    to: from + original.length - 1,
    target: edited[0],
    reply: `\`\`\`typescript\n${edited.join('\n')}\n\`\`\`\nWhy: it falls back instead of throwing.\n`,
  };
}

/** Installed once in the workbench page: watches .view-lines for the armed line, inline or as text. */
function installProbe() {
  const clock = () => performance.timeOrigin + performance.now();
  const plain = (text) => text.replace(/\u00a0/g, ' ');
  const state = { armed: null, result: null };
  window.__inlinePaint = state;
  const injected = (node, target) => {
    const spans = node.matches('span') ? [node, ...node.querySelectorAll('span')] : [...node.querySelectorAll('span')];
    for (const span of spans) {
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(span, pseudo).content;
        if (content && content.length > 2 && plain(content).includes(target)) return true;
      }
    }
    return false;
  };
  new MutationObserver((records) => {
    const armed = state.armed;
    if (!armed || state.result) return;
    const at = clock();
    for (const record of records) {
      const inLines = record.target instanceof Element && record.target.closest('.view-lines');
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        // A new editor (the diff editor) may be attached whole, its view lines already inside.
        const lines = inLines ? [node] : [...node.querySelectorAll('.view-lines')];
        const found = lines.some((element) =>
          armed.mode === 'inline' ? injected(element, armed.target) : plain(element.textContent || '').includes(armed.target),
        );
        if (!found) continue;
        const result = { mutationAt: at, frameAt: undefined };
        state.result = result;
        requestAnimationFrame(() => (result.frameAt = clock()));
        return;
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
  return { offset: Date.now() - clock() };
}

function arm(page, mode, target) {
  return page.evaluate(
    ([mode, target]) => {
      window.__inlinePaint.result = null;
      window.__inlinePaint.armed = { mode, target };
    },
    [mode, target],
  );
}

async function painted(page) {
  await page.waitForFunction(() => window.__inlinePaint.result && window.__inlinePaint.result.frameAt !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => {
    const result = window.__inlinePaint.result;
    window.__inlinePaint.armed = null;
    return result;
  });
}

/** The first content chunk on the wire, and the chunk after which the first new line was complete. */
function wireTimes(fake, target) {
  const chunks = fake.chunks.filter((chunk) => chunk.content.length > 0);
  if (!chunks.length) throw new Error('the fake sent no content');
  let text = '';
  const completing = chunks.find((chunk) => (text += chunk.content).includes(`${target}\n`));
  return { first: chunks[0].sentAt, lineComplete: completing.sentAt };
}

function lens(page, text) {
  return page.locator('.editor-instance .codelens-decoration', { hasText: text }).first();
}

async function inlineEdit(page, fx) {
  await selectLines(page, fx.from, fx.to);
  await page.keyboard.press('Control+Alt+U');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.type('fall back instead of throwing');
  await page.keyboard.press('Enter');
  const mark = await painted(page);
  await lens(page, 'Accept (Ctrl+Enter)').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Escape');
  await lens(page, 'Reject (Esc)').waitFor({ state: 'detached', timeout: 15_000 });
  return mark;
}

async function sideBySide(page, fx) {
  await selectLines(page, fx.from, fx.to);
  await runCommand(page, 'Flashlight: Fix Code');
  const mark = await painted(page);
  await runCommand(page, 'Flashlight: Reject Suggestion');
  await runCommand(page, 'View: Close All Editors');
  await openFile(page, 'src/paint.ts');
  return mark;
}

function summary(values) {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values), n: values.length };
}

async function main() {
  const fx = fixture();
  const wb = await openWorkbenchWithFake({
    apiKey: KEY,
    files: { 'src/paint.ts': fx.file },
    settings: { 'flashlight.codeActions.diffStyle': 'sideBySide' },
  });
  const results = { date: new Date().toISOString(), runs: RUNS, chunk: CHUNK, ways: {} };
  try {
    const { page, fake } = wb;
    await page.waitForTimeout(3000); // Flashlight activates after startup
    const { offset } = await page.evaluate(installProbe);
    results.clockOffsetMs = Math.abs(offset - (Date.now() - (performance.timeOrigin + performance.now())));
    await openFile(page, 'src/paint.ts');
    const ways = [
      { name: 'inline diff (Flashlight: Edit…)', mode: 'inline', run: inlineEdit },
      { name: 'side-by-side diff editor (before)', mode: 'diff', run: sideBySide },
    ];
    for (const way of ways) {
      const fromFirst = [];
      const fromLine = [];
      // One warm-up edit each (first decoration types, first diff editor), not counted.
      for (let run = -1; run < RUNS; run++) {
        fake.reset();
        fake.enqueue({ text: fx.reply, ...CHUNK });
        await arm(page, way.mode, fx.target);
        const mark = await way.run(page, fx);
        const wire = wireTimes(fake, fx.target);
        if (run < 0) continue;
        fromFirst.push(mark.frameAt - wire.first);
        fromLine.push(mark.frameAt - wire.lineComplete);
      }
      results.ways[way.name] = { fromFirstChunk: summary(fromFirst), fromLineComplete: summary(fromLine), raw: { fromFirst, fromLine } };
      process.stdout.write(`${way.name}: ${RUNS} edits done\n`);
    }
  } finally {
    await wb.stop();
  }
  const fmt = (value) => `${value.toFixed(1)} ms`;
  const rows = Object.entries(results.ways).map(
    ([name, way]) =>
      `| ${name} | ${fmt(way.fromFirstChunk.p50)} | ${fmt(way.fromFirstChunk.p95)} | ${fmt(way.fromLineComplete.p50)} | ${fmt(way.fromLineComplete.p95)} |`,
  );
  process.stdout.write(
    [
      '',
      `First new line painted in the editor (code-server, headless Chromium; ${RUNS} edits each; ${CHUNK.chunkSize}-character deltas ${CHUNK.chunkDelayMs} ms apart; clock offset ${results.clockOffsetMs.toFixed(1)} ms)`,
      '',
      '| Way | from first chunk, p50 | p95 | from the chunk completing the line, p50 | p95 |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  const out = path.join(ROOT, 'test-results', 'bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'inline-paint.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
