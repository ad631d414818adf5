// Every HTML fragment passes through DOMPurify before it reaches the DOM. The markdown renderer
// already escapes raw HTML; this is the second wall, and it also enforces the link and image rules.
import createDOMPurify, { type DOMPurify } from 'dompurify';

// Only http(s) links are ever opened (through the extension, after a click), so an answer keeps
// no other href at all: not mailto:, tel:, file:, vscode: or any other scheme, nor a relative,
// protocol-relative or #fragment one, which would resolve against the webview's own origin. The
// link's text stays.
const allowedLink = /^https?:/i;
const allowedImage = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

export interface Sanitizer {
  toHtml(html: string): string;
  /** Parses once into a fragment ready to insert: cheaper than sanitizing to a string and parsing again. */
  toFragment(html: string): DocumentFragment;
}

export function createSanitizer(window: Window & typeof globalThis): Sanitizer {
  const config = {
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'textarea',
      'select',
      'iframe',
      'frame',
      'object',
      'embed',
      'svg',
      'math',
      'link',
      'meta',
      'base',
      'video',
      'audio',
      'source',
    ],
    FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'background', 'poster'],
    ALLOW_UNKNOWN_PROTOCOLS: false,
  };
  // Configured once: DOMPurify rebuilds its allow-lists on every call that passes a config, which
  // cost more than the sanitizing itself for the small fragments a streaming answer is made of.
  // One instance per output kind, since the kind is part of the configuration.
  const toString = configuredPurifier(window, config);
  const toFragment = configuredPurifier(window, { ...config, RETURN_DOM_FRAGMENT: true });
  return {
    toHtml: (html) => toString.sanitize(html),
    toFragment: (html) => toFragment.sanitize(html) as unknown as DocumentFragment,
  };
}

function configuredPurifier(window: Window & typeof globalThis, config: Parameters<DOMPurify['setConfig']>[0]): DOMPurify {
  const purify: DOMPurify = createDOMPurify(window);
  purify.setConfig(config);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node;
    if (element.tagName === 'A') {
      const href = element.getAttribute('href') ?? '';
      if (!allowedLink.test(href.trim())) element.removeAttribute('href');
      element.removeAttribute('target');
    }
    if (element.tagName === 'IMG') {
      const src = element.getAttribute('src') ?? '';
      if (!allowedImage.test(src.trim())) element.removeAttribute('src');
      element.removeAttribute('srcset');
    }
  });
  return purify;
}
