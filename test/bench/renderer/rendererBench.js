// Benchmark 1: the webview renderer's CPU in headless Chromium. The real production bundle
// (dist/webview.js, `node esbuild.js --production`) runs in a page that mimics the webview: the
// same element ids and CSP shape as src/host/views/webviewHtml.ts, media/webview.css, the codicons,
// a stub acquireVsCodeApi. Messages are posted as the extension would post them. The naive
// renderer (test/bench/renderer/naiveRenderer.ts) runs in the same page, over the same deltas.
//
// What is timed (benchPage.ts): per update, performance.now() from just before the bundle's
// `message` listener to just after the animation-frame callbacks it scheduled: the script plus the
// style and layout that auto-scroll's scrollHeight read forces (not paint). The page is
// cross-origin isolated, so the clock has 5 µs resolution. The fast renderer runs each stream
// FAST_RUNS times and each update counts with its median over the runs, which keeps the machine's
// other work out; one more run under a Chromium trace splits script from style and layout (the
// trace's thread time is not the headline: tracing itself slows layout down). The naive renderer
// is timed once, on a sample of its updates (naiveSample).
'use strict';

const fs = require('fs');
const path = require('path');
const { launchBrowser } = require('../../harness/browser');
const { readFixture, splitText, coalesce, deltaIntervalMs } = require('../stream-model');
const { sum, median, percentile, lastOverFirstTenth } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
// localhost is a secure context, so the page can be cross-origin isolated (fine-grained timers);
// every request to it is answered by page.route below, nothing listens there.
const ORIGIN = 'http://localhost:9';
const DRIVER = '/bench/bench-page.js';

const FILES = {
  '/dist/webview.js': ['dist/webview.js', 'text/javascript'],
  '/dist/codicons/codicon.css': ['dist/codicons/codicon.css', 'text/css'],
  '/dist/codicons/codicon.ttf': ['dist/codicons/codicon.ttf', 'font/ttf'],
  '/media/webview.css': ['media/webview.css', 'text/css'],
  [DRIVER]: ['out/bench/bench-page.js', 'text/javascript'],
};

const question = { title: 'Explain', file: 'src/bench.ts', lines: '1–40', language: 'typescript', excerpt: 'export function bench() {\n  …' };

function toMessages(texts, requestId) {
  return [
    { type: 'start', requestId, question },
    ...texts.map((text) => ({ type: 'delta', requestId, text })),
    { type: 'done', requestId, stats: { model: 'google/gemini-flash-latest', timeToFirstTokenMs: 250, tokensPerSecond: 250 }, stopped: false },
  ];
}

const TRACE_CATEGORIES = ['devtools.timeline'];
const LAYOUT_EVENTS = new Set(['Layout', 'UpdateLayoutTree']);

/**
 * CPU time per update from a Chromium trace: each update is one HandlePostMessage task;
 * `tdur` is its thread time (what the renderer's main thread really spent, whatever else the
 * machine was doing), and the Layout / UpdateLayoutTree events nested in it are the style and
 * layout it forced.
 */
function cpuFromTrace(buffer, expectedTasks) {
  const { traceEvents } = JSON.parse(buffer.toString('utf8'));
  const dispatches = traceEvents.filter((e) => e.ph === 'X' && e.name === 'HandlePostMessage').sort((a, b) => a.ts - b.ts);
  if (dispatches.length !== expectedTasks) {
    throw new Error(`renderer bench: expected ${expectedTasks} message tasks in the trace, found ${dispatches.length}`);
  }
  if (dispatches.some((e) => typeof e.tdur !== 'number')) throw new Error('renderer bench: the trace has no thread times (tdur)');
  const layouts = traceEvents.filter((e) => e.ph === 'X' && LAYOUT_EVENTS.has(e.name) && e.tid === dispatches[0].tid).sort((a, b) => a.ts - b.ts);
  const cpuMs = [];
  const layoutMs = [];
  let j = 0;
  for (const d of dispatches) {
    let layout = 0;
    while (j < layouts.length && layouts[j].ts < d.ts) j++;
    for (let k = j; k < layouts.length && layouts[k].ts < d.ts + d.dur; k++) layout += (layouts[k].tdur ?? layouts[k].dur) / 1000;
    cpuMs.push(d.tdur / 1000);
    layoutMs.push(layout);
  }
  return { cpuMs, layoutMs };
}

/** Runs one stream with tracing on; returns wall times from the page and CPU times from the trace. */
async function traced(browser, page, expectedTasks, fn) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  // Tracing reaches the page's renderer a moment after startTracing resolves: let it settle, so
  // the first update's task is in the trace.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
  let result;
  try {
    result = await fn();
  } finally {
    var buffer = await browser.stopTracing();
  }
  const { cpuMs, layoutMs } = cpuFromTrace(buffer, expectedTasks);
  return { ...result, cpuMs, layoutMs };
}

const FAST_RUNS = 3;

/**
 * Figures for the fast renderer from several runs of the same stream: each update's time is its
 * median over the runs (one run's outliers are the machine's other work, not ours), then the
 * total, median, p99 and growth over those. The traced run gives the share of style and layout.
 */
function summariseFast(runs, tracedRun, isDelta) {
  const perTask = runs[0].taskMs.map((_, i) => median(runs.map((run) => run.taskMs[i])));
  const perUpdate = perTask.filter(isDelta);
  // The frame's style and layout after each update (forced after the timing), median over runs.
  const layoutPerUpdate = runs[0].layoutMs.map((_, i) => median(runs.map((run) => run.layoutMs[i])));
  const withLayout = perUpdate.map((script, i) => script + layoutPerUpdate[i]);
  const layoutShare = sum(tracedRun.layoutMs) / sum(tracedRun.cpuMs);
  const tracedUpdates = tracedRun.cpuMs.filter(isDelta);
  return {
    updates: perUpdate.length,
    runs: runs.length,
    // start + every delta + done, each at its median over the runs
    totalMs: sum(perTask),
    runTotalsMs: runs.map((run) => run.totalMs),
    medianMs: median(perUpdate),
    p99Ms: percentile(perUpdate, 99),
    maxMs: Math.max(...perUpdate),
    lastOverFirst: lastOverFirstTenth(perUpdate),
    scriptTotalMs: sum(perTask) * (1 - layoutShare),
    layoutShare,
    idleMs: median(runs.map((run) => run.idleMs)),
    frameLayoutTotalMs: sum(layoutPerUpdate),
    frameLayoutMedianMs: median(layoutPerUpdate),
    withLayoutTotalMs: sum(perTask) + sum(layoutPerUpdate),
    withLayoutP99Ms: percentile(withLayout, 99),
    tracedCpuTotalMs: sum(tracedRun.cpuMs),
    tracedCpuP99Ms: percentile(tracedUpdates, 99),
  };
}

/** The naive renderer's figures from its sampled run; totals scaled to every update. */
function summariseNaive(run, scale, tracedRun) {
  const layoutShare = tracedRun ? sum(tracedRun.layoutMs) / sum(tracedRun.cpuMs) : NaN;
  return {
    updates: Math.round(run.updateMs.length * scale),
    sampled: run.updateMs.length,
    totalMs: run.totalMs * scale,
    medianMs: median(run.updateMs),
    p99Ms: percentile(run.updateMs, 99),
    maxMs: Math.max(...run.updateMs),
    lastOverFirst: lastOverFirstTenth(run.updateMs),
    scriptTotalMs: run.totalMs * scale * (1 - layoutShare),
    layoutShare,
  };
}

// The naive HTML has a newline between block elements and the fast DOM does not, so the texts are
// compared without whitespace; the characters themselves must all be there, in the same order.
const normalise = (text) => text.replace(/\s+/g, '');

/** Where two texts first differ, with a little context: for the report when they do. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  return { at: i, fast: a.slice(Math.max(0, i - 40), i + 40), naive: b.slice(Math.max(0, i - 40), i + 40) };
}

/**
 * Opens the benchmark page in a fresh headless Chromium; the caller closes `browser`.
 * `webviewFile` serves another webview bundle instead of dist/webview.js (to compare two builds).
 */
async function openBenchPage({ webviewFile } = {}) {
  for (const [, [file]] of Object.entries(FILES)) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`renderer bench: missing ${file} (build first)`);
  }
  const { benchPageHtml } = require(path.join(ROOT, 'out', 'bench', 'page-html.js'));
  const PAGE = benchPageHtml(ORIGIN, DRIVER);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      // Cross-origin isolated, so performance.now() has 5 µs resolution instead of 100 µs.
      const headers = {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
      };
      if (url.pathname === '/' || url.pathname === '/index.html') return route.fulfill({ body: PAGE, contentType: 'text/html', headers });
      const entry = FILES[url.pathname];
      if (!entry) return route.fulfill({ status: 404, body: '', headers });
      const file = webviewFile && url.pathname === '/dist/webview.js' ? webviewFile : path.join(ROOT, entry[0]);
      return route.fulfill({ body: fs.readFileSync(file), contentType: entry[1], headers });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => window.flashlightBench && window.flashlightBench.posted.some((m) => m.type === 'ready'));
    const cdp = await context.newCDPSession(page);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    return { browser, page, cdp, pageErrors, isolated };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Every `step`-th update of the naive renderer, timed for real. Its cost depends only on the
 * text so far (it keeps no state: whole parse, whole innerHTML), so the total of all updates is
 * estimated as the sampled total times `step`. Timing every update would take minutes.
 */
function naiveSample(texts, step) {
  const prefixes = [];
  let text = '';
  texts.forEach((delta, i) => {
    text += delta;
    if (i % step === step - 1 || i === texts.length - 1) prefixes.push(text);
  });
  return prefixes;
}

/**
 * @param {{ log?: (line: string) => void, naiveStep?: number }} options
 * @returns the fast and naive figures for two streams: `worst` (one 24-char delta per message,
 *   also what 250 tokens/s gives, a delta every 24 ms being longer than a frame) and `coalesced`
 *   (1,000 tokens/s: a delta every 6 ms, batched per 16 ms frame as the extension does).
 */
async function runRendererBench({ log = () => {}, naiveStep = 10, naive: withNaive = true } = {}) {
  const fixture = readFixture();
  const deltas = splitText(fixture);
  const streams = {
    worst: deltas,
    coalesced: coalesce(deltas, deltaIntervalMs(1000)),
  };

  const { browser, page, pageErrors, isolated } = await openBenchPage();
  try {
    const results = {};
    let requestId = 1;
    const clear = () => page.evaluate(() => window.flashlightBench.clear());
    for (const [name, texts] of Object.entries(streams)) {
      const messages = () => toMessages(texts, requestId++);
      const isDelta = (_, i) => i > 0 && i <= texts.length;
      // A warm-up pass, so both renderers run JIT-compiled code when timed.
      await page.evaluate((m) => window.flashlightBench.runFast(m), toMessages(texts.slice(0, 400), 1000 + requestId));
      await clear();
      log(`renderer: fast, ${name} stream (${texts.length} updates, ${FAST_RUNS} runs + 1 traced)`);
      const fastRuns = [];
      for (let run = 0; run < FAST_RUNS; run++) {
        fastRuns.push(await page.evaluate((m) => window.flashlightBench.runFast(m), messages()));
        await clear();
      }
      const tracedMessages = messages();
      const tracedFast = await traced(browser, page, tracedMessages.length, () =>
        page.evaluate((m) => window.flashlightBench.runFast(m, { frameLayout: false }), tracedMessages),
      );
      await clear();
      const fast = summariseFast(fastRuns, tracedFast, isDelta);
      if (!withNaive) {
        results[name] = { fast };
        continue;
      }
      const sample = naiveSample(texts, naiveStep);
      await page.evaluate((t) => window.flashlightBench.runNaive(t), sample.slice(0, 10));
      log(`renderer: naive, ${name} stream (every ${naiveStep}th of ${texts.length} updates)`);
      const naiveRun = await page.evaluate((t) => window.flashlightBench.runNaive(t), sample);
      await clear();
      // The style and layout share of the naive way, from a short traced run near the answer's end.
      const tail = sample.slice(-10);
      const tracedNaive = await traced(browser, page, tail.length, () => page.evaluate((t) => window.flashlightBench.runNaive(t), tail));
      await clear();
      const fastText = normalise(fastRuns[0].text);
      const naiveText = normalise(naiveRun.text);
      results[name] = {
        fast,
        naive: summariseNaive(naiveRun, texts.length / sample.length, tracedNaive),
        sameText: fastText === naiveText,
        textChars: fastText.length,
        difference: firstDifference(fastText, naiveText),
      };
    }
    // For the chunk-to-paint benchmark: what the webview's text length is once each delta is shown.
    const lengths = await page.evaluate((m) => window.flashlightBench.textLengths(m), toMessages(deltas, requestId++));
    await page.evaluate(() => window.flashlightBench.clear());
    if (pageErrors.length) throw new Error(`renderer bench page errors:\n${pageErrors.join('\n')}`);
    return { fixtureChars: fixture.length, deltas: deltas.length, naiveStep, isolated, results, lengthsAfterDelta: lengths };
  } finally {
    await browser.close();
  }
}

/** Diagnostics: a CPU profile of the fast renderer over the worst stream, self time by function. */
async function profileFast({ top = 30, webviewFile } = {}) {
  const texts = splitText(readFixture());
  const { browser, page, cdp } = await openBenchPage({ webviewFile });
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.evaluate((m) => window.flashlightBench.runFast(m), toMessages(texts, 1));
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map();
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const { callFrame } = byId.get(id);
      const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [key, value] of rows) console.log(`${value.toFixed(1).padStart(9)} ms  ${key}`);
  } finally {
    await browser.close();
  }
}

module.exports = { runRendererBench, profileFast, openBenchPage, cpuFromTrace, toMessages };

if (require.main === module && process.argv.includes('--profile')) {
  const webviewFile = process.argv.find((arg) => arg.startsWith('--webview='))?.slice('--webview='.length);
  profileFast({ webviewFile }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  // Diagnostics: `node test/bench/renderer/rendererBench.js [--fast-only]` prints this benchmark's
  // raw figures; `--profile [--webview=path]` prints where the fast renderer's time goes.
  runRendererBench({ log: (line) => process.stderr.write(`${line}\n`), naive: !process.argv.includes('--fast-only') }).then(
    (r) => {
      for (const [name, x] of Object.entries(r.results)) {
        console.log(name, JSON.stringify(x, null, 1));
      }
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
