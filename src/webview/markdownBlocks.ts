// Incremental markdown: splits a growing answer into finished blocks, rendered once and never
// touched again, and an unfinished tail that is re-rendered on each update. Only the tail is
// re-lexed, so the work per update does not grow with the answer.
import { Marked, type Token, type Tokens, type TokensList } from 'marked';
import { escapeHtml } from './escape';
import { highlightCode } from './highlight';

export interface RenderedBlock {
  html: string;
  /** For an unfinished code fence: its code so far, so the view can append instead of re-render. */
  openCode?: { lang: string; code: string };
}

export interface BlockUpdate {
  /** Blocks that are finished: append them and never touch them again. */
  committed: RenderedBlock[];
  /** The unfinished rest, replacing the previous tail (empty when nothing is pending). */
  tail: RenderedBlock[];
}

const closingFence = /\n {0,3}(`{3,}|~{3,})[ \t]*\n+$/;
const openingFence = /^ {0,3}(`{3,}|~{3,})/;

/** A fenced code token is closed once its closing fence line has ended: nothing can extend it. */
function isClosedFence(token: Token): boolean {
  if (token.type !== 'code') return false;
  const open = openingFence.exec(token.raw);
  if (!open) return false; // an indented code block ends only when another block follows
  const close = closingFence.exec(token.raw);
  return !!close && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length;
}

// Blocks that a blank line ends for good. Not lists (a blank line makes them loose and the next
// item may follow), indented code (it runs on across blank lines) or raw HTML blocks.
const endedAtBlankLine = new Set(['paragraph', 'heading', 'table', 'blockquote', 'hr']);
const blankLine = /\n[^\S\n]*\n/;

/** Holding such a block back until the next block's first line is complete would re-lex it on every update meanwhile. */
function endedByBlankLine(token: Token, next: Token | undefined): boolean {
  return endedAtBlankLine.has(token.type) && next?.type === 'space' && blankLine.test(token.raw.slice(-1) + next.raw);
}

function codeBlockHtml(code: string, lang: string, closed: boolean): string {
  const highlighted = closed ? highlightCode(code, lang) : undefined;
  const langLabel = lang ? `<span class="code-lang">${escapeHtml(lang)}</span>` : '';
  const langClass = lang ? ` class="language-${escapeHtml(lang.replace(/[^\w+#.-]/g, ''))}${highlighted ? ' hljs' : ''}"` : '';
  return (
    `<div class="code-block${closed ? '' : ' code-open'}"><div class="code-toolbar">${langLabel}` +
    `<button type="button" class="code-button" data-action="insert-code" title="Insert at the cursor in the editor" aria-label="Insert code at cursor">Insert</button>` +
    `<button type="button" class="code-button" data-action="apply-code" title="Apply to the editor: shows a diff to accept or reject" aria-label="Apply code to the editor as a diff">Apply</button>` +
    `<button type="button" class="code-button" data-action="copy-code" title="Copy code" aria-label="Copy code">Copy</button></div>` +
    `<pre><code${langClass}>${highlighted ?? escapeHtml(code)}</code></pre></div>`
  );
}

function createMarked(): Marked {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      // Raw HTML from the model is shown as text, never parsed: the first line of defence.
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      code(token: Tokens.Code) {
        return codeBlockHtml(token.text, (token.lang ?? '').trim(), true);
      },
      image(token: Tokens.Image) {
        // Only inline data images can be shown; a remote image would be a request leaving the webview.
        if (/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(token.href)) {
          return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}">`;
        }
        return `<span class="blocked-image" title="Remote image not loaded">${escapeHtml(token.text || 'image')}</span>`;
      },
    },
  });
}

const marked = createMarked();

function renderToken(token: Token, links: TokensList['links'], final: boolean): RenderedBlock {
  if (token.type === 'code' && !final && !isClosedFence(token)) {
    const lang = ((token as Tokens.Code).lang ?? '').trim();
    const code = (token as Tokens.Code).text;
    return { html: codeBlockHtml(code, lang, false), openCode: { lang, code } };
  }
  return { html: marked.parser(Object.assign([token], { links }) as Token[] as never) };
}

/** Renders the whole text at once: what the incremental renderer must equal at the end. */
export function renderAll(text: string): string {
  const tokens = marked.lexer(normalizeNewlines(text));
  return tokens.map((token) => renderToken(token, tokens.links, true).html).join('');
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export class IncrementalMarkdown {
  private text = '';
  /** Offset where the unfinished tail begins: everything before it is committed. */
  private stableEnd = 0;
  private pendingCarriageReturn = false;

  get length(): number {
    return this.text.length;
  }

  append(delta: string): void {
    let normalized = delta;
    if (this.pendingCarriageReturn && normalized.startsWith('\n')) normalized = normalized.slice(1);
    this.pendingCarriageReturn = normalized.endsWith('\r');
    this.text += normalizeNewlines(normalized);
  }

  /**
   * Lexes only the tail and commits every block that nothing appended later can change. Block
   * structure is decided from complete lines only: a half-written line such as "3" may yet become
   * "3. item" and extend the list above it.
   */
  update(final = false): BlockUpdate {
    const committed = final ? this.commit(this.text.length, true) : this.commit(this.text.lastIndexOf('\n') + 1, false);
    const tail = this.text.slice(this.stableEnd);
    if (!tail) return { committed, tail: [] };
    const tokens = marked.lexer(tail);
    const pending = tokens.filter((token) => token.type !== 'space').map((token) => renderToken(token, tokens.links, false));
    return { committed, tail: pending };
  }

  private commit(end: number, final: boolean): RenderedBlock[] {
    if (end <= this.stableEnd) return [];
    const tokens = marked.lexer(this.text.slice(this.stableEnd, end));
    // The last block may still grow (a paragraph, a list, a table): hold it back, unless it is
    // a code fence whose closing line has ended, or a block that a blank line has ended.
    let holdFrom = tokens.length;
    if (!final) {
      let last = tokens.length - 1;
      while (last >= 0 && tokens[last]!.type === 'space') last--;
      const ended = last >= 0 && (isClosedFence(tokens[last]!) || endedByBlankLine(tokens[last]!, tokens[last + 1]));
      holdFrom = last >= 0 && !ended ? last : last + 1;
    }
    const committed: RenderedBlock[] = [];
    for (let index = 0; index < holdFrom; index++) {
      const token = tokens[index]!;
      this.stableEnd += token.raw.length;
      if (token.type !== 'space') committed.push(renderToken(token, tokens.links, true));
    }
    return committed;
  }

  /** The unfinished tail's raw text, for views that show a long one as plain text. */
  tailText(): string {
    return this.text.slice(this.stableEnd);
  }

  fullText(): string {
    return this.text;
  }
}
