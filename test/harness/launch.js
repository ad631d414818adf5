#!/usr/bin/env node
// "Launch a real VS Code with Flashlight loaded" for a developer: builds the extension, makes sure
// code-server is installed, starts it on 127.0.0.1 with the extension loaded as in an Extension
// Development Host, prints the URL to open in a browser, and serves until Ctrl+C.
//
//   node test/harness/launch.js [--port 8080] [--fake [--fake-port N]] [--folder PATH] [--no-build]
//   npm run start:vscode -- --fake
//
//   --port N       code-server's port (default 8080), bound to 127.0.0.1 only
//   --fake         also start the fake OpenRouter (out/test/fake-openrouter/server.js; run `npm run compile`)
//                  in try-out mode (answers shaped like Gemini Flash's, built from each request: see
//                  test/fake-openrouter/tryout.ts) and point `flashlight.baseUrl` at it; without --fake
//                  a baseUrl left by an earlier --fake run is removed
//   --fake-port N  the fake's port (default: a free one)
//   --folder PATH  the workspace to open (default .vscode-test/launch-workspace, seeded from the fixtures)
//   --no-build     skip `node esbuild.js`
//
// The profile (settings, state) persists in .vscode-test/launch-profile/ across restarts. Secrets
// (the API key) are kept by the web workbench in your browser's storage for this origin, so they
// survive restarts as long as you keep using the same browser profile and port.
// After editing src/, rebuild (npm run build, or keep `npm run watch` running) and run
// "Developer: Reload Window" in the browser.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { ensureCodeServer } = require('./install-code-server');
const { startCodeServer } = require('./code-server');
const { makeWorkspace } = require('./workspace');

const ROOT = path.resolve(__dirname, '..', '..');
const PROFILE = path.join(ROOT, '.vscode-test', 'launch-profile');
const FAKE_MODULE = path.join(ROOT, 'out', 'test', 'fake-openrouter', 'server.js');
const FAKE_SOURCE = path.join(ROOT, 'test', 'fake-openrouter', 'server.ts');

function parseArgs(argv) {
  const options = { port: 8080, fake: false, fakePort: 0, folder: null, build: true };
  const value = (i, name) => {
    const [flag, inline] = argv[i].split('=');
    if (inline !== undefined) return [inline, i];
    if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
    return [argv[i + 1], i + 1];
  };
  const port = (text, name) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} needs a port number, got ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].split('=')[0];
    let v;
    switch (flag) {
      case '--port':
        [v, i] = value(i);
        options.port = port(v, '--port');
        break;
      case '--fake':
        options.fake = true;
        break;
      case '--fake-port':
        [v, i] = value(i);
        options.fakePort = port(v, '--fake-port');
        break;
      case '--folder':
        [v, i] = value(i);
        options.folder = path.resolve(v);
        break;
      case '--no-build':
        options.build = false;
        break;
      case '-h':
      case '--help':
        process.stdout.write(
          fs
            .readFileSync(__filename, 'utf8')
            .split('\n')
            .slice(1, 23)
            .map((l) => l.replace(/^\/\/ ?/, ''))
            .join('\n') + '\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  return options;
}

function say(line) {
  process.stdout.write(`[start:vscode] ${line}\n`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  if (options.build) {
    say('building the extension (node esbuild.js)');
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  ensureCodeServer();

  const userDataDir = path.join(PROFILE, 'user-data');
  const extensionsDir = path.join(PROFILE, 'extensions');
  const workspace = options.folder || makeWorkspace({ dir: path.join(ROOT, '.vscode-test', 'launch-workspace') }).dir;

  let fake = null;
  const settings = {};
  if (options.fake) {
    if (!fs.existsSync(FAKE_MODULE)) {
      throw new Error(
        fs.existsSync(FAKE_SOURCE)
          ? 'out/test/fake-openrouter/server.js is missing: run `npm run compile` first'
          : 'the fake OpenRouter (test/fake-openrouter/server.ts) does not exist yet',
      );
    }
    const { startFakeOpenRouter } = require(FAKE_MODULE);
    fake = await startFakeOpenRouter({ port: options.fakePort, tryout: true });
    settings['flashlight.baseUrl'] = fake.baseUrl;
    say(`fake OpenRouter on ${fake.baseUrl} (it accepts any key starting with sk-or-; script it via ${fake.baseUrl.replace(/\/api\/v1$/, '')}/__fake/...)`);
  } else {
    // Do not leave the profile pointing at a fake from an earlier --fake run.
    const current = readSetting(userDataDir, 'flashlight.baseUrl');
    if (typeof current === 'string' && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(current)) {
      settings['flashlight.baseUrl'] = undefined;
      say(`removed flashlight.baseUrl=${current} (left by an earlier --fake run)`);
    }
  }

  const server = await startCodeServer({
    workspace,
    port: options.port,
    userDataDir,
    extensionsDir,
    settings,
    env: fake ? { FLASHLIGHT_FAKE_URL: fake.baseUrl } : {},
    log: (line) => process.stdout.write(`[code-server] ${line}\n`),
  });
  const url = server.workbenchUrl({ extensionDevelopmentPath: ROOT });
  say(`code-server ${server.host}:${server.port}, workspace ${workspace}`);
  say(`profile ${path.relative(ROOT, PROFILE)}/ (settings: ${path.relative(ROOT, server.settingsFile)})`);
  say('open this URL in a browser (Flashlight is loaded as in an Extension Development Host):');
  process.stdout.write(`\n  ${url}\n\n`);
  say('Ctrl+C stops it');

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    await server.stop().catch(() => {});
    if (fake) await fake.close().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.process.on('exit', (code, signal) => {
    if (stopping) return;
    say(`code-server exited (code ${code}, signal ${signal})`);
    void stop(1);
  });
}

function readSetting(userDataDir, key) {
  try {
    return JSON.parse(fs.readFileSync(path.join(userDataDir, 'User', 'settings.json'), 'utf8'))[key];
  } catch {
    return undefined;
  }
}

main().catch((error) => {
  process.stderr.write(`[start:vscode] error: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
