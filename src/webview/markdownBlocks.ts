// Incremental markdown: splits a growing answer into finished blocks, rendered once and never
// touched again, and an unfinished tail that is re-rendered on each update. Only the tail is
// re-lexed, so the work per update does not grow with the answer.
import { Marked, type Token, type Tokens, type TokensList } from 'marked';
import { markdownSyntax, normalizeNewlines } from '../protocol/markdownSyntax';
import { escapeHtml } from './escape';
import { highlightCode, languageName, prepareLanguage } from './highlight';

export interface RenderedBlock {
  /** The block's HTML, final: a closed fence's code highlighted (computed on first read when `plainHtml` is set). */
  readonly html: string;
  /**
   * For a closed code fence committed while streaming: the block as it was shown while open,
   * without highlighting. The view shows this at once (it is the DOM it already has) and swaps in
   * `html` when the page is idle: highlighting a fence costs milliseconds that would otherwise land
   * on the frame where the fence closes.
   */
  readonly plainHtml?: string;
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
  return !!close && close[1][0] === open[1][0] && close[1].length >= open[1].length;
}

// Blocks that a blank line ends for good. Not lists (a blank line makes them loose and the next
// item may follow), indented code (it runs on across blank lines) or raw HTML blocks.
const endedAtBlankLine = new Set(['paragraph', 'heading', 'table', 'blockquote', 'hr']);
const blankLine = /\n[^\S\n]*\n/;

/** Holding such a block back until the next block's first line is complete would re-lex it on every update meanwhile. */
function endedByBlankLine(token: Token, next: Token | undefined): boolean {
  return endedAtBlankLine.has(token.type) && next?.type === 'space' && blankLine.test(token.raw.slice(-1) + next.raw);
}

/** The same HTML for a fence while open and once closed, until it is highlighted: the view then keeps its nodes. */
function codeBlockHtml(code: string, lang: string, highlighted: string | undefined): string {
  const langLabel = lang ? `<span class="code-lang">${escapeHtml(lang)}</span>` : '';
  const langClass = lang ? ` class="language-${escapeHtml(lang.replace(/[^\w+#.-]/g, ''))}${highlighted ? ' hljs' : ''}"` : '';
  return (
    `<div class="code-block"><div class="code-toolbar">${langLabel}` +
    `<button type="button" class="code-button" data-action="insert-code" title="Insert at the cursor in the editor" aria-label="Insert code at cursor">Insert</button>` +
    `<button type="button" class="code-button" data-action="apply-code" title="Apply to the editor: shows a diff to accept or reject" aria-label="Apply code to the editor as a diff">Apply</button>` +
    `<button type="button" class="code-button" data-action="copy-code" title="Copy code" aria-label="Copy code">Copy</button></div>` +
    `<pre><code${langClass}>${highlighted ?? escapeHtml(code)}</code></pre></div>`
  );
}

function createMarked(): Marked {
  return new Marked({
    // The extension lexes the answer with the same options to find the block a button names.
    ...markdownSyntax,
    async: false,
    renderer: {
      // Raw HTML from the model is shown as text, never parsed: the first line of defence.
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      code(token: Tokens.Code) {
        const lang = (token.lang ?? '').trim();
        return codeBlockHtml(token.text, lang, highlightCode(token.text, lang));
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

function lastToken(tokens: TokensList): Token | undefined {
  for (let index = tokens.length - 1; index >= 0; index--) if (tokens[index].type !== 'space') return tokens[index];
  return undefined;
}

/**
 * `final`: the text is complete, render everything now. `highlightLater`: a closed fence committed
 * while streaming, highlighted when the page is idle (see RenderedBlock.plainHtml).
 */
function renderToken(token: Token, links: TokensList['links'], final: boolean, highlightLater = false): RenderedBlock {
  if (token.type === 'code') {
    const lang = ((token as Tokens.Code).lang ?? '').trim();
    const code = (token as Tokens.Code).text;
    if (!final && !isClosedFence(token)) {
      prepareLanguage(lang);
      // A last line of only backticks (or tildes) may be the closing fence being written: shown,
      // it would vanish again when the fence closes, and the block would be rendered afresh.
      const shown = code.replace(/(^|\n) {0,3}(`+|~+)$/, '');
      return { html: codeBlockHtml(shown, lang, undefined), openCode: { lang, code: shown } };
    }
    if (highlightLater && languageName(lang)) return laterHighlighted(code, lang);
  }
  return { html: marked.parser(Object.assign([token], { links })) };
}

function laterHighlighted(code: string, lang: string): RenderedBlock {
  let highlighted: string | undefined;
  return {
    plainHtml: codeBlockHtml(code, lang, undefined),
    get html() {
      return (highlighted ??= codeBlockHtml(code, lang, highlightCode(code, lang)));
    },
  };
}

/** Renders the whole text at once: what the incremental renderer must equal at the end. */
export function renderAll(text: string): string {
  const tokens = marked.lexer(normalizeNewlines(text));
  return tokens.map((token) => renderToken(token, tokens.links, true).html).join('');
}

export { normalizeNewlines };

export class IncrementalMarkdown {
  /** Length of the committed text: blocks rendered for good. */
  private committedLength = 0;
  /**
   * The text after the committed blocks. Only this is kept and sliced: slicing a string grown by
   * `+=` flattens all of it, which for the whole answer would cost more with every update.
   */
  private pending = '';
  /** `pending` up to this offset held no block that could be committed: no need to lex it again for that. */
  private checkedLinesEnd = 0;
  /** How much the last commit took off the front of `pending`. */
  private consumed = 0;
  private pendingCarriageReturn = false;

  get length(): number {
    return this.committedLength + this.pending.length;
  }

  append(delta: string): void {
    let normalized = delta;
    if (this.pendingCarriageReturn && normalized.startsWith('\n')) normalized = normalized.slice(1);
    this.pendingCarriageReturn = normalized.endsWith('\r');
    this.pending += normalized.includes('\r') ? normalizeNewlines(normalized) : normalized;
  }

  /**
   * Lexes only the tail and commits every block that nothing appended later can change. Block
   * structure is decided from complete lines only: a half-written line such as "3" may yet become
   * "3. item" and extend the list above it.
   */
  update(final = false, highlightLater = false): BlockUpdate {
    const committed = final ? this.commit(this.pending.length, true, highlightLater) : this.commitCompleteLines();
    if (!this.pending) return { committed, tail: [] };
    let tokens = marked.lexer(this.pending);
    // A table's half-written row would show padded with empty cells that then fill in, each a
    // re-render of the table: it shows once its line is complete (a row is one line).
    const lastLineStart = this.pending.lastIndexOf('\n') + 1;
    if (!final && lastLineStart > 0 && lastLineStart < this.pending.length && lastToken(tokens)?.type === 'table') {
      tokens = marked.lexer(this.pending.slice(0, lastLineStart));
    }
    const tail = tokens.filter((token) => token.type !== 'space').map((token) => renderToken(token, tokens.links, false));
    return { committed, tail };
  }

  /** Commits from the complete lines, unless no line was completed since the last look. */
  private commitCompleteLines(): RenderedBlock[] {
    const end = this.pending.lastIndexOf('\n') + 1;
    if (end <= this.checkedLinesEnd) return [];
    const committed = this.commit(end, false);
    this.checkedLinesEnd = end - this.consumed;
    return committed;
  }

  /** `highlightLater`: closed fences come with `plainHtml` also when `final` (a finished answer repainted). */
  private commit(end: number, final: boolean, highlightLater = false): RenderedBlock[] {
    this.consumed = 0;
    if (end <= 0) return [];
    const tokens = marked.lexer(this.pending.slice(0, end));
    // The last block may still grow (a paragraph, a list, a table): hold it back, unless it is
    // a code fence whose closing line has ended, or a block that a blank line has ended.
    let holdFrom = tokens.length;
    if (!final) {
      let last = tokens.length - 1;
      while (last >= 0 && tokens[last].type === 'space') last--;
      const ended = last >= 0 && (isClosedFence(tokens[last]) || endedByBlankLine(tokens[last], tokens[last + 1]));
      holdFrom = last >= 0 && !ended ? last : last + 1;
    }
    const committed: RenderedBlock[] = [];
    for (let index = 0; index < holdFrom; index++) {
      const token = tokens[index];
      this.consumed += token.raw.length;
      if (token.type !== 'space') committed.push(renderToken(token, tokens.links, true, !final || highlightLater));
    }
    if (this.consumed) {
      this.pending = this.pending.slice(this.consumed);
      this.committedLength += this.consumed;
    }
    return committed;
  }

  /** The unfinished tail's raw text, for views that show a long one as plain text. */
  tailText(): string {
    return this.pending;
  }
}
