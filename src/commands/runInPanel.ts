// Sends a request and streams its answer into the panel. Asks for a key first when none is set,
// then goes on. The panel is revealed once the request is on its way (see runInPanel), so
// creating the webview never delays the request.
import type { FlashlightSettings } from '../config';
import type { ChatRequest } from '../openrouter/types';
import type { ContextChip, QuestionSummary } from '../protocol';
import { newAnswerRecord, streamAnswer } from '../chat/streamAnswer';
import type { Services } from '../services';
import { apiKeyFor } from '../secrets/apiKeyAccess';

export interface PanelRun {
  question: QuestionSummary;
  request: ChatRequest;
  /** How the same question reads in the chat (an instruction and the code as a chip). */
  chatQuestion?: { text: string; contexts: ContextChip[] };
}

/** Without a chat form, the chat gets the request's own question (instruction and fenced code). */
function chatQuestionOf(run: PanelRun): { text: string; contexts: ContextChip[] } {
  if (run.chatQuestion) return run.chatQuestion;
  const user = [...run.request.messages].reverse().find((message) => message.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : run.question.title;
  return { text, contexts: [] };
}

let lastRun: PanelRun | undefined;

/** `settings`: the caller's read of them, when it has one (each read costs a little of the keystroke). */
export async function runInPanel(services: Services, run: PanelRun, settings: FlashlightSettings = services.settings()): Promise<void> {
  if (settings.answerDestination === 'chat' && services.chat) {
    // In the chat the user can follow up; the chat asks for a key itself when none is set.
    const { text, contexts } = chatQuestionOf(run);
    await services.chat.reveal();
    await services.chat.ask(text, contexts);
    return;
  }
  lastRun = run;
  const apiKey = (await apiKeyFor(services, settings)) ?? '';
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
  // Calling streamAnswer only starts the request: the SDK's and the network's steps run as promise
  // callbacks once this function yields, up to writing the request to a kept-alive socket. The
  // panel is revealed after them (a first reveal creates the webview: milliseconds of work).
  const revealed = new Promise<void>((resolve, reject) =>
    setImmediate(() => {
      try {
        services.panel.reveal();
        resolve();
      } catch (error) {
        reject(error);
      }
    }),
  );
  await Promise.all([answer, revealed]);
}

export async function retryLastRun(services: Services): Promise<void> {
  if (lastRun) await runInPanel(services, lastRun);
}
