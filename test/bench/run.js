#!/usr/bin/env node
// Runs every benchmark and prints one table: each figure, its target, the naive way measured in
// the same run, and the ratio. `npm run bench` builds what it needs first (the production
// bundles, then test/bench/build.js). Figures also go to test-results/bench/latest.json.
//
//   npm run bench                      everything (about 4 minutes on 2 cores)
//   node test/bench/run.js --skip-vscode   without code-server (benchmarks 2-4)
//   node test/bench/vscodeBench.js --keystroke-only [--warm-runs N]   only benchmark 4 in code-server
//
// These are measurements, not tests: nothing here fails on a slow machine. The exit code is 0
// unless a benchmark could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { runRendererBench } = require('./renderer/rendererBench');
const { runVscodeBench } = require('./vscodeBench');
const { runActivationBench } = require('./activation/activationBench');
const { runSizes } = require('./sizes');
const { percentile, median, ms, kb, ratio } = require('./stats');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'test-results', 'bench');
const skipVscode = process.argv.includes('--skip-vscode');

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const seconds = (value) => (Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : 'n/a');
const count = (value) => (Number.isFinite(value) ? value.toFixed(value >= 100 ? 0 : 1) : 'n/a');
const mark = (ok) => (ok === undefined ? '' : ok ? 'yes' : 'NO');

/** One row: what, Flashlight's figure, target, naive figure, naive / Flashlight, target met. */
function row(what, value, target, naive = '', naiveRatio = '', ok) {
  return { what, value, target, naive, ratio: naiveRatio, ok: mark(ok) };
}

function rendererRows(renderer) {
  const rows = [];
  const labels = {
    worst: `one 24-char delta per update (${renderer.results.worst.fast.updates} updates; also what 250 tok/s gives)`,
    coalesced: `1,000 tok/s, deltas batched per 16.7 ms frame (${renderer.results.coalesced.fast.updates} updates)`,
  };
  const pct = (share) => `${Math.round(share * 100)}% style+layout`;
  for (const [name, { fast, naive, sameText }] of Object.entries(renderer.results)) {
    rows.push({ section: `1. Renderer in headless Chromium: ${labels[name]}` });
    rows.push(
      row(
        'total script time (incl. any layout it forces)',
        seconds(fast.totalMs),
        '< 1 s',
        `${seconds(naive.totalMs)} (${pct(naive.layoutShare)} forced)`,
        ratio(naive.totalMs / fast.totalMs),
        fast.totalMs < 1000,
      ),
    );
    rows.push(row('  forced style+layout inside it (traced run)', pct(fast.layoutShare), '', '', ''));
    // Fair to the naive way, whose timing includes the layout its scroll forces: ours with the frame's layout added.
    rows.push(
      row(
        'naive / Flashlight, script + style+layout both',
        ratio(naive.totalMs / fast.withLayoutTotalMs),
        '>= 50x',
        '',
        '',
        naive.totalMs / fast.withLayoutTotalMs >= 50,
      ),
    );
    rows.push(
      row(
        "then the frame's style+layout: total / median per update",
        `${seconds(fast.frameLayoutTotalMs)} / ${ms(fast.frameLayoutMedianMs)}`,
        '',
        'in its total',
        '',
      ),
    );
    rows.push(row('then in idle time: highlighting closed fences', seconds(fast.idleMs), '', 'in its total', ''));
    rows.push(
      row(
        'script + frame style+layout: total / p99 per update',
        `${seconds(fast.withLayoutTotalMs)} / ${ms(fast.withLayoutP99Ms)}`,
        '',
        `${seconds(naive.totalMs)} / ${ms(naive.p99Ms)}`,
        ratio(naive.totalMs / fast.withLayoutTotalMs),
      ),
    );
    rows.push(row('per update, median', ms(fast.medianMs), '', ms(naive.medianMs), ratio(naive.medianMs / fast.medianMs)));
    rows.push(row('per update, p99', ms(fast.p99Ms), '< 2 ms', ms(naive.p99Ms), ratio(naive.p99Ms / fast.p99Ms), fast.p99Ms < 2));
    rows.push(row('last 10% / first 10% of updates', ratio(fast.lastOverFirst), '< 1.5', ratio(naive.lastOverFirst), '', fast.lastOverFirst < 1.5));
    rows.push(row('final text equals the naive render', sameText ? 'yes' : 'NO', 'equal', '', '', sameText));
  }
  return rows;
}

function vscodeRows(vscode, renderer) {
  const rows = [];
  const naiveEnd = renderer ? renderer.results.worst.naive : undefined;
  for (const paint of vscode.paint) {
    rows.push({
      section: `2. Chunk to paint in VS Code (code-server): ${paint.tokensPerSecond} tok/s asked, ${count(paint.achievedTokensPerSecond)} achieved, ${paint.chunks} deltas`,
    });
    const slow = paint.tokensPerSecond >= 1000;
    rows.push(row('p50', ms(paint.p50Ms), slow ? '' : '< 16 ms', '', '', slow ? undefined : paint.p50Ms < 16));
    rows.push(row('p95', ms(paint.p95Ms), slow ? '' : '< 33 ms', '', '', slow ? undefined : paint.p95Ms < 33));
    rows.push(
      row(
        'max',
        ms(paint.maxMs),
        slow ? '< 50 ms' : '',
        naiveEnd ? `a naive render alone: ${ms(naiveEnd.medianMs)}` : '',
        '',
        slow ? paint.maxMs < 50 : undefined,
      ),
    );
    rows.push(row('  until the extension posts it: p50 / p95', `${ms(paint.postP50Ms)} / ${ms(paint.postP95Ms)}`, '', '', ''));
    rows.push(row('  then VS Code relays it to the webview: p50 / p95', `${ms(paint.relayP50Ms)} / ${ms(paint.relayP95Ms)}`, '', '', ''));
    // Where a late relay did not wait: the host's event loop, the workbench's and the webview's threads.
    rows.push(row('  meanwhile, extension host loop lag: p99 / max', `${ms(paint.hostLagP99Ms)} / ${ms(paint.hostLagMaxMs)}`, '', '', ''));
    const { workbench, webview } = paint.longTasks;
    rows.push(row('  meanwhile, tasks over 50 ms: workbench / webview', `${workbench.count} / ${webview.count}`, '', '', ''));
  }
  rows.push({ section: '3. postMessage for the whole answer (extension -> webview)' });
  for (const paint of vscode.paint) {
    const size = paint.answerBytes;
    rows.push(
      row(
        `${paint.tokensPerSecond} tok/s: bytes, whole messages / answer`,
        `${kb(paint.bytes)} = ${ratio(paint.bytes / size)}`,
        '<= 1.1x',
        `${kb(paint.wholeTextBytes)} = ${ratio(paint.wholeTextBytes / size)}`,
        ratio(paint.wholeTextBytes / paint.bytes),
        paint.bytes / size <= 1.1,
      ),
    );
    rows.push(
      row(
        `${paint.tokensPerSecond} tok/s: bytes, text carried / answer`,
        `${kb(paint.textBytes)} = ${ratio(paint.textBytes / size)}`,
        '<= 1.1x',
        '',
        '',
        paint.textBytes / size <= 1.1,
      ),
    );
    rows.push(
      row(
        `${paint.tokensPerSecond} tok/s: delta messages, peak per second`,
        `${paint.peakPerSecond} (mean ${count(paint.meanPerSecond)})`,
        '<= 60',
        `${paint.chunks} msgs`,
        '',
        paint.peakPerSecond <= 60,
      ),
    );
  }
  const { keystroke } = vscode;
  rows.push({
    section: `4. Keystroke to request (command handler start -> request headers at the server), ${keystroke.warmMs.length} warm runs after ${1 + keystroke.settleMs.length} and a 1.5 s pause for the new webview to load`,
  });
  rows.push(row('warm p95', ms(percentile(keystroke.warmMs, 95)), '< 10 ms', '', '', percentile(keystroke.warmMs, 95) < 10));
  rows.push(row('warm median', ms(median(keystroke.warmMs)), '', '', ''));
  rows.push(row('cold (first use after activation)', ms(keystroke.coldMs), '', '', ''));
  rows.push(row('the next runs, while the new panel loads', keystroke.settleMs.map((d) => ms(d)).join(', '), '', '', ''));
  return rows;
}

function clientRows(client) {
  const { flashlight, naive } = client;
  return [
    { section: `4b. Keystroke to request, the client's share: streamChat() -> headers at the fake server, plain Node, ${flashlight.length} warm runs` },
    row(
      'median (kept SDK client, keep-alive pool)',
      ms(median(flashlight)),
      '',
      `${ms(median(naive))} (new SDK client + global fetch each time)`,
      ratio(median(naive) / median(flashlight)),
    ),
    row(
      'p95',
      ms(percentile(flashlight, 95)),
      '< 10 ms',
      ms(percentile(naive, 95)),
      ratio(percentile(naive, 95) / percentile(flashlight, 95)),
      percentile(flashlight, 95) < 10,
    ),
  ];
}

function runClientBench(runs = 40) {
  const out = require('child_process').execFileSync(process.execPath, [path.join(ROOT, 'out', 'bench', 'client-bench.js'), String(runs)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

function activationRows(activation, vscode) {
  const { bundled, unbundled } = activation;
  const rows = [{ section: `5. Activation (plain Node, stand-in vscode, median of ${activation.runs} fresh processes; naive = the same sources unbundled)` }];
  rows.push(
    row(
      'bundle load + activate(), CPU time',
      ms(bundled.totalCpuMs),
      '< 20 ms',
      ms(unbundled.totalCpuMs),
      ratio(unbundled.totalCpuMs / bundled.totalCpuMs),
      bundled.totalCpuMs < 20,
    ),
  );
  rows.push(
    row('  bundle load (require), CPU time', ms(bundled.requireCpuMs), '', ms(unbundled.requireCpuMs), ratio(unbundled.requireCpuMs / bundled.requireCpuMs)),
  );
  rows.push(row('  activate(), CPU time', ms(bundled.activateCpuMs), '', ms(unbundled.activateCpuMs), ''));
  rows.push(
    row(
      'bundle load + activate(), wall clock',
      ms(bundled.totalMs),
      '< 20 ms',
      ms(unbundled.totalMs),
      ratio(unbundled.totalMs / bundled.totalMs),
      bundled.totalMs < 20,
    ),
  );
  rows.push(row('a second after activation (warm-up): dist/openai.js load, CPU time', ms(bundled.sdkCpuMs), '', '', ''));
  if (vscode?.keystroke)
    rows.push(
      row('in VS Code: extension.activate() (load + activate, once)', ms(vscode.keystroke.activationMs), '< 20 ms', '', '', vscode.keystroke.activationMs < 20),
    );
  return rows;
}

function sizeRows(sizes) {
  return [
    { section: '6. Sizes (production build)' },
    row('dist/extension.js', kb(sizes.extensionBytes), '< 300 KB', '', '', sizes.extensionBytes < 300 * 1024),
    row('dist/openai.js (the SDK, loaded a second after activation)', kb(sizes.openaiBytes), '< 300 KB', '', '', sizes.openaiBytes < 300 * 1024),
    row('dist/webview.js', kb(sizes.webviewBytes), '< 300 KB', '', '', sizes.webviewBytes < 300 * 1024),
    row(
      'flashlight.vsix',
      kb(sizes.vsixBytes),
      '< 1 MB',
      `${kb(sizes.nodeModulesBytes)} of node_modules`,
      ratio(sizes.nodeModulesBytes / sizes.vsixBytes),
      sizes.vsixBytes < 1024 * 1024,
    ),
  ];
}

function printTable(rows) {
  const header = { what: 'figure', value: 'Flashlight', target: 'target', naive: 'naive, same run', ratio: 'naive/ours', ok: 'met' };
  const columns = Object.keys(header);
  const widths = Object.fromEntries(columns.map((c) => [c, Math.max(header[c].length, ...rows.filter((r) => !r.section).map((r) => String(r[c]).length))]));
  const line = (r) => `| ${columns.map((c) => String(r[c]).padEnd(widths[c])).join(' | ')} |`;
  const out = [line(header), `|${columns.map((c) => '-'.repeat(widths[c] + 2)).join('|')}|`];
  for (const r of rows) out.push(r.section ? `| **${r.section}** |` : line(r));
  process.stdout.write(`\n${out.join('\n')}\n`);
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(RESULTS, { recursive: true });
  const results = { date: new Date().toISOString(), cpus: require('os').cpus().length, loadAverage: require('os').loadavg() };

  log('sizes: packaging the .vsix');
  results.sizes = runSizes();
  log('activation: fresh Node processes');
  results.activation = runActivationBench();
  log('client: keystroke to request in plain Node');
  results.client = runClientBench();
  log('renderer: headless Chromium');
  results.renderer = await runRendererBench({ log, naiveStep: 25 });
  if (!skipVscode) {
    log('vscode: code-server + headless Chromium');
    results.vscode = await runVscodeBench({ lengthsAfterDelta: results.renderer.lengthsAfterDelta, log });
  }
  results.loadAverageAfter = require('os').loadavg();
  results.seconds = (Date.now() - started) / 1000;

  const rows = [...rendererRows(results.renderer)];
  if (results.vscode) rows.push(...vscodeRows(results.vscode, results.renderer));
  rows.push(...clientRows(results.client));
  rows.push(...activationRows(results.activation, results.vscode), ...sizeRows(results.sizes));
  printTable(rows);
  const { lengthsAfterDelta, ...renderer } = results.renderer;
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify({ ...results, renderer }, null, 2) + '\n');
  process.stdout.write(
    `\nnaive renderer: timed on every ${results.renderer.naiveStep}th update (its cost depends only on the text so far), totals scaled up.` +
      `\nrenderer times: performance.now() around each update's message handler and frame callbacks (5 µs clock: ${results.renderer.isolated ? 'page isolated' : 'NOT isolated, 100 µs'}), each update's median over 3 runs.` +
      `\nload average ${results.loadAverage.map((l) => l.toFixed(1)).join(' ')} before, ${results.loadAverageAfter.map((l) => l.toFixed(1)).join(' ')} after; ${results.cpus} CPUs; ${results.seconds.toFixed(0)} s in all.` +
      `\nfigures: test-results/bench/latest.json; screenshots: test-results/bench/*.png\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
