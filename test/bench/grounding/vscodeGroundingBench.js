#!/usr/bin/env node
// Issue 15's benchmark in a real VS Code (code-server in headless Chromium, test/harness/), on a
// large real codebase built at run time (largeWorkspace.js: the ~1,200 TypeScript sources the npm
// packages under node_modules ship, one tsconfig over them), with the built-in TypeScript server
// warm. The host side is test/bench/host/groundingHostBench.ts; the fake OpenRouter runs here, in
// this process, and notes when each request's headers arrived and when each response ended. All
// processes read the same clock (epoch ms, timeOrigin + now()).
//
// 1. Keystroke to request with context: per selection (a line calling a function another file
//    defines), Explain Selection with flashlight.context.enabled on and off, alternating which
//    goes first; the time from just before executeCommand to the request's headers at the fake.
//    The added time is on minus off, per selection. Tokens: what the context added to the request,
//    beside the naive ways (the whole file; every file open in a tab). And how many selections got
//    a definition from another file, so the figure is honest.
// 2. Tool round on the extension side: the fake answers Explain with one read_file or search_text
//    call; the time from that turn's last byte leaving the fake to the follow-up's headers
//    arriving (the tool, the loop, the request). search_text rounds go as the extension runs them
//    (the first through ripgrep, then from the kept file texts) and again with a glob taking
//    every file, which only ripgrep answers: the way before, in the same run, with the result
//    texts compared. Beside them: the tools alone in the host (search_text with a kept index and
//    ripgrep only), and the naive ways (every file through vscode.workspace.fs, in turn).
//
//   node esbuild.js --production && node test/bench/build.js && \
//     flock /tmp/flashlight-heavy.lock node test/bench/grounding/vscodeGroundingBench.js [--selections 40] [--rounds 30] [--naive-runs 5]
//   (npm run bench:grounding does the same with the defaults)
//
// A measurement, not a test: it prints a table (and test-results/bench/grounding.json) and exits 0
// whatever the figures are; only a run that could not measure exits 1.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const util = require('util');
const { startCodeServer } = require('../../harness/code-server');
const { openBrowser } = require('../../harness/browser');
const { buildLargeWorkspace } = require('./largeWorkspace');
const { percentile, max } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const HOST_BENCH = path.join(ROOT, 'out', 'bench', 'grounding-host-bench');
const RESULTS = path.join(ROOT, 'test-results', 'bench');
const KEY = 'sk-or-v1-bench-0000000000000000';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

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

/** Tokens as the extension estimates them (4 characters each), over every message's text. */
function requestTokens(body) {
  return (body.messages || []).reduce(
    (total, message) => total + Math.ceil((typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '')).length / 4),
    0,
  );
}

/** The files other than `file` that a request's context gave a definition from. */
function crossFileDefinitions(body, file) {
  const user = (body.messages || []).filter((message) => message.role === 'user').map((message) => String(message.content));
  const found = [];
  for (const text of user) {
    for (const match of text.matchAll(/^Definition of `([^`]+)`, (\S+) lines? /gm)) if (match[2] !== file) found.push({ symbol: match[1], file: match[2] });
  }
  return found;
}

const summary = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: max(values), n: values.length });

async function runGroundingBench({ selections, rounds, naiveRuns, log, timeoutMs = 1_500_000 }) {
  if (!fs.existsSync(`${HOST_BENCH}.js`)) throw new Error('grounding bench: missing out/bench/grounding-host-bench.js (node test/bench/build.js)');
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('grounding bench: missing dist/extension.js (node esbuild.js)');
  const { startFakeOpenRouter } = require(path.join(ROOT, 'out', 'bench', 'fake-openrouter.js'));

  const workspace = buildLargeWorkspace({ selections, reads: rounds, searches: rounds });
  log(`workspace: ${workspace.fileCount} TypeScript sources, ${(workspace.bytes / 1e6).toFixed(1)} MB, ${workspace.selections.length} selections`);
  const fake = await startFakeOpenRouter();
  fake.setDefault({ text: 'A short answer.' });
  const completions = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
  const results = {};
  let settle;
  const finished = new Promise((resolve) => (settle = resolve));
  let explainRequests = 0;

  const coordinator = await startCoordinator({
    plan: () => ({ selections: workspace.selections, reads: workspace.reads, searches: workspace.searches, naiveRuns }),
    explains: ({ warmupMs, explains }) => {
      const requests = completions();
      if (requests.length !== explains.length) throw new Error(`${explains.length} keystrokes but ${requests.length} requests`);
      explainRequests = requests.length;
      const per = new Map();
      explains.forEach((explain, i) => {
        const entry = per.get(explain.index) ?? { selection: workspace.selections[explain.index] };
        const request = requests[i];
        entry[explain.enabled ? 'on' : 'off'] = {
          ms: request.receivedAt - explain.start,
          tokens: requestTokens(request.body),
          crossFile: explain.enabled ? crossFileDefinitions(request.body, entry.selection.file) : [],
          grounding: explain.grounding,
        };
        if (!('onFirst' in entry)) entry.onFirst = explain.enabled;
        entry.wholeFileTokens = explain.wholeFileTokens;
        entry.open = explain.open;
        per.set(explain.index, entry);
      });
      results.warmupMs = warmupMs;
      results.selections = [...per.values()];
      log(`explains: ${explains.length} keystrokes measured (language server warm after ${(warmupMs / 1000).toFixed(1)} s)`);
    },
    'tool-next': ({ kind, index }) => {
      const id = `call_${kind}_${index}`;
      const args =
        kind === 'read_file'
          ? { path: workspace.reads[index].path }
          : kind === 'search_text'
            ? { query: workspace.searches[index] }
            : // A glob taking every file: the kept index leaves it to ripgrep, the way every search ran before.
              { query: workspace.searches[index], glob: '**' };
      const name = kind === 'read_file' ? 'read_file' : 'search_text';
      fake.enqueue({ toolCalls: [{ id, name, arguments: JSON.stringify(args) }], chunkDelayMs: 0 }, { expectToolResults: [id], text: 'Done.' });
    },
    rounds: ({ rounds: done, alone, naiveHits }) => {
      const requests = completions().slice(explainRequests);
      if (requests.length !== done.length * 2) throw new Error(`${done.length} tool rounds but ${requests.length} requests (two each expected)`);
      results.rounds = done.map((round, i) => {
        const turn = requests[2 * i];
        const followUp = requests[2 * i + 1];
        const tool = (followUp.body.messages || []).find((message) => message.role === 'tool');
        return {
          kind: round.kind,
          engine: round.engine,
          ms: followUp.receivedAt - turn.finishedAt,
          resultChars: tool ? String(tool.content).length : 0,
          error: !tool || String(tool.content).startsWith('Error:'),
          firstLine: tool ? String(tool.content).split('\n')[0].slice(0, 120) : '',
          result: tool ? String(tool.content) : '',
        };
      });
      results.alone = alone;
      results.naiveHits = naiveHits;
      log(`rounds: ${done.length} tool rounds measured`);
      settle({ code: 0 });
    },
    error: ({ message }) => {
      results.hostError = message;
    },
  });

  let server;
  let browser;
  const timer = setTimeout(() => settle({ code: 1, reason: `timed out after ${timeoutMs / 1000} s` }), timeoutMs);
  try {
    server = await startCodeServer({
      workspace: workspace.dir,
      env: { OPENROUTER_API_KEY: KEY, FLASHLIGHT_BENCH_COORDINATOR: `http://127.0.0.1:${coordinator.address().port}` },
      settings: {
        'flashlight.baseUrl': fake.baseUrl,
        'flashlight.answerDestination': 'panel',
        // Offline: no typings download for the inferred projects.
        'typescript.disableAutomaticTypeAcquisition': true,
      },
      timeoutMs: 120_000,
    });
    server.process.on('exit', (code, signal) => settle({ code: 1, reason: `code-server exited (code ${code}, signal ${signal})` }));
    log('code-server up, opening the workbench');
    const opened = await openBrowser({
      server,
      extensionTestsPath: HOST_BENCH,
      viewport: { width: 1400, height: 900 },
      expose: {
        codeAutomationLog: (level, message) => {
          const text = Array.isArray(message) ? util.format(...message) : String(message ?? '');
          if (process.env.FLASHLIGHT_HARNESS_VERBOSE) log(`[workbench ${level}] ${text}`);
        },
        codeAutomationExit: (code) => settle({ code, reason: `the host bench exited with ${code}` }),
      },
      timeoutMs: 120_000,
    });
    browser = opened.browser;
    const outcome = await finished;
    if (results.hostError) throw new Error(`grounding bench (extension host): ${results.hostError}`);
    if (outcome.code !== 0 || !results.rounds) throw new Error(`grounding bench: ${outcome.reason ?? 'ended early'}`);
    return { files: workspace.fileCount, bytes: workspace.bytes, ...results };
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    workspace.remove();
    coordinator.close();
    await fake.close();
  }
}

/** The figures from the raw results. */
function figures(results) {
  const rows = results.selections.filter((entry) => entry.on && entry.off);
  const rounds = (kind) => results.rounds.filter((round) => round.kind === kind);
  return {
    selections: rows.length,
    on: summary(rows.map((entry) => entry.on.ms)),
    off: summary(rows.map((entry) => entry.off.ms)),
    added: summary(rows.map((entry) => entry.on.ms - entry.off.ms)),
    // Which went first alternates: first means the language server had the file for 0.4 s only.
    addedFirst: summary(rows.filter((entry) => entry.onFirst).map((entry) => entry.on.ms - entry.off.ms)),
    addedSecond: summary(rows.filter((entry) => !entry.onFirst).map((entry) => entry.on.ms - entry.off.ms)),
    partialFirst: rows.filter((entry) => entry.onFirst && entry.on.grounding?.partial).length,
    partial: rows.filter((entry) => entry.on.grounding?.partial).length,
    crossFile: rows.filter((entry) => entry.on.crossFile.length > 0).length,
    calledFound: rows.filter((entry) => entry.on.crossFile.some((found) => found.symbol === entry.selection.name)).length,
    addedTokens: summary(rows.map((entry) => entry.on.tokens - entry.off.tokens)),
    wholeFileTokens: summary(rows.map((entry) => entry.wholeFileTokens)),
    openFilesTokens: summary(rows.map((entry) => entry.open.tokens)),
    openFiles: summary(rows.map((entry) => entry.open.files)),
    readRound: summary(rounds('read_file').map((round) => round.ms)),
    searchRound: summary(rounds('search_text').map((round) => round.ms)),
    searchRoundFromIndex: rounds('search_text').filter((round) => round.engine === 'index').length,
    searchRoundRipgrep: summary(rounds('search_text_ripgrep').map((round) => round.ms)),
    sameResults: rounds('search_text').filter((round, i) => round.result === rounds('search_text_ripgrep')[i]?.result).length,
    toolErrors: results.rounds.filter((round) => round.error).length,
    alone: Object.fromEntries(Object.entries(results.alone).map(([name, values]) => [name, summary(values)])),
  };
}

function table(f, meta) {
  const ms = (value) => `${value.toFixed(1)} ms`;
  const pp = (s, unit = ms) => `${unit(s.p50)} / ${unit(s.p95)}`;
  const tok = (value) => `${Math.round(value).toLocaleString('en-US')}`;
  return [
    `grounding bench, ${meta.date}: ${meta.files} TypeScript sources (${(meta.bytes / 1e6).toFixed(1)} MB), TypeScript server warm after ${(meta.warmupMs / 1000).toFixed(1)} s; load average ${meta.loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${meta.loadAfter.map((l) => l.toFixed(1)).join(' ')} after`,
    '',
    '| figure (p50 / p95) | Flashlight | goal | naive, same run |',
    '| --- | --- | --- | --- |',
    `| keystroke to request, context on (${f.selections} selections) | ${pp(f.on)} | | context off, same selections: ${pp(f.off)} |`,
    `| time context adds (on minus off, per selection) | ${pp(f.added)} | p95 < 150 ms | |`,
    `| of which: context on asked first, 0.4 s after the file opened (${f.addedFirst.n}) / asked second (${f.addedSecond.n}) | ${pp(f.addedFirst)} (${f.partialFirst} cut) / ${pp(f.addedSecond)} (${f.partial - f.partialFirst} cut) | | |`,
    `| selections given a definition from another file (the called function's) | ${f.crossFile} of ${f.selections} (${f.calledFound}); ${f.partial} cut at the time bound | | |`,
    `| tokens context adds | ${pp(f.addedTokens, tok)} | | whole file ${pp(f.wholeFileTokens, tok)}; every open file (${f.openFiles.p50}-${f.openFiles.max} tabs) ${pp(f.openFilesTokens, tok)} |`,
    `| tool round, read_file (${f.readRound.n}): turn's end to next request | ${pp(f.readRound)} | p95 < 50 ms | |`,
    `| tool round, search_text (${f.searchRound.n}; ${f.searchRoundFromIndex} from the kept index) | ${pp(f.searchRound)} | p95 < 50 ms | every search through ripgrep (${f.searchRoundRipgrep.n}): ${pp(f.searchRoundRipgrep)}; the same result text in ${f.sameResults} of ${f.searchRound.n} |`,
    `| read_file alone in the host (${f.alone.read_file.n}) | ${pp(f.alone.read_file)} | | vscode.workspace.fs.readFile: ${pp(f.alone.naive_read)} |`,
    `| search_text alone in the host (${f.alone.search_text.n}), kept index | ${pp(f.alone.search_text)} | | ripgrep: ${pp(f.alone.search_text_ripgrep)}; every file through vscode.workspace.fs, in turn: ${pp(f.alone.naive_search)} |`,
    '',
    f.toolErrors ? `${f.toolErrors} tool round(s) returned an error result to the model` : 'every tool round returned a result',
  ].join('\n');
}

module.exports = { runGroundingBench, figures, crossFileDefinitions, requestTokens };

if (require.main === module && process.argv.includes('--from')) {
  // Prints the table of a saved run (test-results/bench/grounding.json) again.
  const saved = JSON.parse(fs.readFileSync(process.argv[process.argv.indexOf('--from') + 1], 'utf8'));
  for (const entry of saved.results.selections) if (!('onFirst' in entry)) entry.onFirst = saved.results.selections.indexOf(entry) % 2 === 1;
  process.stdout.write(table(figures(saved.results), saved) + '\n');
} else if (require.main === module) {
  const log = (line) => process.stderr.write(`[grounding bench] ${line}\n`);
  const loadBefore = os.loadavg();
  runGroundingBench({ selections: arg('--selections', 40), rounds: arg('--rounds', 30), naiveRuns: arg('--naive-runs', 5), log }).then(
    (results) => {
      const meta = {
        date: new Date().toISOString(),
        files: results.files,
        bytes: results.bytes,
        warmupMs: results.warmupMs,
        loadBefore,
        loadAfter: os.loadavg(),
      };
      const f = figures(results);
      fs.mkdirSync(RESULTS, { recursive: true });
      fs.writeFileSync(path.join(RESULTS, 'grounding.json'), JSON.stringify({ ...meta, figures: f, results }, null, 2) + '\n');
      process.stdout.write(table(f, meta) + '\n');
    },
    (error) => {
      process.stderr.write(`[grounding bench] failed: ${error && error.stack ? error.stack : error}\n`);
      process.exit(1);
    },
  );
}
