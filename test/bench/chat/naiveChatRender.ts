// The naive way to repaint a saved chat, for the reopen benchmark: `marked.parse` of each answer
// and highlight.js language auto-detection on every code block, as Genie-style extensions do.
import hljs from 'highlight.js';
import { marked } from 'marked';

(window as unknown as { naiveRender(texts: string[]): void }).naiveRender = (texts) => {
  const container = document.createElement('div');
  document.body.append(container);
  for (const text of texts) {
    const turn = document.createElement('section');
    turn.innerHTML = marked.parse(text, { async: false });
    for (const code of turn.querySelectorAll('pre code')) code.innerHTML = hljs.highlightAuto(code.textContent ?? '').value;
    container.append(turn);
  }
};
