// Starts code-server (installed by install-code-server.js) for tests and for `npm run start:vscode`.
//
//   const { startCodeServer } = require('./code-server');
//   const server = await startCodeServer({ workspace, env, settings });
//   server.url                       // http://127.0.0.1:PORT/?folder=WORKSPACE
//   server.workbenchUrl({ extensionDevelopmentPath, extensionTestsPath })   // url + payload query
//   await server.stop();             // kills the whole process group, removes temp dirs
//
// `env` is merged over process.env for the code-server process; the extension host inherits it.
// `settings` are merged over the harness defaults into <user-data-dir>/User/settings.json.
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ensureCodeServer } = require('./install-code-server');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';

/** Settings that keep the workbench quiet and predictable under test. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
};

/** Copies an extension's runtime files into `extensionsDir` as `<publisher>.<name>-<version>`. */
function installExtensionCopy(folder, extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'dist', 'media', 'README.md', 'LICENSE']) {
    const from = path.join(folder, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(target, entry), { recursive: true });
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `vscode-remote://127.0.0.1:PORT/abs/path`: how the web workbench names a file on the server. */
function remoteUri(port, absPath, host = HOST) {
  const posix = path.resolve(absPath).split(path.sep).join('/');
  const encoded = posix
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `vscode-remote://${host}:${port}${encoded.startsWith('/') ? '' : '/'}${encoded}`;
}

/**
 * The workbench URL: `?folder=` opens the workspace, `payload=` (URL-encoded JSON list of pairs)
 * loads an extension under development and optionally runs its tests.
 */
function workbenchUrl({ port, host = HOST, workspace, extensionDevelopmentPath, extensionTestsPath, payload = [] }) {
  const params = new URLSearchParams();
  if (workspace) params.set('folder', path.resolve(workspace));
  const pairs = [...payload];
  if (extensionDevelopmentPath) {
    pairs.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath, host)]);
  }
  if (extensionTestsPath) {
    pairs.push(['extensionTestsPath', remoteUri(port, extensionTestsPath, host)]);
  }
  if (pairs.length > 0) params.set('payload', JSON.stringify(pairs));
  // URLSearchParams encodes spaces as '+', which the workbench does not decode: use %20.
  return `http://${host}:${port}/?${params.toString().replace(/\+/g, '%20')}`;
}

function readJsonIfAny(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/** Merges `settings` (a value of undefined removes a key) into DIR/User/settings.json. */
function writeUserSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const merged = { ...DEFAULT_SETTINGS, ...readJsonIfAny(file) };
  for (const [key, value] of Object.entries(settings || {})) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  fs.writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  return file;
}

function get(url, timeoutMs) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode || 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/** The environment for code-server: ours, minus anything that would make it talk to another VS Code. */
function serverEnv(extra) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return { ...env, ...extra };
}

/**
 * Starts code-server and resolves once it answers on /healthz.
 * @param {object} options
 * @param {string} options.workspace   folder to open
 * @param {Record<string,string>} [options.env]        merged into the server's (and extension host's) env
 * @param {Record<string,unknown>} [options.settings]  user settings, merged over DEFAULT_SETTINGS
 * @param {number} [options.port]      fixed port (default: a free one)
 * @param {string} [options.userDataDir]   persistent profile (default: a fresh temp dir, removed on stop)
 * @param {string} [options.extensionsDir] (default: a fresh temp dir, removed on stop)
 * @param {boolean|((line: string) => void)} [options.log]  echo the server's output (default: env FLASHLIGHT_HARNESS_VERBOSE)
 * @param {number} [options.timeoutMs] how long to wait for it to serve (default 60 s)
 * @param {string[]} [options.installExtensions] extension folders (package.json, dist/, media/) copied into
 *   the extensions dir before start, so VS Code loads them as installed extensions, not under development
 *   (only installed extensions are subject to Restricted Mode)
 * @param {boolean} [options.workspaceTrust] turn VS Code's workspace trust on (default off): the folder
 *   opens untrusted, in Restricted Mode, without the startup prompt
 */
async function startCodeServer(options) {
  const { workspace, env = {}, settings, timeoutMs = 60_000 } = options || {};
  if (!workspace) throw new Error('startCodeServer: `workspace` (a folder to open) is required');
  const { entry } = ensureCodeServer();

  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'flashlight-code-server-'));
  const userDataDir = options.userDataDir || path.join(tempRoot, 'user-data');
  const extensionsDir = options.extensionsDir || path.join(tempRoot, 'extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const folder of options.installExtensions || []) installExtensionCopy(folder, extensionsDir);
  const trust = options.workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' }
    : {};
  const settingsFile = writeUserSettings(userDataDir, { ...trust, ...settings });
  const config = path.join(tempRoot, 'config.yaml'); // keeps ~/.config/code-server untouched
  fs.writeFileSync(config, 'auth: none\n');

  const verbose = options.log ?? Boolean(process.env.FLASHLIGHT_HARNESS_VERBOSE);
  const echo = typeof verbose === 'function' ? verbose : verbose ? (line) => process.stderr.write(`[code-server] ${line}\n`) : null;

  const fixedPort = options.port;
  let lastError;
  for (let attempt = 0; attempt < (fixedPort ? 1 : 3); attempt++) {
    const port = fixedPort || (await freePort());
    try {
      const server = await launch({
        entry,
        port,
        workspace,
        env,
        userDataDir,
        extensionsDir,
        config,
        echo,
        timeoutMs,
        workspaceTrust: Boolean(options.workspaceTrust),
      });
      const stop = async () => {
        await server.kill();
        if (!options.keepTempDirs) fs.rmSync(tempRoot, { recursive: true, force: true });
      };
      return {
        port,
        host: HOST,
        url: workbenchUrl({ port, workspace }),
        workbenchUrl: (extra = {}) => workbenchUrl({ port, workspace, ...extra }),
        remoteUri: (absPath) => remoteUri(port, absPath),
        workspace: path.resolve(workspace),
        userDataDir,
        extensionsDir,
        settingsFile,
        process: server.child,
        output: () => server.output.join('\n'),
        stop,
      };
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE|address already in use/i.test(String(error && error.message))) break;
    }
  }
  fs.rmSync(tempRoot, { recursive: true, force: true });
  throw lastError;
}

async function launch({ entry, port, workspace, env, userDataDir, extensionsDir, config, echo, timeoutMs, workspaceTrust }) {
  const args = [
    entry,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `${HOST}:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    path.resolve(workspace),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: serverEnv(env),
    detached: true, // its own process group: stop() kills the server and the extension hosts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 500) output.shift();
      if (echo) echo(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  // If this Node process dies without calling stop(), take the server down with it.
  const killGroupSync = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killGroupSync);

  const kill = async () => {
    process.removeListener('exit', killGroupSync);
    if (exited) {
      killGroupSync(); // stray children of the group
      return;
    }
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'));
    if ((await Promise.race([exitPromise, timer])) === 'timeout') killGroupSync();
    else killGroupSync(); // the extension host may outlive the server briefly
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited (code ${exited.code}, signal ${exited.signal}) before serving on ${HOST}:${port}:\n` + output.slice(-30).join('\n'));
    }
    if ((await get(`http://${HOST}:${port}/healthz`, 2000)) === 200) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`code-server did not serve on ${HOST}:${port} within ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { child, output, kill };
}

module.exports = { startCodeServer, workbenchUrl, remoteUri, freePort, writeUserSettings, DEFAULT_SETTINGS, ROOT, HOST };
