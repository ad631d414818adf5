// One run of "press the chat's focus key on a chat view that was never opened, then type at once at
// ten characters a second", shared by the e2e test (chatFocus.e2e.ts) and the benchmark that
// repeats it over window reloads (test/bench/chat/composerReady.bench.ts).
import type { Page } from 'playwright-core';

export interface FreshChatRun {
  /** From the key to the composer focused and holding every character typed so far. */
  readyMs: number;
}

const input = '#flashlight-composer-input';
/** The Flashlight status bar item: once it shows, the extension is active (the window has settled). */
const flashlightStatus = '.part.statusbar [id="flashlight-dev.flashlight.flashlight.model"]';

/** Presses Ctrl+Alt+K with the editor focused, types `text` one character per 100 ms from then on. */
export async function typeIntoFreshChat(page: Page, text: string, { intervalMs = 100, readyTimeoutMs = 15_000, settleMs = 2_500 } = {}): Promise<FreshChatRun> {
  await page.locator(flashlightStatus).waitFor({ timeout: 60_000 });
  // The extension's one-second warm-up after activation (the key, the SDK, the model list) keeps
  // the extension host busy for a moment: a command pressed then runs only after it, and keys
  // typed before the command runs go to the editor. The person here presses the key after that.
  await page.waitForTimeout(settleMs);
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout: 30_000 });
  let typed = '';
  let readyMs: number | undefined;
  let typing = true;
  const start = performance.now();
  await page.keyboard.press('Control+Alt+K');
  // Watches the frames while the person types: ready once some frame's composer has the focus and
  // holds what was typed until then.
  const watch = (async () => {
    while (readyMs === undefined && (typing || performance.now() - start < readyTimeoutMs)) {
      const expected = typed;
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        const state = await frame
          .evaluate((selector) => {
            const element = document.querySelector<HTMLTextAreaElement>(selector);
            return element ? { focused: document.hasFocus() && document.activeElement === element, value: element.value } : undefined;
          }, input)
          .catch(() => undefined);
        if (state && process.env.FLASHLIGHT_FOCUS_TRACE) console.log(Math.round(performance.now() - start), JSON.stringify(typed), JSON.stringify(state));
        if (state?.focused && state.value === expected && expected === typed) {
          readyMs = Math.round(performance.now() - start);
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  for (const character of text) {
    const due = start + intervalMs * (typed.length + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    await page.keyboard.type(character);
    typed += character;
  }
  typing = false;
  await watch;
  if (readyMs === undefined) {
    const held = await Promise.all(
      page.frames().map((frame) => frame.evaluate((selector) => document.querySelector<HTMLTextAreaElement>(selector)?.value, input).catch(() => undefined)),
    );
    const shown = JSON.stringify(held.filter((value) => value !== undefined));
    throw new Error(
      `the composer was not focused holding "${typed}" within ${readyTimeoutMs} ms of the key (it holds ${shown}; the file's first line: ${JSON.stringify(await firstEditorLine(page))})`,
    );
  }
  return { readyMs };
}

/** The active editor's first line as shown (typed characters would appear there: the cursor is at 1,1). */
export async function firstEditorLine(page: Page): Promise<string> {
  const text = await page.locator('.editor-instance .view-lines').first().innerText();
  return text.split('\n')[0];
}
