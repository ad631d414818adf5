// The webview's entry: receives protocol messages and drives one AnswerView at a time.
import { DomIds, type ExtensionToWebview, type QuestionSummary, type RestoredAnswer } from '../protocol';
import { AnswerView } from './answerView';
import { AutoScroll } from './autoScroll';
import { createSanitizer } from './sanitize';
import { post } from './vscodeApi';

const root = document.getElementById(DomIds.root)!;
const answerSlot = document.getElementById(DomIds.answer)!;
const sanitizer = createSanitizer(window);
const autoScroll = new AutoScroll(document.scrollingElement ?? document.documentElement, window);

let current: { requestId: number; view: AnswerView } | undefined;

function begin(requestId: number, question: QuestionSummary): AnswerView {
  const view = newView(requestId, question);
  current = { requestId, view };
  answerSlot.replaceChildren(view.element);
  autoScroll.resume();
  return view;
}

function newView(requestId: number, question: QuestionSummary): AnswerView {
  return new AnswerView(document, sanitizer, {
    onStop: () => post({ type: 'stop', requestId }),
    onErrorAction: (action) => post({ type: 'errorAction', action }),
    scheduleFrame: (callback) => requestAnimationFrame(callback),
    afterRender: () => autoScroll.afterRender(),
  }, question);
}

function viewFor(requestId: number): AnswerView | undefined {
  return current?.requestId === requestId ? current.view : undefined;
}

function restore(answer: RestoredAnswer | undefined): void {
  if (!answer) return;
  const view = begin(answer.requestId, answer.question);
  if (answer.reasoning) view.appendReasoning(answer.reasoning);
  if (answer.text) view.appendContent(answer.text);
  if (answer.state === 'error' && answer.error) view.showError(answer.error);
  else if (answer.state !== 'streaming') view.finish(answer.stats, answer.state === 'stopped');
}

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      begin(message.requestId, message.question);
      break;
    case 'reasoning':
      viewFor(message.requestId)?.appendReasoning(message.text);
      break;
    case 'delta':
      viewFor(message.requestId)?.appendContent(message.text);
      break;
    case 'status':
      viewFor(message.requestId)?.showStatus(message.text);
      break;
    case 'done':
      viewFor(message.requestId)?.finish(message.stats, message.stopped);
      break;
    case 'error':
      viewFor(message.requestId)?.showError(message.error);
      break;
    case 'restore':
      restore(message.answer);
      break;
  }
});

// Links and copy buttons are handled here, once, for every block: no inline handlers under the CSP.
root.addEventListener('click', (event) => {
  const target = event.target as Element;
  const copy = target.closest('[data-action="copy-code"]');
  if (copy) {
    const code = copy.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    post({ type: 'copy', text: code });
    copy.textContent = 'Copied';
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
    return;
  }
  const link = target.closest('a');
  if (link) {
    event.preventDefault();
    const href = link.getAttribute('href');
    if (href && /^https?:/i.test(href)) post({ type: 'openLink', href });
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && current) post({ type: 'stop', requestId: current.requestId });
});

post({ type: 'ready' });
