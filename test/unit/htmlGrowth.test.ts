// textGrowth: recognises "same HTML, more text at the end of the innermost element", and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textGrowth } from '../../src/webview/htmlGrowth';

test('text added at the end of a paragraph', () => {
  assert.deepEqual(textGrowth('<p>Hello</p>\n', '<p>Hello, world</p>\n'), { text: ', world', closing: ['</p>', '\n'] });
});

test('code added to an open fence, entities decoded as the parser would', () => {
  const before = '<div class="code-block code-open"><pre><code class="language-ts">if (a</code></pre></div>';
  const after =
    '<div class="code-block code-open"><pre><code class="language-ts">if (a &lt; b &amp;&amp; c === &quot;x&quot; || d === &#39;y&#39;)\n</code></pre></div>';
  assert.deepEqual(textGrowth(before, after), { text: ` < b && c === "x" || d === 'y')\n`, closing: ['</code>', '</pre>', '</div>'] });
});

test('text after an inline element, and into an empty element', () => {
  assert.deepEqual(textGrowth('<p>call <code>f</code></p>\n', '<p>call <code>f</code> twice</p>\n'), { text: ' twice', closing: ['</p>', '\n'] });
  assert.deepEqual(textGrowth('<pre><code></code></pre>', '<pre><code>x</code></pre>'), { text: 'x', closing: ['</code>', '</pre>'] });
});

test('text outside every element is reported with no closing tags (the DOM side decides)', () => {
  assert.deepEqual(textGrowth('</p>', '</p>x'), { text: 'x', closing: [] });
});

test('an entity cut by the common prefix is compared whole', () => {
  // "&lt;" vs "&amp;": the common prefix "&" must not be taken as text already shown.
  assert.equal(textGrowth('<p>a &lt;</p>', '<p>a &amp;b</p>'), undefined);
  assert.deepEqual(textGrowth('<p>a &amp;</p>', '<p>a &amp;&amp;</p>'), { text: '&', closing: ['</p>'] });
});

test('anything that is not a pure append at the end is refused', () => {
  assert.equal(textGrowth('<p>a *b</p>', '<p>a <em>b</em></p>'), undefined, 'markup appeared');
  assert.equal(textGrowth('<p>abc</p>', '<p>abXc</p>'), undefined, 'inserted in the middle');
  assert.equal(textGrowth('<p>abc</p>', '<p>ab</p>'), undefined, 'shrank');
  assert.equal(textGrowth('<p>abc</p>', '<p>abc</p>'), undefined, 'unchanged');
  assert.equal(textGrowth('<ul>\n<li>a</li>\n</ul>\n', '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n'), undefined, 'a new element');
  assert.equal(textGrowth('<a href="x">y</a>', '<a href="xz">y</a>'), undefined, 'an attribute changed');
  assert.equal(textGrowth('<p>a</p>', '<p>a&nbsp;</p>'), undefined, 'an entity the renderer never emits');
  // A half-written tag passed through raw: "<" + "/" makes "</", which the parser reads as markup.
  assert.equal(textGrowth('<p>alert(1)<</p>\n', '<p>alert(1)</</p>\n'), undefined, 'a raw < before the insertion point');
});
