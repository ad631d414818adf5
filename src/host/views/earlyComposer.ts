// The chat page's composer input, in the page's HTML itself, with a tiny inline script: the person
// who pressed the chat's focus key types at once, and the page's ~200 KB bundle (chatApp.ts) takes
// a moment to load. Without this, the characters typed meanwhile fall on a page that has no input
// yet and are lost (issue 18). The bundle adopts this input with what it holds (composer.ts).
// No `vscode` import: the HTML and the script are plain strings, unit-tested in jsdom.
import { DomIds } from '../../protocol';

/** Marks the input as the early one; the composer removes it when it adopts the input. */
export const earlyInputAttribute = 'data-early';

/** A composer-looking form holding only the input (the bundle replaces the form, keeps the input). */
export const earlyComposerHtml = `<form class="composer" aria-label="Message Flashlight"><textarea id="${DomIds.composerInput}" ${earlyInputAttribute} rows="3" aria-label="Ask Flashlight about your code"></textarea></form>`;

// Takes the focus when VS Code gave the view the focus (the focus key, a click on the view): the
// page's own window has it, or the webview's host frame has it while this page is still hidden
// (VS Code focuses this page only once it has loaded, which waits for the bundle). Never when the
// view is only shown, and never from another element of the page. Enter, before the bundle can
// send, is remembered (the composer sends on adoption) instead of breaking the line.
export const earlyComposerScript = `(function () {
  var input = document.getElementById('${DomIds.composerInput}');
  if (!input) return;
  function early() { return input.hasAttribute('${earlyInputAttribute}'); }
  function hostHasFocus() {
    try { return window.parent !== window && window.parent.document.hasFocus(); } catch (e) { return false; }
  }
  function take() {
    if (early() && input.isConnected && (!document.activeElement || document.activeElement === document.body)) input.focus();
  }
  if (document.hasFocus() || hostHasFocus()) take();
  window.addEventListener('focus', take, { once: true });
  input.addEventListener('keydown', function (event) {
    if (early() && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      input.setAttribute('data-send-pending', '');
    }
  });
})();`;
