// The code blocks of an answer, read from the extension's own record of it. A webview names a
// block ("turn X, block 2") and never sends the code: whatever Copy, Insert or Apply acts on comes
// from here. Blocks are numbered in document order exactly as the webview's renderer numbers its
// Copy / Insert / Apply toolbars: the same lexer (marked) with the same options, every block-level
// `code` token counted, fenced or indented, at the top level or inside a list or a quote.
import type { Marked, Token, Tokens } from 'marked';
import { markdownSyntax, normalizeNewlines } from '../../protocol/markdownSyntax';

export interface CodeBlock {
  code: string;
  /** The fence's info string, trimmed (`ts`, `python`); empty for none. */
  language: string;
}

let lexer: Marked | undefined;

/**
 * Loaded on the first code-block action rather than at activation: marked builds its grammar
 * when it is evaluated, and activation has no use for it.
 */
function markdown(): Marked {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lexer ??= new (require('marked') as typeof import('marked')).Marked(markdownSyntax);
  return lexer;
}

/** Every code block of the answer, in the order the webview shows them. */
export function codeBlocksOf(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  collect(markdown().lexer(normalizeNewlines(text)), blocks);
  return blocks;
}

/** The `index`-th code block (from 0), or undefined when the answer has no such block. */
export function codeBlockAt(text: string, index: number): CodeBlock | undefined {
  if (!Number.isSafeInteger(index) || index < 0) return undefined;
  return codeBlocksOf(text)[index];
}

function collect(tokens: readonly Token[], into: CodeBlock[]): void {
  for (const token of tokens) {
    if (token.type === 'code') {
      const code = token as Tokens.Code;
      into.push({ code: code.text, language: (code.lang ?? '').trim() });
      continue;
    }
    // Quotes and list items hold blocks of their own; inline tokens never hold a code block
    // (inline code is `codespan`), so walking them too only costs a little.
    if (token.type === 'list') for (const item of (token as Tokens.List).items) collect(item.tokens, into);
    else if ('tokens' in token && Array.isArray(token.tokens)) collect(token.tokens, into);
  }
}

/** What Copy puts on the clipboard: the named block's code, or with no block the whole answer. */
export function textToCopy(text: string, block: number | undefined): string | undefined {
  return block === undefined ? text : codeBlockAt(text, block)?.code;
}
