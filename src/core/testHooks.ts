// Whether activate() hands out its test hooks (api.ts). Whatever activate() returns, VS Code gives
// to every other installed extension that asks (`extensions.getExtension(...).exports`), and the
// hooks can write: they post into the chat as its webview would. So they exist only while this
// extension runs under its own test suite: VS Code sets ExtensionMode.Test only for the extension
// under development when it was started with extensionTestsPath (desktop test-electron and
// code-server's payload alike). Another extension cannot set the mode, unlike an environment
// variable in the shared extension host process, so nothing else is consulted.

/** `mode` and `testMode` are vscode.ExtensionMode values (passed in, so this stays free of `vscode`). */
export function testHooksFor<Hooks>(mode: number, testMode: number, build: () => Hooks): Hooks | undefined {
  return mode === testMode ? build() : undefined;
}
