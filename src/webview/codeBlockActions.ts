// One click handler for every code block and link in a view: no inline handlers under the CSP.
import { post } from './vscodeApi';

function codeOf(button: Element): { code: string; language: string } {
  const block = button.closest('.code-block');
  const code = block?.querySelector('code');
  const language = /language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
  return { code: code?.textContent ?? '', language };
}

export function handleCodeBlockClicks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const target = event.target as Element;
    const button = target.closest('[data-action]');
    const action = button?.getAttribute('data-action');
    if (button && action === 'copy-code') {
      post({ type: 'copy', text: codeOf(button).code });
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
      return;
    }
    if (button && action === 'insert-code') {
      post({ type: 'insertCode', code: codeOf(button).code });
      return;
    }
    if (button && action === 'apply-code') {
      const { code, language } = codeOf(button);
      post({ type: 'applyCode', code, language });
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
