// Recognises the commonest change to the streaming tail: the same HTML with a little more text at
// the very end of its innermost open element (a paragraph being written, an open code fence
// growing, words after an inline `code` span). The view then adds that text to the DOM it has
// instead of sanitizing, parsing and laying out the whole block again. Pure string work, no DOM:
// unit-tested in Node.

export interface TextGrowth {
  /** The text to append, entities decoded: what the HTML parser would have put in the text node. */
  text: string;
  /** The closing tags (and whitespace between them) after the insertion point, in source order. */
  closing: string[];
}

// What the markdown renderer and escapeHtml emit for text: nothing else may appear in the growth.
const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const closingRun = /^(?:<\/[a-zA-Z][a-zA-Z0-9]*>|\s+)*$/;
const closingParts = /<\/[a-zA-Z][a-zA-Z0-9]*>|\s+/g;

function decodeText(html: string): string | undefined {
  if (html.includes('<')) return undefined;
  let unknown = false;
  const text = html.replace(/&[^;\s]*;?/g, (entity) => {
    const decoded = entities[entity];
    if (decoded === undefined) unknown = true;
    return decoded ?? '';
  });
  return unknown ? undefined : text;
}

/**
 * When `next` is `previous` with text inserted just before its trailing closing tags, returns the
 * text and the closing tags; otherwise undefined, and the caller renders the block again. The
 * parser would put that text at the end of the innermost element those tags close: appended to
 * its last child when that is text, else as a new text node.
 */
export function textGrowth(previous: string, next: string): TextGrowth | undefined {
  if (next.length <= previous.length) return undefined;
  let common = 0;
  const limit = previous.length;
  while (common < limit && previous.charCodeAt(common) === next.charCodeAt(common)) common++;
  // An entity split by the common prefix ("&l" + "t;" vs "&a" + "mp;") starts at its '&'.
  const lastAmp = previous.lastIndexOf('&', common - 1);
  if (lastAmp >= 0 && !previous.slice(lastAmp, common).includes(';')) common = lastAmp;
  const suffix = previous.slice(common);
  if (!closingRun.test(suffix) || !next.endsWith(suffix)) return undefined;
  if (common === 0) return undefined;
  // The insertion point must be plain text: a raw '<' left open before it (a tag the renderer
  // passed through half-written, "alert(1)<") would join the new text into markup.
  if (previous.lastIndexOf('<', common - 1) > previous.lastIndexOf('>', common - 1)) return undefined;
  const text = decodeText(next.slice(common, next.length - suffix.length));
  if (!text) return undefined;
  return { text, closing: suffix.match(closingParts) ?? [] };
}
