// One run of "press the chat's focus key (Ctrl+Alt+K) on a chat view that was never opened, then
// type at once at ten characters a second", shared by the e2e test (chatFocusKey.e2e.ts) and the
// benchmark that repeats it over fresh windows (test/bench/chat/focusKeyBench.js).
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

export interface FocusKeyRun {
  /** From the key to the composer focused and holding every character typed until then; undefined if never. */
  readyMs: number | undefined;
  /** Whether the composer has the focus once the typing is over (after `settleMs`). */
  composerFocused: boolean;
  /** From the key to the key catcher (features/chat/chatKeyCatcher.ts) taking the focus; undefined if it never showed. */
  caughtMs: number | undefined;
  /** Characters typed after the key and before the catcher took the focus (they fall where nothing keeps them). */
  typedBeforeCaught: number | undefined;
  /** What the composer holds once the typing is over (after `settleMs`), or undefined if no composer. */
  composerValue: string | undefined;
  /** The open editor's text as shown, and whether its tab shows unsaved changes. */
  editorText: string;
  editorDirty: boolean;
}

interface FocusKeyProbe {
  flashlightProbe: { keyAt: number | undefined; caughtAt: number | undefined; typedBefore: number };
}

const composerInput = '#flashlight-composer-input';
/** The Flashlight status bar item: once it shows, the extension is active. */
export { FLASHLIGHT_STATUS_BAR_ITEM as flashlightStatus } from './workbench';

/** The composer of any frame: whether it has the focus (its page's and the window's), and its text. */
async function composerStates(page: Page): Promise<Array<{ focused: boolean; value: string }>> {
  const states = await Promise.all(
    page
      .frames()
      .filter((frame) => !frame.isDetached())
      .map((frame) =>
        frame
          .evaluate((selector) => {
            const element = document.querySelector<HTMLTextAreaElement>(selector);
            return element ? { focused: document.hasFocus() && document.activeElement === element, value: element.value } : undefined;
          }, composerInput)
          .catch(() => undefined),
      ),
  );
  return states.filter((state): state is { focused: boolean; value: string } => !!state);
}

/** Whether any frame has the chat's composer (the chat's page is loaded). */
export async function composerShown(page: Page): Promise<boolean> {
  return (await composerStates(page)).length > 0;
}

/** The active editor's text as shown (Monaco shows spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  const text = await page.locator('.editor-instance .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/**
 * With the editor focused, presses Ctrl+Alt+K and types `text` one character each `intervalMs`
 * from the key on (the first one `intervalMs` after it), watching the composer meanwhile.
 */
export async function pressFocusKeyAndType(page: Page, text: string, { intervalMs = 100, settleMs = 3_000 } = {}): Promise<FocusKeyRun> {
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout: 30_000 });
  let typed = '';
  let readyMs: number | undefined;
  let typing = true;
  // In the workbench's page: when the key went down, when the key catcher's input box took the
  // focus, and how many characters went down before it (keys the workbench saw, so not yet in it).
  await page.evaluate(() => {
    const w = window as unknown as FocusKeyProbe;
    w.flashlightProbe = { keyAt: undefined, caughtAt: undefined, typedBefore: 0 };
    const probe = w.flashlightProbe;
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.ctrlKey && event.altKey && event.key.toLowerCase() === 'k') probe.keyAt ??= performance.now();
        else if (probe.keyAt !== undefined && probe.caughtAt === undefined && event.key.length === 1) probe.typedBefore++;
      },
      { capture: true },
    );
    document.addEventListener(
      'focusin',
      (event) => {
        if (probe.keyAt !== undefined && (event.target as Element).closest?.('.quick-input-widget')) probe.caughtAt ??= performance.now();
      },
      { capture: true },
    );
  });
  const start = performance.now();
  await page.keyboard.press('Control+Alt+K');
  const trace = process.env.FLASHLIGHT_FOCUS_TRACE ? setInterval(() => void traceFocus(page, start), 100) : undefined;
  const watch = (async () => {
    while (readyMs === undefined && typing) {
      const expected = typed;
      const states = await composerStates(page);
      if (states.some((state) => state.focused && state.value === expected) && expected === typed) readyMs = Math.round(performance.now() - start);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  for (const character of text) {
    const due = start + intervalMs * (typed.length + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    await page.keyboard.type(character);
    typed += character;
    // FLASHLIGHT_FOCUS_SHOT=file.png: what the person sees halfway through the typing.
    if (process.env.FLASHLIGHT_FOCUS_SHOT && typed.length === Math.floor(text.length / 2)) await page.screenshot({ path: process.env.FLASHLIGHT_FOCUS_SHOT });
  }
  typing = false;
  await watch;
  // Keys typed are delivered as they were pressed; what the page does with them may lag a little.
  const deadline = performance.now() + settleMs;
  let states = await composerStates(page);
  while (!states.some((state) => state.value === text) && performance.now() < deadline) {
    await page.waitForTimeout(100);
    states = await composerStates(page);
  }
  if (trace) clearInterval(trace);
  if (readyMs === undefined && states.some((state) => state.focused && state.value === text)) readyMs = Math.round(performance.now() - start);
  const probe = await page.evaluate(() => (window as unknown as FocusKeyProbe).flashlightProbe);
  const caughtMs = probe.caughtAt !== undefined && probe.keyAt !== undefined ? Math.round(probe.caughtAt - probe.keyAt) : undefined;
  const dirty = (await page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  return {
    readyMs,
    caughtMs,
    composerFocused: states.some((state) => state.focused),
    typedBeforeCaught: caughtMs === undefined ? undefined : probe.typedBefore,
    composerValue: states.find((state) => state.focused)?.value ?? states[0]?.value,
    editorText: await editorText(page),
    editorDirty: dirty,
  };
}

/** The file's bytes on disk, for the "unchanged byte for byte" check. */
export function fileBytes(workspace: string, relative: string): Buffer {
  return fs.readFileSync(path.join(workspace, relative));
}

/** FLASHLIGHT_FOCUS_TRACE=1: where the focus is, every 100 ms (the workbench's element, each frame's). */
async function traceFocus(page: Page, start: number): Promise<void> {
  const rows = await Promise.all(
    page
      .frames()
      .filter((frame) => !frame.isDetached())
      .map((frame) =>
        frame
          .evaluate(() => {
            const active = document.activeElement;
            const input = document.querySelector<HTMLTextAreaElement>('#flashlight-composer-input');
            return `${location.pathname.slice(-24)} focus=${document.hasFocus()} active=${active?.tagName ?? '-'}.${String(active?.className ?? '').slice(0, 30)}${input ? ` composer=${JSON.stringify(input.value)}` : ''}`;
          })
          .catch(() => 'gone'),
      ),
  );
  console.log(`[trace ${Math.round(performance.now() - start)} ms] ${rows.filter((row) => !row.includes('focus=false active=BODY')).join(' | ')}`);
}
