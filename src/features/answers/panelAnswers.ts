// Answers in the panel beside the editor: the request starts first, and the panel is revealed
// once it is on its way, so creating the webview never delays it. The last run is kept for the
// error view's Retry and Continue.
import type { AnswerPanel } from '../../host/views/answerPanel';
import { newAnswerRecord, resumeRecord, streamAnswer, type StreamAnswerOptions } from '../../core/chat/streamAnswer';
import { continuationRequest } from '../../core/answers/continuation';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { AnswerRun } from '../../core/answers/answers';
import type { ClientConfig } from '../../core/openrouter/types';
import type { ToolSet } from '../../core/tools/toolLoop';

export interface PanelAnswersDeps {
  panel: AnswerPanel;
  access: OpenRouterAccess;
  nextRequestId(): number;
  log(line: string): void;
  /** The billed cost of an answer whose usage chunk had none (GET /generation, a little later). */
  billedCost?(config: ClientConfig, id: string): Promise<number | undefined>;
  keepRequest?: StreamAnswerOptions['keepRequest'];
  /** The read-only tools for the next answer, when the setting, the model and the workspace allow them. */
  tools?(): ToolSet | undefined;
}

export class PanelAnswers {
  private lastRun: AnswerRun | undefined;
  /** The model the last request (the first ask or a Continue) went to first. */
  private askedModel: string | undefined;

  constructor(private readonly deps: PanelAnswersDeps) {}

  /** The first answer's panel is created while its context is gathered: its page loads meanwhile. */
  prepare(): void {
    this.deps.panel.createIfAbsent();
  }

  async ask(run: AnswerRun): Promise<void> {
    const { panel, access, log } = this.deps;
    this.lastRun = run;
    this.askedModel = run.request.model;
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
      billedCost: this.deps.billedCost,
      keepRequest: this.deps.keepRequest,
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

  /**
   * The error view's Continue: the panel's cut-off answer asks for its rest (the next model of the
   * chain), and the continuation is appended to the text shown, under a new request id.
   */
  async continueLast(): Promise<void> {
    const { panel, access, log } = this.deps;
    const record = panel.current;
    const run = this.lastRun;
    if (!run || !record || record.state !== 'error' || !record.error?.actions.includes('continue')) return;
    const request = continuationRequest(run.request, record.text, record.stats?.model ?? this.askedModel);
    const config = await access.connect();
    if (panel.current !== record || record.state !== 'error') return; // a newer answer started meanwhile
    this.askedModel = request.model;
    resumeRecord(record, this.deps.nextRequestId());
    const signal = panel.begin(record);
    panel.repaint();
    log(`request ${record.requestId}: Continue after ${record.text.length} characters, model=${request.model}`);
    await streamAnswer({
      client: access.client,
      config,
      request,
      record,
      signal,
      post: (message) => panel.post(message),
      log,
      continuing: true,
      billedCost: this.deps.billedCost,
    });
  }

  /** The error view's Retry: the last question again. */
  /** `model`: asked with that model instead (a retired model's switch to the alias). */
  async retryLast(model?: string): Promise<void> {
    if (this.lastRun) await this.ask(model ? { ...this.lastRun, request: { ...this.lastRun.request, model } } : this.lastRun);
  }
}
