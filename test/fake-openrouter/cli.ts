// Runs the fake OpenRouter on its own, for an extension host in another process or a person with
// curl:  node out/test/fake-openrouter/cli.js [--port N] [--tryout]
// --tryout: answers shaped like Gemini Flash's from each request (tryout.ts) instead of the tests'
// fixed sentence, whenever nothing is queued and no default set.
// Prints one line, FAKE_OPENROUTER_URL=http://127.0.0.1:PORT/api/v1, and serves until SIGINT or
// SIGTERM. Script it through POST /__fake/enqueue, /__fake/default, /__fake/reset and read it
// back with GET /__fake/requests, /__fake/chunks, /__fake/open-streams.

import { startFakeOpenRouter } from './server';

function portFrom(argv: string[]): number {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return 0;
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`fake-openrouter: --port needs a number from 0 to 65535, got ${value}\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const fake = await startFakeOpenRouter({ port: portFrom(process.argv.slice(2)), tryout: process.argv.includes('--tryout') });
  process.stdout.write(`FAKE_OPENROUTER_URL=${fake.baseUrl}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-openrouter: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
