// The `openai` SDK, loaded when the first request needs it rather than when the extension
// activates: evaluating its modules is the largest single cost of loading the bundle, and
// activation must stay quick. (esbuild turns this require into a lazy initializer in the bundle.)
import type * as OpenAISdk from 'openai';

let sdk: typeof OpenAISdk | undefined;

export function openaiSdk(): typeof OpenAISdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('openai') as typeof OpenAISdk);
}
