// One streamed answer in the DOM. Finished blocks are appended once and never touched again; only
// the unfinished tail changes, and text that only grew is appended to its text node (TailDom).
// Updates are batched to one per animation frame however fast deltas arrive.
import type { AnswerStats, ErrorAction, ErrorView, ExtensionToWebview, GroundingView, QuestionSummary, RestoredAnswer, ToolStepView } from '../protocol';
import { formatRedactions, formatStats } from './formatStats';
import { IncrementalMarkdown } from './markdownBlocks';
import type { Sanitizer } from './sanitize';
import { TailDom } from './tailDom';

/** A tail longer than this is shown as plain text until it finishes: re-lexing it per frame would not keep up. */
const plainTailThreshold = 20_000;

export interface AnswerViewHost {
  onStop(): void;
  onErrorAction(action: ErrorAction): void;
  scheduleFrame(callback: () => void): void;
  afterRender(): void;
  /** Replaces `element` with `html()` when the page is idle. */
  highlightLater(element: Element, html: () => string): void;
  /** A gathered-context item of the header was clicked: its index in `question.grounding.items`. */
  onOpenGroundingItem?(index: number): void;
  /** The panel has a Stop button on the answer; the chat has one in its composer instead. */
  showStopButton?: boolean;
}

const actionLabels: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  retry: 'Try Again',
  openSettings: 'Open Settings',
  addCredits: 'Add Credits',
  chooseModel: 'Choose Model',
  continue: 'Continue',
  relaxPrivacy: 'Relax for this request',
  raiseBudget: 'Raise today’s budget',
  switchToLatest: 'Switch to ~google/gemini-flash-latest',
};

export class AnswerView {
  readonly element: HTMLElement;
  private readonly markdown = new IncrementalMarkdown();
  private readonly blocks: HTMLElement;
  private readonly tail: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly stopButton: HTMLButtonElement;
  private reasoning: { details: HTMLDetailsElement; text: Text; summary: HTMLElement } | undefined;
  private readonly tailDom: TailDom;
  private plainTail: Text | undefined;
  private frameScheduled = false;
  /** The footer's figures, kept so a cost told later joins them. */
  private stats: AnswerStats | undefined;
  private finished = false;
  private steps: HTMLElement | undefined;
  private readonly stepElements = new Map<string, HTMLDetailsElement>();

  constructor(
    private readonly document: Document,
    private readonly sanitizer: Sanitizer,
    private readonly host: AnswerViewHost,
    question: QuestionSummary,
  ) {
    this.element = this.make('article', 'answer');
    this.element.setAttribute('aria-busy', 'true');
    if (question.title) this.element.append(this.questionHeader(question));
    this.statusLine = this.make('div', 'status');
    this.statusLine.setAttribute('role', 'status');
    this.statusLine.textContent = 'Waiting for the model…';
    this.blocks = this.make('div', 'markdown-body');
    this.tail = this.make('div', 'markdown-tail');
    this.tailDom = new TailDom(this.tail, sanitizer);
    const body = this.make('div', 'answer-body');
    body.append(this.blocks, this.tail);
    this.footer = this.make('div', 'answer-footer');
    this.stopButton = this.make('button', 'stop-button') as HTMLButtonElement;
    this.stopButton.type = 'button';
    if (host.showStopButton !== false) this.stopButton.id = 'flashlight-stop';
    else this.stopButton.hidden = true;
    this.stopButton.innerHTML = '<span class="codicon codicon-debug-stop" aria-hidden="true"></span> Stop';
    this.stopButton.title = 'Stop generating (Escape)';
    this.stopButton.addEventListener('click', () => this.host.onStop());
    this.element.append(this.statusLine, body, this.stopButton, this.footer);
  }

  /** Repaints a recorded answer: the text so far, and its ending if it has one. */
  restore(answer: RestoredAnswer): void {
    for (const step of answer.steps ?? []) this.showStep(step);
    if (answer.reasoning) this.appendReasoning(answer.reasoning);
    if (answer.text && answer.state === 'streaming') this.appendContent(answer.text);
    else if (answer.text) this.renderFinished(answer.text);
    if (answer.state === 'error' && answer.error) this.showError(answer.error);
    else if (answer.state !== 'streaming') this.finish(answer.stats, answer.state === 'stopped');
  }

  /**
   * A finished answer (a reopened chat) is rendered in one pass and sanitized in one call: a
   * DOMPurify call per block costs a document parse each, which adds up over fifty turns. Its
   * code blocks are shown plain and coloured when the page is idle, as while streaming:
   * highlight.js on every block of the last turns was most of a reopened chat's first paint.
   */
  private renderFinished(text: string): void {
    this.markdown.append(text);
    const blocks = this.markdown.update(true, true).committed;
    // The plain blocks are marked so they can be found after sanitizing (the answer's own HTML is
    // escaped, never parsed, so it cannot carry the attribute).
    const html = blocks
      .map((block, index) =>
        block.plainHtml ? block.plainHtml.replace('<div class="code-block">', `<div class="code-block" data-later="${index}">`) : block.html,
      )
      .join('');
    const fragment = this.sanitizer.toFragment(html);
    for (const element of fragment.querySelectorAll<HTMLElement>('[data-later]')) {
      const block = blocks[Number(element.dataset.later)];
      element.removeAttribute('data-later');
      if (block?.plainHtml) this.host.highlightLater(element, () => block.html);
    }
    this.blocks.append(fragment);
    this.statusLine.hidden = true;
  }

  /** Applies one streamed message about this answer. */
  receive(message: ExtensionToWebview): void {
    switch (message.type) {
      case 'reasoning':
        this.appendReasoning(message.text);
        break;
      case 'delta':
        this.appendContent(message.text);
        break;
      case 'status':
        this.showStatus(message.text);
        break;
      case 'done':
        this.finish(message.stats, message.stopped);
        break;
      case 'error':
        this.showError(message.error);
        break;
      case 'cost':
        this.showCost(message.cost);
        break;
      case 'toolStep':
        this.showStep(message.step);
        break;
      default:
        break;
    }
  }

  get isFinished(): boolean {
    return this.finished;
  }

  appendReasoning(text: string): void {
    if (!this.reasoning) {
      const details = this.make('details', 'reasoning') as HTMLDetailsElement;
      const summary = this.make('summary', 'reasoning-summary');
      summary.textContent = 'Thinking…';
      const pre = this.make('div', 'reasoning-text');
      const node = this.document.createTextNode('');
      pre.append(node);
      details.append(summary, pre);
      this.element.insertBefore(details, this.statusLine.nextSibling);
      this.reasoning = { details, text: node, summary };
      this.statusLine.textContent = 'Thinking…';
    }
    this.reasoning.text.appendData(text);
  }

  /**
   * A tool call as a collapsed line, expandable to the exact result the model was sent. Text only
   * (textContent): a result is file content and model-chosen paths, never markup.
   */
  showStep(step: ToolStepView): void {
    if (!this.steps) {
      this.steps = this.make('div', 'tool-steps');
      this.element.insertBefore(this.steps, this.statusLine);
    }
    let details = this.stepElements.get(step.id);
    if (!details) {
      details = this.make('details', 'tool-step') as HTMLDetailsElement;
      details.append(this.make('summary', 'tool-step-summary'), this.make('pre', 'tool-step-result'));
      this.stepElements.set(step.id, details);
      this.steps.append(details);
    }
    details.dataset.state = step.state;
    const label = step.state === 'running' ? `${step.summary}…` : step.state === 'stopped' ? `${step.summary} (stopped)` : step.summary;
    (details.firstElementChild as HTMLElement).textContent = label;
    (details.lastElementChild as HTMLElement).textContent = step.result ?? '';
  }

  appendContent(text: string): void {
    if (this.finished) return;
    // Written only when they change: writing the same value again still invalidates style.
    if (!this.statusLine.hidden) this.statusLine.hidden = true;
    if (this.reasoning && this.reasoning.summary.textContent !== 'Thought') this.reasoning.summary.textContent = 'Thought';
    this.markdown.append(text);
    this.scheduleRender();
  }

  showStatus(text: string): void {
    this.statusLine.hidden = false;
    this.statusLine.textContent = text;
  }

  finish(stats: AnswerStats | undefined, stopped: boolean): void {
    this.render(true);
    this.finished = true;
    this.stopButton.remove();
    this.element.setAttribute('aria-busy', 'false');
    this.statusLine.hidden = !stopped && this.markdown.length > 0;
    if (stopped) this.statusLine.textContent = this.markdown.length ? 'Stopped.' : 'Stopped before any answer arrived.';
    else if (!this.markdown.length) this.statusLine.textContent = 'The model returned an empty answer.';
    this.stats = stats;
    if (stats) this.footer.textContent = formatStats(stats);
    if (stats?.redactions?.length) this.showRedactions(stats.redactions);
    if (stats && !stopped) this.showViewRequest();
    if (this.reasoning) this.reasoning.summary.textContent = 'Thought';
    this.element.dataset.state = stopped ? 'stopped' : 'done';
  }

  /** The cost OpenRouter billed, told after the answer finished: the footer gains it. */
  showCost(cost: number): void {
    if (!this.finished || !this.stats || !Number.isFinite(cost) || cost < 0) return;
    this.stats = { ...this.stats, cost };
    this.footer.textContent = formatStats(this.stats);
  }

  /** "View request" beside the footer: the extension opens what this answer's request sent. */
  private showViewRequest(): void {
    if (this.element.querySelector('.view-request')) return;
    const button = this.make('button', 'view-request') as HTMLButtonElement;
    button.type = 'button';
    button.dataset.action = 'view-request';
    button.title = 'Open the exact request this answer was given, after redaction';
    button.textContent = 'View request';
    this.footer.after(button);
  }

  showError(error: ErrorView): void {
    this.finish(undefined, false);
    this.statusLine.hidden = true;
    this.element.dataset.state = 'error';
    const box = this.make('div', 'error');
    box.setAttribute('role', 'alert');
    box.dataset.kind = error.kind;
    const title = this.make('div', 'error-title');
    title.innerHTML = '<span class="codicon codicon-error" aria-hidden="true"></span> ';
    title.append(this.document.createTextNode(error.title));
    const detail = this.make('div', 'error-detail');
    detail.textContent = error.detail;
    box.append(title, detail);
    if (error.actions.length) {
      const actions = this.make('div', 'error-actions');
      for (const action of error.actions) {
        const button = this.make('button', 'error-action') as HTMLButtonElement;
        button.type = 'button';
        button.dataset.action = action;
        button.textContent = actionLabels[action];
        button.addEventListener('click', () => this.host.onErrorAction(action));
        actions.append(button);
      }
      box.append(actions);
    }
    this.element.insertBefore(box, this.footer);
  }

  private scheduleRender(): void {
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    this.host.scheduleFrame(() => {
      this.frameScheduled = false;
      if (!this.finished) this.render(false);
    });
  }

  private render(final: boolean): void {
    const pendingText = this.markdown.tailText();
    // A huge unfinished line stays plain text, also at the end: parsing megabytes of one line as
    // markdown (and sanitizing the result) would freeze the view for seconds after Stop.
    if (pendingText.length > plainTailThreshold && !pendingText.includes('\n', pendingText.length - plainTailThreshold)) {
      this.renderPlainTail(pendingText);
      return;
    }
    const update = this.markdown.update(final);
    if (this.plainTail) {
      this.plainTail = undefined;
      this.tailDom.clear();
    }
    for (const block of update.committed) {
      // A closed fence keeps the plain nodes it streamed into; its colours come when the page is idle.
      this.tailDom.commit(block.plainHtml ?? block.html, this.blocks);
      if (block.plainHtml && this.blocks.lastElementChild) this.host.highlightLater(this.blocks.lastElementChild, () => block.html);
    }
    this.tailDom.show(update.tail.map((block) => block.html));
    if (this.element.isConnected) this.host.afterRender(); // a detached view (a chat being rebuilt) has nothing to scroll: no forced layout
  }

  /** A single enormous line (a minified file, a hostile answer): append text, do not re-parse it. */
  private renderPlainTail(pendingText: string): void {
    if (!this.plainTail) {
      this.tailDom.clear();
      this.plainTail = this.document.createTextNode('');
      const pre = this.make('div', 'plain-tail');
      pre.append(this.plainTail);
      this.tail.append(pre);
    }
    this.plainTail.appendData(pendingText.slice(this.plainTail.length));
    if (this.element.isConnected) this.host.afterRender(); // a detached view (a chat being rebuilt) has nothing to scroll: no forced layout
  }

  /** Under the question (or atop an answer without one): which secrets the request left without. */
  private showRedactions(notes: NonNullable<AnswerStats['redactions']>): void {
    const line = this.make('div', 'redactions');
    line.setAttribute('role', 'note');
    line.textContent = formatRedactions(notes);
    const header = this.element.querySelector(':scope > header.question');
    if (header) header.append(line);
    else this.element.prepend(line);
  }

  private questionHeader(question: QuestionSummary): HTMLElement {
    const header = this.make('header', 'question');
    const title = this.make('div', 'question-title');
    title.textContent = question.title;
    header.append(title);
    const where = [question.file, question.lines ? `lines ${question.lines}` : '', question.language].filter(Boolean).join(' · ');
    if (where) {
      const meta = this.make('div', 'question-meta');
      meta.textContent = where;
      header.append(meta);
    }
    if (question.note) {
      const note = this.make('div', 'question-note');
      note.textContent = question.note;
      header.append(note);
    }
    if (question.grounding) header.append(this.groundingLine(question.grounding));
    if (question.excerpt) {
      const excerpt = this.make('pre', 'question-excerpt');
      excerpt.textContent = question.excerpt;
      header.append(excerpt);
    }
    return header;
  }

  /** "Context: 3 definitions from 2 files (partial: timed out after 300 ms)", then each item, which opens its code. */
  private groundingLine(grounding: GroundingView): HTMLElement {
    const line = this.make('div', 'grounding');
    line.setAttribute('role', 'note');
    const summary = this.make('span', 'grounding-summary');
    summary.textContent = `Context: ${grounding.summary}${grounding.partial ? ` (${grounding.partial})` : ''}`;
    line.append(summary);
    if (grounding.items.length) {
      const list = this.make('ul', 'grounding-items');
      grounding.items.forEach((item, index) => {
        const entry = this.make('li', 'grounding-item');
        const button = this.make('button', 'grounding-open') as HTMLButtonElement;
        button.type = 'button';
        button.dataset.item = String(index);
        button.textContent = item.label;
        button.title = 'Open this code';
        button.addEventListener('click', () => this.host.onOpenGroundingItem?.(index));
        entry.append(button);
        list.append(entry);
      });
      line.append(list);
    }
    return line;
  }

  private make(tag: string, className: string): HTMLElement {
    const element = this.document.createElement(tag);
    element.className = className;
    return element;
  }
}
