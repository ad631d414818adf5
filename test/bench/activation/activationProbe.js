// Run in a fresh Node process by activationBench.js: requires the production extension bundle
// with a stand-in `vscode` module and calls activate() once, printing how long each took (ms):
// wall clock, and this process's CPU time (which other processes on a busy machine do not inflate).
// Each part of the API is a stand-in that answers every property, call and `new` with another
// stand-in, so activate() runs its real code path (services, registrations) without an editor;
// what it measures is the extension's own work, not VS Code's.
'use strict';

const Module = require('module');
const path = require('path');
const { performance } = require('perf_hooks');

function standIn(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_, property) {
      if (property === 'then') return undefined; // not a promise: `await standIn` resolves at once
      if (property === Symbol.toPrimitive) return () => 0;
      if (property === Symbol.iterator) return function* () {};
      if (property === 'prototype') return target.prototype;
      return standIn(`${name}.${String(property)}`);
    },
    // esbuild's interop copies a module's own keys onto an object whose prototype is the module's:
    // a stand-in prototype makes every other key resolve too.
    getPrototypeOf: () => standIn(`${name}.__proto__`),
    set: () => true,
    defineProperty: () => true,
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

// VS Code's extension host has loaded Node's networking and compression modules long before any
// extension activates; load them first, so the timing is the bundle's own cost, as in the host.
for (const builtin of ['http', 'https', 'tls', 'net', 'zlib', 'stream', 'crypto', 'fs', 'fs/promises', 'path', 'os', 'child_process']) require(builtin);

// The module itself is a plain object with the API's top-level names as its own properties, as
// VS Code's is (esbuild's interop copies them, so how many there are matters): every namespace,
// class, enum and constant that @types/vscode declares, each a stand-in.
const apiNames = [
  ...require('fs')
    .readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8')
    .matchAll(/^\texport (?:namespace|class|enum|const|let|var|function) (\w+)/gm),
].map((m) => m[1]);
const vscode = Object.fromEntries(apiNames.map((name) => [name, standIn(`vscode.${name}`)]));
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const bundle = path.resolve(process.argv[2]);
const context = new Proxy(
  { subscriptions: [], extensionUri: standIn('extensionUri'), extensionPath: path.dirname(path.dirname(bundle)) },
  { get: (target, property) => (property in target ? target[property] : standIn(`context.${String(property)}`)) },
);

const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const loadStarted = performance.now();
const loadCpu = process.cpuUsage();
const extension = require(bundle);
const requireMs = performance.now() - loadStarted;
const requireCpuMs = cpuMs(loadCpu);
let activateMs = NaN;
let activateCpuMs = NaN;
let error;
try {
  const activateStarted = performance.now();
  const activateCpu = process.cpuUsage();
  extension.activate(context);
  activateMs = performance.now() - activateStarted;
  activateCpuMs = cpuMs(activateCpu);
} catch (caught) {
  error = caught instanceof Error ? caught.message : String(caught);
}
// Not part of activation: what the first request adds later, loading the SDK's own bundle
// (dist/openai.js beside the extension's) when the build has one.
let sdkCpuMs = NaN;
const sdkBundle = path.join(path.dirname(bundle), 'openai.js');
if (!error && require('fs').existsSync(sdkBundle)) {
  const sdkCpu = process.cpuUsage();
  require(sdkBundle);
  sdkCpuMs = cpuMs(sdkCpu);
}
process.stdout.write(JSON.stringify({ requireMs, activateMs, requireCpuMs, activateCpuMs, sdkCpuMs, error }) + '\n');
// Whatever activate() scheduled (timers, stand-in promises) is not ours to wait for.
process.exit(0);
