// Keystroke to first painted token in code-server, with the fake OpenRouter answering at once (so
// what is measured is Flashlight and VS Code alone), in three cases:
//   (a) the first Explain after the window loads: no panel, no webview yet;
//   (b) a later Explain, with the panel open;
//   (c) the first chat message after the chat view is first opened.
// A fresh code-server, profile and browser per window: "explain" windows give one (a) and
// --later-runs (b) each, "chat" windows one (c). Where the time goes, from three clocks that read
// the same epoch (timeOrigin + now()): the extension host (test/bench/host/firstPaintHost.ts:
// the command's start, the panel's webview created and `ready` through the test hooks, each
// message posted), the fake server (request received, first delta sent) and the webview's frame
// (a probe put in every webview document by the browser before its scripts run: the document's
// start, the bundle's download, each message's arrival, and the moment an answer first has text
// in the DOM, with the next animation frame after it).
//
//   node esbuild.js --production && node test/bench/build.js && node test/bench/firstPaint.js [--windows N] [--later-runs N]
// Prints the figures and writes test-results/bench/first-paint.json. A measurement, not a test.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { startCodeServer } = require('../harness/code-server');
const { openBrowser } = require('../harness/browser');
const { makeWorkspace } = require('../harness/workspace');
const { percentile, median } = require('./stats');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = path.join(ROOT, 'out', 'bench', 'first-paint-host');
const RESULTS = path.join(ROOT, 'test-results', 'bench');
const KEY = 'sk-or-v1-bench-0000000000000000';

/**
 * Put in every frame by the browser before the frame's own scripts run; it acts only in a
 * webview's outer frame (VS Code's pre/index.html, a child of the workbench). That frame loads an
 * inner frame (fake.html) and writes the webview's page into it with document.open(), which
 * leaves nothing of a script put there before; so the outer frame, same-origin, puts the probe
 * into the inner window right after the write (its own DOMContentLoaded listener and timeout,
 * registered after VS Code's, run after them), before the page's bundle has loaded. The probe
 * notes when each answer element (panel or chat) first holds text, with the next animation frame
 * after it, each message's arrival, and Enter keys.
 */
function firstPaintProbe() {
  if (!location.pathname.endsWith('/webview/browser/pre/index.html') || window.parent !== window.top || window.__flashlightFirstOuter) return;
  window.__flashlightFirstOuter = true;
  const install = (win) => {
    if (!win || win.__flashlightFirst) return;
    const doc = win.document;
    const clock = () => win.performance.timeOrigin + win.performance.now();
    const probe = { timeOrigin: win.performance.timeOrigin, installedAt: clock(), answers: [], messages: [], enters: [] };
    win.__flashlightFirst = probe;
    const seen = new WeakSet();
    win.addEventListener(
      'message',
      (event) => {
        const data = event.data;
        if (!data || typeof data.type !== 'string' || probe.messages.length > 5000) return;
        const id = typeof data.requestId === 'number' ? data.requestId : data.answer && typeof data.answer.requestId === 'number' ? data.answer.requestId : -1;
        probe.messages.push([clock(), data.type, id]);
      },
      true,
    );
    win.addEventListener('keydown', (event) => event.key === 'Enter' && probe.enters.push(clock()), true);
    new win.MutationObserver(() => {
      for (const answer of doc.querySelectorAll('.answer')) {
        if (seen.has(answer)) continue;
        const body = answer.querySelector('.answer-body');
        if (!body || !body.textContent) continue;
        seen.add(answer);
        const entry = { at: clock(), frameAt: 0 };
        probe.answers.push(entry);
        win.requestAnimationFrame(() => (entry.frameAt = clock()));
      }
    }).observe(doc, { childList: true, subtree: true, characterData: true });
  };
  const watched = new WeakSet();
  new MutationObserver(() => {
    for (const frame of document.querySelectorAll('iframe')) {
      if (watched.has(frame) || !frame.contentWindow) continue;
      watched.add(frame);
      frame.contentWindow.addEventListener('DOMContentLoaded', () => setTimeout(() => install(frame.contentWindow), 0));
    }
  }).observe(document, { childList: true, subtree: true });
}

/** The probe's notes from a webview frame, with its page's resource timings (epoch ms). */
function readProbe() {
  const probe = window.__flashlightFirst;
  if (!probe) return undefined;
  const resources = performance
    .getEntriesByType('resource')
    .map((entry) => [entry.name.split('?')[0].split('/').pop(), performance.timeOrigin + entry.startTime, performance.timeOrigin + entry.responseEnd]);
  return { ...probe, resources };
}

async function webviewFrame(page, view, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.isDetached()) continue;
      try {
        if (await frame.$(`body[data-view="${view}"]`)) return frame;
      } catch {
        // navigated while we looked
      }
    }
    if (Date.now() > deadline) throw new Error(`first-paint bench: no ${view} webview frame`);
    await page.waitForTimeout(50);
  }
}

/** The probe is in the frame, or the run stops with what the frame holds instead. */
async function waitForProbe(frame, view) {
  const state = await frame.evaluate(() => ({
    probe: !!window.__flashlightFirst,
    path: location.pathname,
    answers: document.querySelectorAll('.answer').length,
  }));
  if (!state.probe) throw new Error(`first-paint bench: no probe in the ${view} webview (${JSON.stringify(state)})`);
}

function startCoordinator(handlers) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        const handler = handlers[(req.url || '/').slice(1)];
        if (!handler) throw new Error(`no step ${req.url}`);
        const result = (await handler(body)) ?? {};
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      } catch (error) {
        process.stderr.write(`[first-paint] step ${req.url} failed: ${error && error.stack ? error.stack : error}\n`);
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error && error.stack ? error.stack : error));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const firstAfter = (times, t0) => times.filter((t) => t >= t0).reduce((least, t) => Math.min(least, t), Infinity);

/** One case's timeline, each step in ms after its keystroke (t0). */
function timeline(t0, steps) {
  const out = { t0 };
  for (const [name, at] of Object.entries(steps)) out[name] = Number.isFinite(at) ? at - t0 : null;
  return out;
}

async function oneWindow(mode, laterRuns, log) {
  const { startFakeOpenRouter } = require(path.join(ROOT, 'out', 'bench', 'fake-openrouter.js'));
  const fake = await startFakeOpenRouter();
  fake.setDefault({ text: 'A short answer: the **first token** is what is timed here.' });
  let page;
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  const result = {};
  const received = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.receivedAt);
  const sent = () => fake.chunks.map((c) => c.sentAt);
  const coordinator = await startCoordinator({
    mode: () => ({ mode }),
    explain: async ({ starts, marks, posts }) => {
      const frame = await webviewFrame(page, 'panel');
      await waitForProbe(frame, 'panel');
      // Every answer painted, or (a run lost on this loaded machine) what was: a missing paint is counted, not waited for.
      await frame
        .waitForFunction((n) => window.__flashlightFirst.answers.length >= n && window.__flashlightFirst.answers.at(-1).frameAt > 0, starts.length, {
          timeout: 15_000,
        })
        .catch(() => log(`explain window: ${starts.length} Explains, fewer answers painted in the panel`));
      const probe = await frame.evaluate(readProbe);
      const at = (name) => probe.resources.find((r) => r[0] === name);
      const cases = starts.map((t0, i) => {
        const until = starts[i + 1] ?? Infinity;
        const within = (times) =>
          firstAfter(
            times.filter((t) => t < until),
            t0,
          );
        const painted = probe.answers.filter((a) => a.at >= t0 && a.at < until)[0];
        return timeline(t0, {
          request: within(received()),
          panelCreated: within(marks.filter((m) => m[1] === 'created').map((m) => m[0])),
          webviewDocument: i === 0 ? probe.timeOrigin : NaN,
          bundleLoaded: i === 0 && at('webview.js') ? at('webview.js')[2] : NaN,
          webviewReady: within(marks.filter((m) => m[1] === 'ready').map((m) => m[0])),
          firstDeltaSent: within(sent()),
          firstTextPosted: within(posts.filter((p) => p[1] === 'delta').map((p) => p[0])),
          firstTextArrived: within(probe.messages.filter((m) => m[1] === 'delta' || (m[1] === 'restore' && m[2] >= 0)).map((m) => m[0])),
          painted: painted ? painted.at : NaN,
          frame: painted ? painted.frameAt : NaN,
        });
      });
      result.first = cases[0];
      result.later = cases.slice(1);
    },
    chat: async ({ opened }) => {
      const frame = await webviewFrame(page, 'chat');
      const input = frame.locator('textarea');
      await input.waitFor({ timeout: 30_000 });
      await waitForProbe(frame, 'chat');
      const shown = Date.now();
      // A person reads the view for a moment before typing; the measured part starts at Enter.
      await page.waitForTimeout(1000);
      await input.fill('What does this code do?');
      await input.press('Enter');
      await frame.waitForFunction(
        () => window.__flashlightFirst && window.__flashlightFirst.answers.length > 0 && window.__flashlightFirst.answers[0].frameAt > 0,
        undefined,
        {
          timeout: 20_000,
        },
      );
      const probe = await frame.evaluate(readProbe);
      const t0 = probe.enters.at(-1);
      result.chat = timeline(t0, {
        request: firstAfter(received(), t0),
        firstDeltaSent: firstAfter(sent(), t0),
        firstTextArrived: firstAfter(
          probe.messages.filter((m) => m[1] === 'delta').map((m) => m[0]),
          t0,
        ),
        painted: probe.answers[0].at,
        frame: probe.answers[0].frameAt,
      });
      result.chat.viewShownAfterOpenMs = shown - opened;
    },
    error: ({ message }) => {
      result.hostError = message;
    },
  });
  const workspace = makeWorkspace();
  let server;
  let browser;
  const timer = setTimeout(() => settle({ code: 1, reason: 'timed out' }), 180_000);
  try {
    server = await startCodeServer({
      workspace: workspace.dir,
      env: {
        OPENROUTER_API_KEY: KEY,
        FLASHLIGHT_BENCH_COORDINATOR: `http://127.0.0.1:${coordinator.address().port}`,
        FLASHLIGHT_BENCH_LATER_RUNS: String(laterRuns),
      },
      settings: { 'flashlight.baseUrl': fake.baseUrl, 'flashlight.answerDestination': 'panel' },
    });
    server.process.on('exit', (code, signal) => settle({ code: 1, reason: `code-server exited (${code ?? signal})` }));
    const opened = await openBrowser({
      server,
      extensionTestsPath: HOST,
      viewport: { width: 1400, height: 900 },
      expose: { codeAutomationLog: () => {}, codeAutomationExit: (code) => settle({ code }) },
      beforeGoto: (p) => p.addInitScript(firstPaintProbe),
      timeoutMs: 120_000,
    });
    browser = opened.browser;
    page = opened.page;
    const outcome = await finished;
    if (result.hostError) throw new Error(`first-paint bench (extension host): ${result.hostError}`);
    if (outcome.code !== 0) throw new Error(`first-paint bench: ${outcome.reason ?? `host exited with ${outcome.code}`}`);
    log(`${mode} window: ${JSON.stringify(mode === 'chat' ? result.chat : result.first)}`);
    return result;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    workspace.remove();
    coordinator.close();
    await fake.close();
  }
}

/** p50 / p95 of each step over the cases. */
function summary(cases) {
  const names = Object.keys(cases[0]).filter((name) => name !== 't0' && typeof cases[0][name] !== 'object');
  const out = { runs: cases.length, unpainted: cases.filter((c) => c.painted === null).length };
  for (const name of names) {
    const values = cases.map((c) => c[name]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    if (values.length) out[name] = { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const windows = option('--windows', 5);
  const laterRuns = option('--later-runs', 20);
  const log = (line) => process.stderr.write(`[first-paint] ${line}\n`);
  const loadBefore = os.loadavg();
  const first = [];
  const later = [];
  const chat = [];
  for (let w = 0; w < windows; w++) {
    // Alternating, so both kinds see the same load over the run.
    const explainWindow = await oneWindow('explain', laterRuns, log);
    first.push(explainWindow.first);
    later.push(...explainWindow.later);
    chat.push((await oneWindow('chat', laterRuns, log)).chat);
  }
  const figures = {
    date: new Date().toISOString(),
    loadAverage: loadBefore,
    loadAverageAfter: os.loadavg(),
    firstExplain: summary(first),
    laterExplain: summary(later),
    firstChatMessage: summary(chat),
    raw: { first, later, chat },
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'first-paint.json'), JSON.stringify(figures, null, 2) + '\n');
  const f = (s) => (s ? `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)}` : 'n/a');
  for (const [name, s] of [
    ['(a) first Explain, no panel yet', figures.firstExplain],
    ['(b) later Explain, panel open', figures.laterExplain],
    ['(c) first chat message', figures.firstChatMessage],
  ]) {
    process.stdout.write(`${name}: ${s.runs} runs, keystroke to painted p50 / p95 ${f(s.painted)} ms (next frame ${f(s.frame)} ms)\n`);
    process.stdout.write(`    no paint seen in ${s.unpainted} of ${s.runs}\n`);
    for (const [step, value] of Object.entries(s)) if (typeof value === 'object') process.stdout.write(`    ${step.padEnd(18)} ${f(value)} ms\n`);
  }
  process.stdout.write(
    `median (a) ${median(first.map((c) => c.painted)).toFixed(1)} ms; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before\n`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`[first-paint] failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
}

module.exports = { summary, timeline };
