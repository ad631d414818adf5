// The markdown dialect of an answer, shared by the webview's renderer (src/webview/markdownBlocks.ts)
// and the extension's reading of the same answer (src/answerCodeBlocks.ts): both lex with these
// options, so both see the same code blocks in the same order. Options that only change how HTML
// is rendered (the renderer) do not change the tokens and stay with the renderer.
export const markdownSyntax = { gfm: true, breaks: false } as const;

/** A lone `\r` or `\r\n` is a newline: the renderer lexes the text with `\n` only. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
