// The `openai` SDK, loaded a second after activation (warmUp.ts) or by the first request if that
// comes sooner, never during activation: it is most of the extension's code, and activation must
// stay quick. In the packaged extension this require is `require('./openai.js')`, the SDK's own
// bundle beside dist/extension.js (esbuild.js), so the SDK is not even parsed until then; unit
// tests and the unbundled sources load it from node_modules.
import type * as OpenAISdk from 'openai';

let sdk: typeof OpenAISdk | undefined;

export function openaiSdk(): typeof OpenAISdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('openai') as typeof OpenAISdk);
}
