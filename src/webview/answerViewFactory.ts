// The one place the webview builds an AnswerView: the panel and the chat wire it to the extension
// the same way (Stop and error buttons post back, renders wait for an animation frame, the view
// follows the bottom after each render), so they share this host instead of two copies of it.
import type { QuestionSummary } from '../protocol';
import { AnswerView } from './answerView';
import type { AutoScroll } from './autoScroll';
import type { Sanitizer } from './sanitize';
import { post } from './vscodeApi';

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
  return new AnswerView(
    document,
    sanitizer,
    {
      onStop: () => post({ type: 'stop', requestId }),
      onErrorAction: (action) => post({ type: 'errorAction', action }),
      scheduleFrame: (callback) => requestAnimationFrame(callback),
      afterRender: () => autoScroll.afterRender(),
      showStopButton: options.showStopButton,
    },
    question,
  );
}
