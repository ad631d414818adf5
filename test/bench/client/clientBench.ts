// Keystroke to request, the client's share, in plain Node: from calling streamChat to the
// request's headers reaching the fake OpenRouter on loopback, with the extension's own network
// layer (keep-alive pool) and a kept SDK instance, warm. Naive baseline, measured in the same run:
// a new `openai` SDK client per request on Node's global fetch, as a command handler that builds
// its client each time would. Bundled by test/bench/build.js; prints JSON.
import { OpenRouterClient } from '../../../src/core/openrouter/client';
import { OpenRouterNetwork } from '../../../src/core/openrouter/network';
import type { ChatRequest, ClientConfig } from '../../../src/core/openrouter/types';
import { startFakeOpenRouter } from '../../fake-openrouter/server';

const now = (): number => performance.timeOrigin + performance.now();
const runs = Number(process.argv[2]) || 40;

async function timeRequests(
  makeClient: () => OpenRouterClient,
  config: ClientConfig,
  request: ChatRequest,
  fake: Awaited<ReturnType<typeof startFakeOpenRouter>>,
): Promise<number[]> {
  const delays: number[] = [];
  for (let run = 0; run < runs + 3; run++) {
    const client = makeClient();
    const before = fake.requests.length;
    const started = now();
    for await (const event of client.streamChat(config, request)) void event;
    const received = fake.requests[before];
    if (!received) throw new Error('client bench: no request reached the fake server');
    if (run >= 3) delays.push(received.receivedAt - started); // the first three warm the pools and the JIT
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return delays;
}

async function main(): Promise<void> {
  const fake = await startFakeOpenRouter();
  fake.setDefault({ text: 'A short answer.' });
  const config: ClientConfig = {
    baseUrl: fake.baseUrl,
    apiKey: 'sk-or-v1-bench-0000000000000000',
    stallTimeoutMs: 30_000,
    appUrl: 'https://example.invalid',
    appTitle: 'bench',
  };
  const request: ChatRequest = {
    model: '~google/gemini-flash-latest',
    messages: [{ role: 'user', content: 'Explain: export function sum(values: number[]) { … }' }],
  };
  try {
    const network = new OpenRouterNetwork();
    const kept = new OpenRouterClient(network.fetch);
    const flashlight = await timeRequests(() => kept, config, request, fake);
    const naive = await timeRequests(() => new OpenRouterClient(fetch), config, request, fake);
    process.stdout.write(JSON.stringify({ flashlight, naive }) + '\n');
  } finally {
    await fake.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`client bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
