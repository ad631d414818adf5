// The one place the webview builds an AnswerView: the panel and the chat wire it to the extension
// the same way (Stop and error buttons post back, renders wait for an animation frame, the view
// follows the bottom after each render), so they share this host instead of two copies of it.
import type { QuestionSummary } from '../protocol';
import { AnswerView } from './answerView';
import type { AutoScroll } from './autoScroll';
import { IdleHighlighter } from './idleHighlighter';
import type { Sanitizer } from './sanitize';
import { post } from './vscodeApi';

/** One idle queue per page (per sanitizer), shared by all its answers: oldest block first. */
const highlighters = new WeakMap<Sanitizer, IdleHighlighter>();

function idleHighlighter(sanitizer: Sanitizer): IdleHighlighter {
  let highlighter = highlighters.get(sanitizer);
  if (!highlighter) highlighters.set(sanitizer, (highlighter = new IdleHighlighter(sanitizer)));
  return highlighter;
}

export interface AnswerViewOptions {
  /** The chat has its Stop button in the composer, so its answers hide their own. */
  showStopButton?: boolean;
}

/** An AnswerView for `requestId`, whose Stop and error actions go to the extension for that request. */
export function answerViewFor(
  requestId: number,
  question: QuestionSummary,
  sanitizer: Sanitizer,
  autoScroll: Pick<AutoScroll, 'afterRender'>,
  options: AnswerViewOptions = {},
): AnswerView {
  const view = new AnswerView(
    document,
    sanitizer,
    {
      onStop: () => post({ type: 'stop', requestId }),
      onErrorAction: (action) => post({ type: 'errorAction', action }),
      // Named by its index; the extension opens the code from its own record of this answer.
      onOpenGroundingItem: (item) => post({ type: 'openGroundingItem', answer: { requestId }, item }),
      scheduleFrame: (callback) => requestAnimationFrame(callback),
      afterRender: () => autoScroll.afterRender(),
      highlightLater: (element, html) => idleHighlighter(sanitizer).add(element, html),
      showStopButton: options.showStopButton,
    },
    question,
  );
  view.element.dataset.requestId = String(requestId); // what the panel's code blocks name
  return view;
}
