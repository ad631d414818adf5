#!/usr/bin/env node
// The first request after idle, with and without warming (issue 18, item 3), in plain Node with
// the extension's own transport (out/src/core/openrouter/keptAliveFetch.js, from `npm run compile`):
// a loopback TLS server (a self-signed certificate made for the run by openssl) behind a small
// TCP proxy that delays every chunk by 40 ms each way (a realistic round trip to OpenRouter's edge),
// and the time from the "keystroke" (the fetch call) to the request's headers at the server.
//
//   node test/bench/client/warmupBench.js [--runs 12] [--delay-ms 40]
//
// Three cases, interleaved run by run: warm (the last request 200 ms ago, its connection pooled),
// after idle without a warm-up, and after idle with the hint (a selection made) 300 ms before the
// keystroke. "Idle" is the pool's idle timeout passing: shortened to 1 s here (120 s in the
// extension) so a run takes seconds, not minutes; what it exercises is the same, the agent
// closing the idle socket so the next request opens a new TCP+TLS connection. A measurement, not a test.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const https = require('https');
const net = require('net');
const os = require('os');
const path = require('path');
const { median, percentile } = require('../stats');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const runs = option('--runs', 12);
const delayMs = option('--delay-ms', 40);
const idleTimeoutMs = 1_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function selfSignedCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-warm-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const pair = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

/** Forwards TCP to `port`, holding every chunk `delayMs` in each direction. */
function delayingProxy(port) {
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    const pipeDelayed = (from, to) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
      from.on('error', () => to.destroy());
      from.on('close', () => setTimeout(() => to.destroy(), delayMs));
    };
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const { KeptAliveFetch } = require(path.join(ROOT, 'out', 'src', 'core', 'openrouter', 'keptAliveFetch.js'));
  const pair = selfSignedCertificate();
  let headersAt = 0;
  const server = https.createServer(pair, (req, res) => {
    headersAt = performance.now();
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end(req.method === 'HEAD' ? undefined : '{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = await delayingProxy(server.address().port);
  const base = `https://localhost:${proxy.address().port}/api/v1`;
  const transport = new KeptAliveFetch({ freeSocketTimeoutMs: idleTimeoutMs, ca: pair.cert });
  const request = async () => {
    const started = performance.now();
    const response = await transport.fetch(`${base}/chat/completions`, { method: 'POST', body: '{"model":"x"}', redirect: 'manual' });
    const toHeaders = headersAt - started;
    await response.text();
    return toHeaders;
  };

  const figures = { warm: [], idleCold: [], idleWarmed: [] };
  await request(); // the first connection of the run, not counted
  for (let run = 0; run < runs; run++) {
    await sleep(200);
    figures.warm.push(await request());
    await sleep(idleTimeoutMs + 300);
    figures.idleCold.push(await request());
    await sleep(idleTimeoutMs + 300);
    if (!transport.warm(`${base}/models`)) throw new Error('the warm-up did not go after an idle period');
    await sleep(300); // from the selection (the hint) to the key that sends
    figures.idleWarmed.push(await request());
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  transport.dispose();
  proxy.close();
  server.close();

  const show = (values) => `${median(values).toFixed(1)} / ${percentile(values, 95).toFixed(1)} ms`;
  const rows = [
    ['warm (connection pooled)', show(figures.warm)],
    [`after idle, no warm-up (naive)`, show(figures.idleCold)],
    ['after idle, warmed by the hint', show(figures.idleWarmed)],
  ];
  console.log(`keystroke to request headers, ${runs} runs each, ${delayMs} ms each way, median / p95:`);
  for (const [what, value] of rows) console.log(`  ${what.padEnd(34)} ${value}`);
  const gap = median(figures.idleWarmed) - median(figures.warm);
  console.log(`  post-idle warmed minus warm (median): ${gap.toFixed(1)} ms (goal: within 10 ms)`);
  const out = path.join(ROOT, 'test-results', 'bench');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'warmup.json'), `${JSON.stringify({ runs, delayMs, idleTimeoutMs, figures }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
