// Sends a request and streams its answer into the panel. Asks for a key first when none is set,
// then goes on. The request starts before the panel is revealed, so creating the webview never
// delays the request.
import type { ChatRequest } from '../openrouter/types';
import type { QuestionSummary } from '../protocol';
import { newAnswerRecord, streamAnswer } from '../chat/streamAnswer';
import type { Services } from '../services';
import { promptForApiKey } from './apiKeyCommands';

export interface PanelRun {
  question: QuestionSummary;
  request: ChatRequest;
}

let lastRun: PanelRun | undefined;

export async function runInPanel(services: Services, run: PanelRun): Promise<void> {
  lastRun = run;
  const settings = services.settings();
  const apiKey = (await services.keys.get()) ?? (await promptForApiKey(services, 'Flashlight needs an OpenRouter API key to answer. Paste it to go on.')) ?? '';
  const record = newAnswerRecord(services.nextRequestId(), run.question);
  const signal = services.panel.begin(record);
  services.log.info(`request ${record.requestId}: ${run.question.title}, model=${run.request.model}`);
  const answer = streamAnswer({
    client: services.client,
    config: services.clientConfig(settings, apiKey),
    request: run.request,
    record,
    signal,
    post: (message) => services.panel.post(message),
    log: (line) => services.log.info(line),
  });
  services.panel.reveal();
  await answer;
}

export async function retryLastRun(services: Services): Promise<void> {
  if (lastRun) await runInPanel(services, lastRun);
}
