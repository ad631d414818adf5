// activate() hands its test hooks (api.ts: postFromChat, postFromPanel, a write path into both
// webview hosts) only to the extension's own test suite: whatever it returns, every other
// installed extension can read. The built bundle (dist/extension.js, as VS Code loads it) is
// activated here with a stand-in `vscode` in each ExtensionMode VS Code can give it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { testHooksFor } from '../../src/core/testHooks';

const bundle = join(__dirname, '../../../dist/extension.js');
/** vscode.ExtensionMode's values, as @types/vscode declares them. */
const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

/** Answers every property, call and `new` with another stand-in, so activate() runs its real path without an editor. */
function standIn(): unknown {
  const target = function () {};
  return new Proxy(target, {
    get(_, property) {
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.toPrimitive) return () => 0;
      if (property === Symbol.iterator) return function* () {};
      if (property === 'prototype') return target.prototype;
      return standIn();
    },
    getPrototypeOf: () => standIn() as object,
    set: () => true,
    defineProperty: () => true,
    apply: () => standIn(),
    construct: () => standIn() as object,
  });
}

/**
 * The module as VS Code's is, a plain object with the API's top-level names as its own properties
 * (esbuild's interop copies own properties): each a stand-in, but ExtensionMode the real values.
 */
function vscodeModule(): Record<string, unknown> {
  const declarations = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8').matchAll(
    /^\texport (?:namespace|class|enum|const|let|var|function) (\w+)/gm,
  );
  return { ...Object.fromEntries([...declarations].map((match) => [match[1], standIn()])), ExtensionMode };
}

function activateIn(mode: number): unknown {
  const vscode = vscodeModule();
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  try {
    delete require.cache[require.resolve(bundle)];
    const extension = require(bundle) as { activate(context: unknown): unknown; deactivate(): void };
    const subscriptions: Array<{ dispose?: () => void }> = [];
    const context = new Proxy<Record<string | symbol, unknown>>(
      { subscriptions, extensionMode: mode, extensionPath: join(__dirname, '../../..') },
      {
        get: (target, property) => (property in target ? target[property] : standIn()),
      },
    );
    const api = extension.activate(context);
    for (const subscription of subscriptions) subscription.dispose?.();
    return api;
  } finally {
    loader._load = load;
  }
}

test(
  'in normal use (Production or Development) activate() returns nothing another extension could write through',
  { skip: !existsSync(bundle) && 'dist/extension.js is not built (node esbuild.js)' },
  () => {
    assert.equal(activateIn(ExtensionMode.Production), undefined);
    assert.equal(activateIn(ExtensionMode.Development), undefined);
  },
);

test(
  'under its own tests (ExtensionMode.Test) activate() returns the hooks the integration suite uses',
  { skip: !existsSync(bundle) && 'dist/extension.js is not built (node esbuild.js)' },
  () => {
    const api = activateIn(ExtensionMode.Test) as Record<string, unknown> | undefined;
    assert.equal(typeof api?.postFromChat, 'function');
    assert.equal(typeof api?.postFromPanel, 'function');
  },
);

test('the decision: hooks are built only in the test mode', () => {
  let built = 0;
  const build = () => ++built;
  assert.equal(testHooksFor(ExtensionMode.Production, ExtensionMode.Test, build), undefined);
  assert.equal(testHooksFor(ExtensionMode.Development, ExtensionMode.Test, build), undefined);
  assert.equal(built, 0, 'nothing is built outside the test mode');
  assert.equal(testHooksFor(ExtensionMode.Test, ExtensionMode.Test, build), 1);
});
