// Answers in the panel beside the editor: the request starts first, and the panel is revealed
// once it is on its way, so creating the webview never delays it. The last run is kept for the
// error view's Retry.
import type { AnswerPanel } from '../../host/views/answerPanel';
import { newAnswerRecord, streamAnswer } from '../../core/chat/streamAnswer';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { AnswerRun } from '../../core/answers/answers';
import type { ToolSet } from '../../core/tools/toolLoop';

export interface PanelAnswersDeps {
  panel: AnswerPanel;
  access: OpenRouterAccess;
  nextRequestId(): number;
  log(line: string): void;
  /** The read-only tools for the next answer, when the setting, the model and the workspace allow them. */
  tools?(): ToolSet | undefined;
}

export class PanelAnswers {
  private lastRun: AnswerRun | undefined;

  constructor(private readonly deps: PanelAnswersDeps) {}

  async ask(run: AnswerRun): Promise<void> {
    const { panel, access, log } = this.deps;
    this.lastRun = run;
    const config = await access.connect();
    const record = newAnswerRecord(this.deps.nextRequestId(), run.question);
    const signal = panel.begin(record);
    log(`request ${record.requestId}: ${run.question.title}, model=${run.request.model}`);
    const answer = streamAnswer({
      client: access.client,
      config,
      request: run.request,
      record,
      signal,
      post: (message) => panel.post(message),
      log,
      tools: this.deps.tools?.(),
    });
    // Calling streamAnswer only starts the request: the SDK's and the network's steps run as
    // promise callbacks once this function yields, up to writing the request to a kept-alive
    // socket. The panel is revealed after them (a first reveal creates the webview: milliseconds).
    const revealed = new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        try {
          panel.reveal();
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    await Promise.all([answer, revealed]);
  }

  /** The error view's Retry: the last question again. */
  async retryLast(): Promise<void> {
    if (this.lastRun) await this.ask(this.lastRun);
  }
}
