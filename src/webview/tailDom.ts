// The streaming tail's DOM, kept in step with its rendered blocks while touching as little as
// possible: blocks whose HTML did not change keep their nodes; a block that only grew at the end
// of its text gets the text appended to its text node; a block committed with the HTML it already
// showed (or that HTML plus text at the end) is moved, not rendered again. Everything else is
// sanitized and rendered afresh.
import { textGrowth } from './htmlGrowth';
import type { Sanitizer } from './sanitize';

interface ShownBlock {
  html: string;
  nodes: ChildNode[];
}

export class TailDom {
  private shown: ShownBlock[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly sanitizer: Sanitizer,
  ) {}

  /** Puts a finished block into `target`: the tail's first block's nodes when they show that HTML (or grow to it). */
  commit(html: string, target: HTMLElement): void {
    const first = this.shown.shift();
    if (first && (first.html === html || this.grow(first, html))) {
      target.append(...first.nodes);
      return;
    }
    if (first) for (const node of first.nodes) node.remove();
    target.append(this.sanitizer.toFragment(html));
  }

  /** Shows these blocks as the tail. */
  show(blocks: readonly string[]): void {
    let same = 0;
    while (same < blocks.length && same < this.shown.length && this.shown[same].html === blocks[same]) same++;
    if (same === blocks.length && same === this.shown.length) return;
    const last = blocks.length - 1;
    if (same === last && same === this.shown.length - 1 && this.grow(this.shown[same], blocks[same])) return;
    for (const old of this.shown.splice(same)) for (const node of old.nodes) node.remove();
    for (const html of blocks.slice(same)) {
      const fragment = this.sanitizer.toFragment(html);
      const nodes = [...fragment.childNodes];
      this.container.append(fragment);
      this.shown.push({ html, nodes });
    }
  }

  clear(): void {
    this.shown = [];
    this.container.replaceChildren();
  }

  private grow(block: ShownBlock, html: string): boolean {
    const growth = textGrowth(block.html, html);
    const point = growth && insertionPoint(block.nodes, growth.closing);
    if (!growth || !point) return false;
    if (point.text) point.text.appendData(growth.text);
    else point.parent.insertBefore(point.parent.ownerDocument.createTextNode(growth.text), point.before);
    block.html = html;
    return true;
  }
}

type InsertionPoint = { text: Text; parent?: undefined; before?: undefined } | { text?: undefined; parent: Element; before: ChildNode | null };

/**
 * Where the parser would have put text found just before `closing` (closing tags and whitespace,
 * in source order): the text node it would extend, or the element (and position) it would add a
 * text node to. Found by walking back from the end of `nodes` exactly as the parser built them;
 * undefined on any surprise, and for text outside every element.
 */
function insertionPoint(nodes: ArrayLike<ChildNode>, closing: readonly string[]): InsertionPoint | undefined {
  let parent: Element | undefined;
  let siblings: ArrayLike<ChildNode> = nodes;
  let index = siblings.length - 1;
  for (let part = closing.length - 1; part >= 0; part--) {
    const expected = closing[part];
    const node = siblings[index];
    if (!node) return undefined;
    if (expected.startsWith('</')) {
      if (node.nodeType !== Node.ELEMENT_NODE || node.nodeName.toLowerCase() !== expected.slice(2, -1).toLowerCase()) return undefined;
      parent = node as Element;
      siblings = node.childNodes;
      index = siblings.length - 1;
    } else {
      if (node.nodeType !== Node.TEXT_NODE || (node as Text).data !== expected) return undefined;
      index--;
    }
  }
  const node = siblings[index];
  if (node?.nodeType === Node.TEXT_NODE) return { text: node as Text };
  const before = siblings[index + 1] ?? null;
  // A new node before a whitespace node would be two text nodes where the parser makes one.
  if (!parent || before?.nodeType === Node.TEXT_NODE) return undefined;
  return { parent, before };
}
