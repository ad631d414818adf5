// The answer panel: one AnswerView at a time, repainted from the extension's record on `ready`.
import { DomIds, type ExtensionToWebview, type QuestionSummary, type RestoredAnswer } from '../protocol';
import type { AnswerView } from './answerView';
import { answerViewFor } from './answerViewFactory';
import { AutoScroll } from './autoScroll';
import { handleCodeBlockClicks } from './codeBlockActions';
import type { Sanitizer } from './sanitize';
import { post } from './vscodeApi';

export function startPanelApp(sanitizer: Sanitizer): void {
  const root = document.getElementById(DomIds.root)!;
  const answerSlot = document.getElementById(DomIds.answer)!;
  const autoScroll = new AutoScroll(document.scrollingElement ?? document.documentElement, window);
  let current: { requestId: number; view: AnswerView } | undefined;

  function begin(requestId: number, question: QuestionSummary): AnswerView {
    const view = answerViewFor(requestId, question, sanitizer, autoScroll);
    current = { requestId, view };
    answerSlot.replaceChildren(view.element);
    autoScroll.resume();
    return view;
  }

  function viewFor(requestId: number): AnswerView | undefined {
    return current?.requestId === requestId ? current.view : undefined;
  }

  function restore(answer: RestoredAnswer | undefined): void {
    if (!answer) return;
    const view = begin(answer.requestId, answer.question);
    view.restore(answer);
  }

  window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'start':
        begin(message.requestId, message.question);
        break;
      case 'restore':
        restore(message.answer);
        break;
      default:
        if ('requestId' in message) viewFor(message.requestId)?.receive(message);
    }
  });

  handleCodeBlockClicks(root, (element) => {
    // The panel shows one answer at a time; a button in any other (there is none) names nothing.
    const requestId = Number(element.closest<HTMLElement>('.answer')?.dataset.requestId);
    return current && requestId === current.requestId ? { requestId } : undefined;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && current) post({ type: 'stop', requestId: current.requestId });
  });
  post({ type: 'ready' });
}
