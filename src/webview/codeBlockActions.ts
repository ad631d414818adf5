// One click handler for every code block and link in a view: no inline handlers under the CSP.
// Copy, Insert and Apply name the block (its answer and its place in it); the extension takes the
// code from its own record of the answer, so nothing this page holds decides what lands in the
// editor or on the clipboard.
import type { AnswerRef } from '../protocol';
import { post } from './vscodeApi';

/** Which recorded answer a clicked element belongs to: the panel's request, or the chat's turn. */
export type AnswerOf = (element: Element) => AnswerRef | undefined;

/**
 * The clicked block's place among its answer's code blocks, from 0: every `.code-block` the
 * renderer made, in document order, as src/answerCodeBlocks.ts counts the answer's code tokens.
 */
export function codeBlockIndex(button: Element): number | undefined {
  const block = button.closest('.code-block');
  const body = block?.closest('.answer-body');
  if (!block || !body) return undefined;
  const index = Array.from(body.querySelectorAll('.code-block')).indexOf(block);
  return index < 0 ? undefined : index;
}

export function handleCodeBlockClicks(root: HTMLElement, answerOf: AnswerOf): void {
  root.addEventListener('click', (event) => {
    const target = event.target as Element;
    const button = target.closest('[data-action]');
    const action = button?.getAttribute('data-action');
    if (button && (action === 'copy-code' || action === 'insert-code' || action === 'apply-code')) {
      const answer = answerOf(button);
      const block = codeBlockIndex(button);
      if (!answer || block === undefined) return;
      if (action === 'copy-code') {
        post({ type: 'copy', answer, block });
        button.textContent = 'Copied';
        setTimeout(() => (button.textContent = 'Copy'), 1500);
      } else post({ type: action === 'insert-code' ? 'insertCode' : 'applyCode', answer, block });
      return;
    }
    if (button && action === 'view-request') {
      const answer = answerOf(button);
      if (answer) post({ type: 'viewRequest', answer });
      return;
    }
    const link = target.closest('a');
    if (link) {
      // VS Code's webview host also listens for link clicks (on the window) and opens any href it
      // sees (mailto: through the browser, for one). Only the extension opens links, and only
      // http(s): the click stops here.
      event.preventDefault();
      event.stopPropagation();
      const href = link.getAttribute('href');
      if (href && /^https?:/i.test(href.trim()) && link.closest('.markdown-body, .markdown-tail')) post({ type: 'openLink', href: href.trim() });
    }
  });
  // A middle click would open the link in a browser tab.
  root.addEventListener('auxclick', (event) => {
    if ((event.target as Element).closest('a')) event.preventDefault();
  });
}
