// The architecture's boundaries, checked on every `npm test` (npm run lint):
//   src/core      pure logic: no `vscode`, nothing from host/ or features/; unit-tested in plain Node
//   src/host      the vscode edges (settings, secrets, views, editor): may use core, never features
//   src/features  the use cases, each wired by src/extension.ts, the composition root
//   src/webview   the webview bundle: only its own files and the protocol
//   src/protocol  the one protocol both bundles share (messages, and the markdown syntax by which
//                 both number an answer's code blocks)
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make the order of construction (and of reading) unclear.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core must not import vscode.',
      from: { path: '^src/core/' },
      to: { path: '^vscode$|node_modules/@types/vscode/' },
    },
    {
      name: 'core-imports-core',
      severity: 'error',
      comment: 'src/core may import only src/core and the protocol.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/(core|protocol)/' },
    },
    {
      name: 'client-knows-no-ui',
      severity: 'error',
      comment: 'The OpenRouter client (src/core/openrouter) knows nothing of the views: no protocol, no prompts.',
      from: { path: '^src/core/openrouter/' },
      to: { path: '^src/', pathNot: '^src/core/openrouter/' },
    },
    {
      name: 'host-below-features',
      severity: 'error',
      comment: 'src/host adapts vscode for the features; it does not call them.',
      from: { path: '^src/host/' },
      to: { path: '^src/(features/|extension\\.ts$)' },
    },
    {
      name: 'webview-imports-protocol-only',
      severity: 'error',
      comment: 'The webview bundle shares only the protocol with the extension.',
      from: { path: '^src/webview/' },
      to: { path: '^src/', pathNot: '^src/(webview|protocol)/' },
    },
    {
      name: 'extension-bundle-not-webview',
      severity: 'error',
      comment: 'Extension code never imports webview code.',
      from: { path: '^src/', pathNot: '^src/webview/' },
      to: { path: '^src/webview/' },
    },
    { name: 'composition-root-is-not-imported', severity: 'error', from: {}, to: { path: '^src/extension\\.ts$' } },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle of types is still a cycle in the design.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/webview/.*\\.d\\.ts$' },
  },
};
