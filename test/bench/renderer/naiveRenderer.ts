// The naive renderer the benchmark measures Flashlight against, as Genie-style extensions do it:
// on every update, `marked.parse` the whole answer so far, highlight every code block again with
// highlight.js (the full build, every grammar registered), and replace the container's innerHTML.
// Bench-only: bundled for the browser by test/bench/build.js, never shipped.
//
// It is a *kind* naive baseline: blocks are highlighted by their declared language (no
// highlightAuto, which would be far slower) and nothing is sanitized (which would cost more).
import hljs from 'highlight.js';
import { Marked, type Tokens } from 'marked';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = (lang ?? '').trim().split(/\s/)[0] ?? '';
      const html = language && hljs.getLanguage(language) ? hljs.highlight(text, { language, ignoreIllegals: true }).value : escapeHtml(text);
      return `<pre><code class="hljs language-${escapeHtml(language)}">${html}</code></pre>\n`;
    },
  },
});

export class NaiveRenderer {
  constructor(
    private readonly container: HTMLElement,
    private readonly scroller: Element,
  ) {}

  reset(): void {
    this.container.replaceChildren();
  }

  /** One update with the whole answer so far: everything is parsed, highlighted and laid out again. */
  render(text: string): void {
    this.container.innerHTML = marked.parse(text) as string;
    // Follow the bottom, as the fast renderer's auto-scroll does (this read forces the layout).
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
