// Benchmarks 2-4 in a real VS Code: code-server in headless Chromium (test/harness/), the
// extension under development pointed at the fake OpenRouter (flashlight.baseUrl) with a key in
// OPENROUTER_API_KEY, and test/bench/host/hostBench.ts running inside the extension host.
// - Keystroke to request: the host notes the time just before executeCommand('flashlight.
//   explainSelection'); the fake server notes when the request's headers arrived (receivedAt).
// - Chunk to paint: the fake streams the long answer in 24-character deltas; a MutationObserver in
//   the webview's frame notes when the answer's text length first reaches what it is once each
//   delta is shown (measured on the same bundle by the renderer bench); the fake notes when each
//   delta left (sentAt). All three processes read the same clock (epoch ms, timeOrigin + now()).
// - Bytes and messages over postMessage: a `message` listener in the same frame counts what the
//   extension posted for the answer.
// - Where a late delta waited: beside the extension's post times, the host bench samples its event
//   loop's lag, and long-task observers watch the workbench's thread and the webview's (in
//   code-server the webview's frame shares the workbench's renderer, thread and heap).
//   FLASHLIGHT_BENCH_RAW=1 also writes each delta's timings to test-results/bench/paint-raw-<rate>.json.
//   FLASHLIGHT_BENCH_RATES=1000 streams at that rate only (for A/B runs of the relay; the table needs both).
//
// Run alone, for the keystroke figures only (no streaming runs, no renderer calibration; about
// a minute), after `node esbuild.js --production && node test/bench/build.js`:
//   node test/bench/vscodeBench.js --keystroke-only [--warm-runs N]
// or chunk to paint alone, N fresh windows: FLASHLIGHT_BENCH_RATES=1000 node test/bench/vscodeBench.js --paint-only --runs N
// It prints the figures and writes test-results/bench/keystroke.json (latest.json is untouched).
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');
const { startCodeServer } = require('../harness/code-server');
const { openBrowser } = require('../harness/browser');
const { makeWorkspace } = require('../harness/workspace');
const { readFixture, splitText, CHARS_PER_TOKEN, DELTA_CHARS } = require('./stream-model');
const { percentile, median, max } = require('./stats');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST_BENCH = path.join(ROOT, 'out', 'bench', 'host-bench');
const SHOTS = path.join(ROOT, 'test-results', 'bench');
const KEY = 'sk-or-v1-bench-0000000000000000';

/**
 * The fake server sleeps chunkDelayMs between deltas with setTimeout, which fires a little late
 * (about a millisecond here); these delays give about 250 and 1,000 tokens/s of 24-character
 * deltas (6 tokens each: 24 ms and 6 ms apart). The achieved rate is measured and reported.
 */
const RATES_ALL = [
  { tokensPerSecond: 250, chunkDelayMs: 23 },
  { tokensPerSecond: 1000, chunkDelayMs: 5 },
];
const RATES = process.env.FLASHLIGHT_BENCH_RATES
  ? RATES_ALL.filter((r) => process.env.FLASHLIGHT_BENCH_RATES.split(',').includes(String(r.tokensPerSecond)))
  : RATES_ALL;

function startCoordinator(handlers) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const step = (req.url || '/').slice(1);
      try {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        const handler = handlers[step];
        if (!handler) throw new Error(`no step ${step}`);
        const result = (await handler(body)) ?? {};
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error && error.stack ? error.stack : error));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Finds the frame that holds the answer panel's document (webviews are nested iframes). */
async function answerFrame(page, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if (await frame.$('#flashlight-answer')) return frame;
      } catch {
        // navigated away while we looked
      }
    }
    if (Date.now() > deadline) throw new Error('vscode bench: no answer panel frame');
    await page.waitForTimeout(100);
  }
}

/** Installed in the webview's frame before a measured run: records text lengths and messages. */
function installProbe() {
  const clock = () => performance.timeOrigin + performance.now();
  const before = document.querySelector('#flashlight-answer .answer');
  const probe = { marks: [], messages: [] };
  window.__flashlightBench = probe;
  let last = -1;
  // The body's text length without building its text: textContent would allocate the whole
  // answer (up to 80 KB) on every frame, and that garbage, on the thread the workbench shares
  // with its webviews, brought on major GC pauses of 100-250 ms that the probe then measured.
  const textLength = (root) => {
    if (!root) return 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let length = 0;
    while (walker.nextNode()) length += walker.currentNode.length;
    return length;
  };
  // One callback per rendered frame (after the bundle's DOM changes): note the text length of the
  // new answer's body whenever it changed.
  new MutationObserver(() => {
    const answer = document.querySelector('#flashlight-answer .answer');
    if (!answer || answer === before) return;
    const length = textLength(answer.querySelector('.answer-body'));
    if (length !== last) {
      probe.marks.push([clock(), length]);
      last = length;
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  const encoder = new TextEncoder();
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data.type !== 'string' || typeof data.requestId !== 'number') return;
    const text = typeof data.text === 'string' ? data.text : '';
    probe.messages.push([clock(), data.type, data.requestId, encoder.encode(JSON.stringify(data)).length, encoder.encode(text).length, text.length]);
  });
  return { offset: Date.now() - clock() };
}

/**
 * Installed in the workbench's page and in the webview's frame: their tasks over 50 ms, so a late
 * delta can be told from a busy thread. Read (and emptied) by takeLongTasks.
 */
function installLongTaskProbe() {
  if (window.__flashlightBenchLongTasks) return;
  const tasks = [];
  window.__flashlightBenchLongTasks = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push([performance.timeOrigin + entry.startTime, entry.duration]);
    }).observe({ type: 'longtask' });
  } catch {
    // no long-task timing in this browser
  }
}

/** The long tasks a page or frame noted since the last call: [[epoch ms, duration ms], …]. */
function takeLongTasks(target) {
  return target.evaluate(() => window.__flashlightBenchLongTasks.splice(0));
}

/** Count, total and longest of some long tasks. */
function longTaskSummary(tasks) {
  const durations = tasks.map(([, duration]) => duration);
  return { count: tasks.length, totalMs: durations.reduce((total, d) => total + d, 0), maxMs: Math.max(0, max(durations)) };
}

/** Per delta: the delay from leaving the fake server to its text being in the webview's DOM. */
function chunkToPaint(chunks, marks, lengthsAfterDelta) {
  if (chunks.length !== lengthsAfterDelta.length) {
    throw new Error(`vscode bench: ${chunks.length} chunks streamed, ${lengthsAfterDelta.length} lengths calibrated`);
  }
  // The text length a delta needs shown: the least any later state has (markup can make the
  // rendered text shrink a little, e.g. "**" vanishing when bold closes).
  const needed = new Array(lengthsAfterDelta.length);
  let least = Infinity;
  for (let i = lengthsAfterDelta.length - 1; i >= 0; i--) needed[i] = least = Math.min(least, lengthsAfterDelta[i]);
  const delays = [];
  let m = 0;
  for (let i = 0; i < chunks.length; i++) {
    while (m < marks.length && marks[m][1] < needed[i]) m++;
    if (m === marks.length) throw new Error(`vscode bench: delta ${i + 1} of ${chunks.length} never appeared in the webview`);
    delays.push(marks[m][0] - chunks[i].sentAt);
  }
  return delays;
}

/**
 * Per delta: the delay from leaving the fake server to the message that completes its text
 * ([time, …, text length at index 5]): arriving in the webview, or posted by the extension. So
 * the runner can tell where a late paint lost its time.
 */
function chunkToArrival(chunks, messages) {
  const delays = [];
  let needed = 0;
  let received = 0;
  let m = 0;
  for (const chunk of chunks) {
    needed += chunk.content.length;
    while (received < needed && m < messages.length) received += messages[m++][5];
    if (received < needed) throw new Error('vscode bench: the webview received less text than the server sent');
    delays.push(messages[m - 1][0] - chunk.sentAt);
  }
  return delays;
}

/** Most messages in any one-second window, and the mean rate over the stream. */
function messageRates(times) {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  const span = (times[times.length - 1] - times[0]) / 1000;
  return { peakPerSecond: most, meanPerSecond: span > 0 ? (times.length - 1) / span : NaN };
}

/** What posting the whole text so far on every delta (Cline's and Roo's way) would send. */
function wholeTextBytes(deltas, requestId) {
  let text = '';
  let bytes = 0;
  for (const delta of deltas) {
    text += delta;
    bytes += Buffer.byteLength(JSON.stringify({ type: 'partial', requestId, text }));
  }
  return bytes;
}

/**
 * @param {{ lengthsAfterDelta: number[], log?: (line: string) => void, warmRuns?: number, timeoutMs?: number, keystrokeOnly?: boolean }} options
 */
async function runVscodeBench({ lengthsAfterDelta, log = () => {}, warmRuns = 40, timeoutMs = 420_000, keystrokeOnly = false }) {
  if (!fs.existsSync(`${HOST_BENCH}.js`)) throw new Error('vscode bench: missing out/bench/host-bench.js (node test/bench/build.js)');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('vscode bench: missing dist/extension.js (build first)');
  const { startFakeOpenRouter } = require(path.join(ROOT, 'out', 'bench', 'fake-openrouter.js'));
  const fixture = readFixture();
  const deltas = splitText(fixture);

  const fake = await startFakeOpenRouter();
  fake.setDefault({ text: 'A short answer, so the keystroke runs stay quick.' });
  const results = { paint: [] };
  const pending = keystrokeOnly ? [] : [...RATES];
  let page;
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  const completions = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

  const coordinator = await startCoordinator({
    keystroke: ({ wasActive, activationMs, starts, settleRuns }) => {
      const requests = completions();
      if (requests.length !== starts.length) throw new Error(`${starts.length} keystrokes but ${requests.length} requests`);
      const delays = starts.map((start, i) => requests[i].receivedAt - start);
      const warmMs = delays.slice(1 + settleRuns);
      // Requests that asked the server to close their connection (each next one then opens a new one).
      const connectionClose = requests.filter((r) => String(r.headers.connection).toLowerCase() === 'close').length;
      results.keystroke = { wasActive, activationMs, coldMs: delays[0], settleMs: delays.slice(1, 1 + settleRuns), warmMs, connectionClose };
      log(
        `vscode: keystroke to request, cold ${delays[0].toFixed(1)} ms, then ${results.keystroke.settleMs.map((d) => d.toFixed(1)).join(', ')} ms, warm median ${median(warmMs).toFixed(1)} ms`,
      );
    },
    'paint-next': async () => {
      const rate = pending.shift();
      if (!rate) return {};
      fake.reset();
      fake.enqueue({ text: fixture, chunkSize: DELTA_CHARS, chunkDelayMs: rate.chunkDelayMs });
      const frame = await answerFrame(page);
      const { offset } = await frame.evaluate(installProbe);
      await frame.evaluate(installLongTaskProbe);
      await page.evaluate(installLongTaskProbe);
      await Promise.all([takeLongTasks(frame), takeLongTasks(page)]); // only this stream's
      results.clockOffsetMs = Math.max(results.clockOffsetMs ?? 0, Math.abs(offset - (Date.now() - (performance.timeOrigin + performance.now()))));
      results.current = { rate, frame, shotAt: Date.now() + 8000 };
      log(`vscode: streaming the answer at ${rate.tokensPerSecond} tokens/s`);
      return { rate: rate.tokensPerSecond };
    },
    'paint-done': async ({ posts, lags }) => {
      const { rate, frame } = results.current;
      // The host's command resolves when the stream ends there; the webview may still be catching up.
      await frame.waitForSelector('#flashlight-answer .answer[data-state]', { timeout: 120_000 });
      await page.waitForTimeout(100);
      const probe = await frame.evaluate(() => window.__flashlightBench);
      const requestId = Math.max(...probe.messages.map((m) => m[2]));
      const messages = probe.messages.filter((m) => m[2] === requestId);
      const streamed = fake.requests.lastIndexOf(completions().at(-1));
      const chunks = fake.chunks.filter((c) => c.requestIndex === streamed);
      const delays = chunkToPaint(chunks, probe.marks, lengthsAfterDelta);
      const arrivals = chunkToArrival(
        chunks,
        messages.filter((m) => m[1] === 'delta'),
      );
      // When the extension posted each delta: splits the transport into ours and VS Code's relay.
      const postedAt = chunkToArrival(
        chunks,
        posts.filter((p) => p[2] === requestId && p[1] === 'delta'),
      );
      const sent = chunks.map((c) => c.sentAt);
      const achieved = ((chunks.length - 1) * (DELTA_CHARS / CHARS_PER_TOKEN)) / ((sent[sent.length - 1] - sent[0]) / 1000);
      // Counted where the extension posts them (its batcher decides the rate); the webview's own
      // count of what arrived is kept beside it (the relay through the workbench can bunch them).
      const posted = posts.filter((p) => p[2] === requestId);
      const postedDeltas = posted.filter((p) => p[1] === 'delta');
      const deltaMessages = messages.filter((m) => m[1] === 'delta');
      const arrivedRates = messageRates(deltaMessages.map((m) => m[0]));
      results.paint.push({
        tokensPerSecond: rate.tokensPerSecond,
        achievedTokensPerSecond: achieved,
        chunks: chunks.length,
        p50Ms: percentile(delays, 50),
        p95Ms: percentile(delays, 95),
        maxMs: max(delays),
        arrivalP50Ms: percentile(arrivals, 50),
        arrivalP95Ms: percentile(arrivals, 95),
        arrivalMaxMs: max(arrivals),
        postP50Ms: percentile(postedAt, 50),
        postP95Ms: percentile(postedAt, 95),
        relayP50Ms: percentile(
          arrivals.map((a, i) => a - postedAt[i]),
          50,
        ),
        relayP95Ms: percentile(
          arrivals.map((a, i) => a - postedAt[i]),
          95,
        ),
        // p50 of each tenth of the stream: does lateness build up?
        p50ByTenth: Array.from({ length: 10 }, (_, t) =>
          percentile(delays.slice(Math.floor((t * delays.length) / 10), Math.floor(((t + 1) * delays.length) / 10)), 50),
        ),
        messages: posted.length,
        deltaMessages: postedDeltas.length,
        bytes: posted.reduce((total, p) => total + p[3], 0),
        textBytes: postedDeltas.reduce((total, p) => total + p[4], 0),
        ...messageRates(postedDeltas.map((p) => p[0])),
        arrivedMessages: messages.length,
        arrivedBytes: messages.reduce((total, m) => total + m[3], 0),
        arrivedPeakPerSecond: arrivedRates.peakPerSecond,
        answerBytes: Buffer.byteLength(fixture),
        wholeTextBytes: wholeTextBytes(deltas, requestId),
      });
      const last = results.paint[results.paint.length - 1];
      // Long tasks during the stream, on the workbench's thread and on the webview's.
      const streamStart = chunks[0].sentAt;
      const streamEnd = chunks[chunks.length - 1].sentAt + 1000;
      const during = (tasks) => tasks.filter(([at]) => at >= streamStart && at <= streamEnd);
      const workbenchTasks = during(await takeLongTasks(page));
      const webviewTasks = during(await takeLongTasks(frame));
      last.longTasks = { workbench: longTaskSummary(workbenchTasks), webview: longTaskSummary(webviewTasks) };
      // The extension host's event loop lag (sampled every 10 ms by the host bench) while streaming.
      const hostLags = lags.filter(([at]) => at >= streamStart).map(([, lag]) => lag);
      last.hostLagP99Ms = percentile(hostLags, 99);
      last.hostLagMaxMs = max(hostLags);
      if (process.env.FLASHLIGHT_BENCH_RAW) {
        fs.mkdirSync(SHOTS, { recursive: true });
        const raw = {
          hostLags: lags,
          sentAt: sent,
          paint: delays,
          arrival: arrivals,
          posted: postedAt,
          workbenchTasks,
          webviewTasks,
          marks: probe.marks,
          messages: messages.map((m) => [m[0], m[1], m[5]]),
        };
        fs.writeFileSync(path.join(SHOTS, `paint-raw-${rate.tokensPerSecond}.json`), JSON.stringify(raw));
      }
      log(
        `vscode: ${rate.tokensPerSecond} tokens/s (achieved ${achieved.toFixed(0)}): chunk to paint p50 ${last.p50Ms.toFixed(1)} ms, p95 ${last.p95Ms.toFixed(1)} ms, max ${last.maxMs.toFixed(1)} ms; ` +
          `to arrival in the webview p50 ${last.arrivalP50Ms.toFixed(1)} ms, p95 ${last.arrivalP95Ms.toFixed(1)} ms`,
      );
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `vscode-after-${rate.tokensPerSecond}.png`) });
    },
    error: ({ message }) => {
      results.hostError = message;
    },
  });
  const coordinatorUrl = `http://127.0.0.1:${coordinator.address().port}`;

  const workspace = makeWorkspace();
  let server;
  let browser;
  const timer = setTimeout(() => settle({ code: 1, reason: `timed out after ${timeoutMs / 1000} s` }), timeoutMs);
  try {
    server = await startCodeServer({
      workspace: workspace.dir,
      env: { OPENROUTER_API_KEY: KEY, FLASHLIGHT_BENCH_COORDINATOR: coordinatorUrl, FLASHLIGHT_BENCH_WARM_RUNS: String(warmRuns) },
      settings: { 'flashlight.baseUrl': fake.baseUrl, 'flashlight.answerDestination': 'panel' },
    });
    server.process.on('exit', (code, signal) => settle({ code: 1, reason: `code-server exited (code ${code}, signal ${signal})` }));
    log('vscode: code-server up, opening the workbench');
    const opened = await openBrowser({
      server,
      extensionTestsPath: HOST_BENCH,
      viewport: { width: 1400, height: 900 },
      expose: {
        codeAutomationLog: (level, message) => {
          const text = Array.isArray(message) ? util.format(...message) : String(message ?? '');
          if (process.env.FLASHLIGHT_HARNESS_VERBOSE) log(`[workbench ${level}] ${text}`);
        },
        codeAutomationExit: (code) => settle({ code }),
      },
      timeoutMs: 120_000,
    });
    browser = opened.browser;
    page = opened.page;
    // A screenshot mid-stream at 250 tokens/s, to look at.
    const shooter = setInterval(async () => {
      const current = results.current;
      if (current && current.rate.tokensPerSecond === 250 && !current.shot && Date.now() > current.shotAt) {
        current.shot = true;
        fs.mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SHOTS, 'vscode-mid-stream-250.png') }).catch(() => {});
      }
    }, 500);
    const outcome = await finished;
    clearInterval(shooter);
    if (results.hostError) throw new Error(`vscode bench (extension host): ${results.hostError}`);
    if (outcome.code !== 0) throw new Error(`vscode bench: ${outcome.reason ?? `the host bench exited with ${outcome.code}`}`);
    delete results.current;
    return results;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    workspace.remove();
    coordinator.close();
    await fake.close();
  }
}

module.exports = { runVscodeBench, chunkToPaint, chunkToArrival, messageRates, wholeTextBytes };

/**
 * `--paint-only --runs N`: chunk to paint alone, N times, each in a fresh code-server (the text
 * lengths each delta needs come from the renderer bench's calibration, without its naive half);
 * FLASHLIGHT_BENCH_RATES=1000 for that rate only. Writes test-results/bench/paint-runs.json.
 */
async function paintOnly(runs, log) {
  const { runRendererBench } = require('./renderer/rendererBench');
  const { lengthsAfterDelta } = await runRendererBench({ naive: false, log });
  const all = [];
  for (let run = 0; run < runs; run++) {
    const loadAverage = require('os').loadavg();
    const results = await runVscodeBench({ lengthsAfterDelta, keystrokeOnly: false, warmRuns: 1, log });
    for (const paint of results.paint) all.push({ run, loadAverage, ...paint });
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, 'paint-runs.json'), JSON.stringify(all, null, 2) + '\n');
  for (const rate of [...new Set(all.map((p) => p.tokensPerSecond))]) {
    const mine = all.filter((p) => p.tokensPerSecond === rate);
    const f = (key) => mine.map((p) => p[key].toFixed(1)).join(', ');
    process.stdout.write(
      `${rate} tok/s over ${mine.length} runs: max ${f('maxMs')} ms (median ${median(mine.map((p) => p.maxMs)).toFixed(1)}); p50 ${f('p50Ms')}; p95 ${f('p95Ms')}; ` +
        `arrival max ${f('arrivalMaxMs')}; post p95 ${f('postP95Ms')}; relay p95 ${f('relayP95Ms')}; host lag max ${f('hostLagMaxMs')}; ` +
        `workbench long tasks max ${mine.map((p) => p.longTasks.workbench.maxMs.toFixed(0)).join(', ')} ms\n`,
    );
  }
}

if (require.main === module && process.argv.includes('--paint-only')) {
  const at = process.argv.indexOf('--runs');
  paintOnly(at >= 0 ? Number(process.argv[at + 1]) : 3, (line) => process.stderr.write(`[bench] ${line}\n`)).catch((error) => {
    process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
} else if (require.main === module) {
  const args = process.argv.slice(2);
  const warmAt = args.indexOf('--warm-runs');
  const warmRuns = warmAt >= 0 ? Number(args[warmAt + 1]) : 40;
  if (!args.includes('--keystroke-only') || !(warmRuns > 0)) {
    process.stderr.write('usage: node test/bench/vscodeBench.js --keystroke-only [--warm-runs N]   (the whole bench: npm run bench)\n');
    process.exit(2);
  }
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const loadAverage = require('os').loadavg();
  runVscodeBench({ lengthsAfterDelta: [], keystrokeOnly: true, warmRuns, log }).then(
    (results) => {
      const { keystroke } = results;
      const figures = {
        date: new Date().toISOString(),
        loadAverage,
        loadAverageAfter: require('os').loadavg(),
        warmMedianMs: median(keystroke.warmMs),
        warmP95Ms: percentile(keystroke.warmMs, 95),
        warmMaxMs: max(keystroke.warmMs),
        ...keystroke,
      };
      fs.mkdirSync(SHOTS, { recursive: true });
      fs.writeFileSync(path.join(SHOTS, 'keystroke.json'), JSON.stringify(figures, null, 2) + '\n');
      const f = (value) => `${value.toFixed(1)} ms`;
      process.stdout.write(
        `keystroke to request, ${keystroke.warmMs.length} warm runs: median ${f(figures.warmMedianMs)}, p95 ${f(figures.warmP95Ms)}, max ${f(figures.warmMaxMs)}` +
          `\ncold ${f(keystroke.coldMs)}, while the new panel loads ${keystroke.settleMs.map(f).join(', ')}; activation ${f(keystroke.activationMs)}` +
          `\nrequests sent with "Connection: close": ${keystroke.connectionClose} of ${1 + keystroke.settleMs.length + keystroke.warmMs.length}` +
          `\nwarm runs in order: ${keystroke.warmMs.map((d) => d.toFixed(1)).join(' ')}` +
          `\nload average ${loadAverage.map((l) => l.toFixed(1)).join(' ')} before, ${figures.loadAverageAfter.map((l) => l.toFixed(1)).join(' ')} after\n`,
      );
    },
    (error) => {
      process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : error}\n`);
      process.exit(1);
    },
  );
}
