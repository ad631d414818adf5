#!/usr/bin/env node
// Installs code-server (VS Code's own workbench + Node extension host, from npm) into
// .vscode-test/code-server/ inside the repo, the way @vscode/test-electron caches its
// downloads in .vscode-test/. Idempotent: a fast no-op once installed.
//
//   node test/harness/install-code-server.js          (npm run setup:vscode)
//   require('./install-code-server').ensureCodeServer() -> { entry, version, dir }
//
// Works offline (only the npm registry reachable) and as root:
// - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true,
//   and node-pty's postinstall runs `npx node-gyp`, which prompts unless npm_config_yes=true.
// - @vscode/ripgrep's postinstall downloads `rg` from GitHub; it first looks for a cached
//   archive in <os.tmpdir()>/vscode-ripgrep-cache-1.15.11/, so we put Debian's /usr/bin/rg there.
// - npm 11 has an install-script policy (package.json "allowScripts"); the cache's own
//   package.json approves code-server and argon2 explicitly so their scripts run.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync, execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = '4.100.3';
const NODE_MAJOR = 20; // code-server 4.100.3's engines.node
const DIR = path.join(ROOT, '.vscode-test', 'code-server');
const PKG_DIR = path.join(DIR, 'node_modules', 'code-server');
const ENTRY = path.join(PKG_DIR, 'out', 'node', 'entry.js');
const MARKER = path.join(DIR, `.installed-${VERSION}`);

const RIPGREP_CACHE_DIR = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

// Files the postinstall must have produced for the server to work (native modules, rg).
const REQUIRED_FILES = [
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/out/server-main.js',
];

function log(message) {
  process.stderr.write(`[setup:vscode] ${message}\n`);
}

/** Runs `node entry.js --version`; returns its first line, or null when it does not run. */
function probeVersion() {
  if (!fs.existsSync(ENTRY)) return null;
  const config = path.join(os.tmpdir(), 'flashlight-code-server-empty-config.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, '');
  const result = spawnSync(process.execPath, [ENTRY, '--version', '--config', config], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) return null;
  const line = (result.stdout || '').split('\n').find((l) => l.startsWith(VERSION));
  return line ? line.trim() : null;
}

function missingFiles() {
  return REQUIRED_FILES.filter((rel) => !fs.existsSync(path.join(PKG_DIR, rel)));
}

/** True when code-server is fully installed and runs. Cheap (one ~0.4 s --version). */
function isInstalled() {
  return fs.existsSync(MARKER) && missingFiles().length === 0 && probeVersion() !== null;
}

function which(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** Puts a .tar.gz holding the system's `rg` where @vscode/ripgrep's downloader looks first. */
function seedRipgrepCache() {
  const archive = path.join(RIPGREP_CACHE_DIR, RIPGREP_ARCHIVE);
  if (fs.existsSync(archive) && fs.statSync(archive).size > 0) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`not linux-x64: leaving @vscode/ripgrep to download its own rg`);
    return;
  }
  const rg = which('rg');
  if (!rg) {
    log('warning: no `rg` on PATH (apt-get install ripgrep); @vscode/ripgrep will try to download it');
    return;
  }
  fs.mkdirSync(RIPGREP_CACHE_DIR, { recursive: true });
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-rg-'));
  try {
    fs.copyFileSync(rg, path.join(stage, 'rg'));
    fs.chmodSync(path.join(stage, 'rg'), 0o755);
    const tmpArchive = `${archive}.${process.pid}.tmp`;
    execFileSync('tar', ['-czf', tmpArchive, '-C', stage, 'rg']);
    fs.renameSync(tmpArchive, archive);
    log(`seeded ripgrep cache with ${rg}: ${archive}`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** The environment for the nested `npm install`: none of a parent `npm run`'s npm_* variables. */
function installEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.npm_config_unsafe_perm = 'true';
  env.npm_config_yes = 'true';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  // node-gyp would download Node's headers (no internet): point it at the local ones when present,
  // unless the user's npm config already sets nodedir.
  const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodePrefix;
  }
  return env;
}

function install() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== NODE_MAJOR) {
    throw new Error(`code-server ${VERSION} needs Node ${NODE_MAJOR}; this is Node ${process.versions.node}`);
  }
  log(`installing code-server@${VERSION} into ${path.relative(ROOT, DIR)} (about 1-2 minutes, ~300 MB)`);
  // A half-finished earlier attempt would make npm skip the postinstall: start clean.
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(
    path.join(DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'flashlight-code-server-cache',
        private: true,
        description: 'Cache of code-server for Flashlight tests (test/harness/install-code-server.js)',
        dependencies: { 'code-server': VERSION },
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );
  seedRipgrepCache();

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = Date.now();
  const result = spawnSync(npm, ['install', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: DIR,
    env: installEnv(),
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`npm install code-server@${VERSION} failed with exit code ${result.status}`);
  }
  const missing = missingFiles();
  if (missing.length > 0) {
    throw new Error(
      `code-server's postinstall did not finish; missing:\n  ${missing.join('\n  ')}\n` +
        'Needs build tools (make, g++, python3), libkrb5-dev and pkg-config (apt-get install libkrb5-dev pkg-config).',
    );
  }
  const version = probeVersion();
  if (!version) throw new Error(`installed code-server does not run: node ${ENTRY} --version failed`);
  fs.writeFileSync(MARKER, `${version}\n`);
  log(`installed ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One installer at a time (e.g. test files run in parallel): a lock file holding the pid. */
function withInstallLock(fn) {
  const lock = `${DIR}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, 'utf8')) || 0;
      if (!holder || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true }); // stale
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the installer (pid ${holder}) holding ${lock}`);
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Makes sure code-server is installed; returns where it is. */
function ensureCodeServer() {
  if (!isInstalled()) {
    withInstallLock(() => {
      if (!isInstalled()) install(); // another process may have finished it meanwhile
    });
  }
  return { entry: ENTRY, version: VERSION, dir: DIR };
}

module.exports = { ensureCodeServer, isInstalled, VERSION, ENTRY, DIR };

if (require.main === module) {
  try {
    const already = isInstalled();
    ensureCodeServer();
    if (already) log(`code-server ${VERSION} already installed in ${path.relative(ROOT, DIR)}`);
  } catch (error) {
    log(`error: ${error && error.message ? error.message : error}`);
    process.exit(1);
  }
}
