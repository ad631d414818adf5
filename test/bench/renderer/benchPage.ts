// Runs inside the benchmark page (test/bench/renderer/rendererBench.js), loaded BEFORE the real
// production webview bundle (dist/webview.js). It stands in for VS Code around the webview:
// - `acquireVsCodeApi` is a stub that keeps what the webview posts;
// - `requestAnimationFrame` is replaced by a queue the driver runs itself, right after each
//   message, so one message = one frame however fast the benchmark goes (a real 60 Hz clock
//   would make 3,334 updates take a minute of wall time for a few hundred ms of work).
//
// Each update is its own task: the driver posts the message to the window with postMessage, as
// VS Code's webview host does, so the bundle's own `message` listener receives it; a listener
// added after the bundle's then runs the queued animation-frame callbacks in the same task. Each
// update is timed from just before the bundle's listener to just after the frame callbacks
// (performance.now(); the page is cross-origin isolated, so 5 µs resolution): the script, and any
// style and layout it forces (the renderer forces none: auto-scroll waits for the browser's own
// layout). The style and layout the browser then does for the frame is measured apart, right
// after each update's timing, by forcing it (`layoutMs`), so one update = one frame's layout as
// at 250 tok/s. The runner may also trace the run (one HandlePostMessage task per update).
// The naive renderer gets the same treatment: its updates are `message` tasks too (the bundle
// ignores their unknown type), rendered by the driver's listener.
import type { ExtensionToWebview } from '../../../src/protocol';
import { NaiveRenderer } from './naiveRenderer';

type FrameCallback = (time: number) => void;

interface BenchWindow {
  acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
  flashlightBench: typeof bench;
}

type BenchMessage = ExtensionToWebview | { type: 'naive'; text: string };

const posted: unknown[] = [];
let frameQueue: FrameCallback[] = [];
const benchWindow = window as unknown as BenchWindow;
benchWindow.acquireVsCodeApi = () => ({ postMessage: (message) => void posted.push(message), getState: () => undefined, setState: () => {} });
window.requestAnimationFrame = (callback: FrameCallback) => frameQueue.push(callback);
window.cancelAnimationFrame = () => {};

// Work the renderer leaves for idle time (highlighting closed fences, compiling a grammar) is not
// part of any update, but it is work: timed here, waited for at the end of a run, and reported.
let idleMs = 0;
let idlePending = 0;
const realIdle = window.requestIdleCallback.bind(window);
window.requestIdleCallback = (callback, options) => {
  idlePending++;
  return realIdle((deadline) => {
    const started = performance.now();
    try {
      callback(deadline);
    } finally {
      idleMs += performance.now() - started;
      idlePending--;
    }
  }, options);
};

async function idleSettled(): Promise<number> {
  while (idlePending) await new Promise((resolve) => setTimeout(resolve, 20));
  const total = idleMs;
  idleMs = 0;
  return total;
}

function runFrames(): void {
  while (frameQueue.length) {
    const due = frameQueue;
    frameQueue = [];
    const time = performance.now();
    for (const callback of due) callback(time);
  }
}

export interface RunTiming {
  /** Wall time of each message's task (start, deltas, done; or naive re-renders), ms. */
  taskMs: number[];
  /** Wall time of each update (delta message, or naive re-render), ms. */
  updateMs: number[];
  /** Wall time of everything: start + every update + done. */
  totalMs: number;
  /** Per update, the style and layout of the frame that shows it, forced after the timing. */
  layoutMs: number[];
  /** Work done in idle callbacks during and right after the run (deferred highlighting). */
  idleMs: number;
  /** Rendered text at the end, toolbar labels removed, for the equality check. */
  text: string;
}

function fastText(): string {
  const body = document.querySelector('#flashlight-answer .answer-body');
  if (!body) return '';
  const clone = body.cloneNode(true) as Element;
  for (const toolbar of clone.querySelectorAll('.code-toolbar')) toolbar.remove();
  return clone.textContent ?? '';
}

const scroller = document.scrollingElement ?? document.documentElement;

/** The style and layout pending after an update: what the browser would do before painting it. */
function forcedLayoutMs(): number {
  const started = performance.now();
  void scroller.scrollHeight;
  return performance.now() - started;
}
const naiveContainer = () => document.getElementById('naive-answer')!;

/**
 * Posts each message as its own task and resolves with the wall times once all were handled.
 * `probe`, when given, runs after each update's timing (never inside it) and its results are kept.
 */
function play(messages: BenchMessage[], probe?: () => number): Promise<{ taskMs: number[]; updateMs: number[]; totalMs: number; probed: number[] }> {
  const naive = new NaiveRenderer(naiveContainer(), scroller);
  const taskMs: number[] = [];
  const updateMs: number[] = [];
  const probed: number[] = [];
  let totalMs = 0;
  let index = 0;
  let startedAt = 0;
  return new Promise((resolve) => {
    // Capturing listeners on the target run before the bundle's (non-capturing) one.
    const before = () => void (startedAt = performance.now());
    const after = (event: MessageEvent<BenchMessage>) => {
      const message = event.data;
      if (message.type === 'naive') naive.render(message.text);
      runFrames();
      const took = performance.now() - startedAt;
      totalMs += took;
      taskMs.push(took);
      if (message.type === 'delta' || message.type === 'naive') {
        updateMs.push(took);
        if (probe) probed.push(probe());
      }
      if (++index < messages.length) {
        window.postMessage(messages[index], '*');
        return;
      }
      window.removeEventListener('message', before, true);
      window.removeEventListener('message', after);
      resolve({ taskMs, updateMs, totalMs, probed });
    };
    window.addEventListener('message', before, true);
    window.addEventListener('message', after);
    window.postMessage(messages[0], '*');
  });
}

const bench = {
  posted,

  /** Plays extension->webview messages into the real bundle, one frame after each. */
  async runFast(messages: ExtensionToWebview[], { frameLayout = true } = {}): Promise<RunTiming> {
    // A traced run goes without the layout probe: it runs in the same task, the trace would count it.
    await idleSettled();
    const { taskMs, updateMs, totalMs, probed } = await play(messages, frameLayout ? forcedLayoutMs : undefined);
    const text = fastText();
    return { taskMs, updateMs, totalMs, layoutMs: probed, idleMs: await idleSettled(), text };
  },

  /**
   * The answer body's text length after each delta, as the real bundle renders it (toolbar labels
   * included): what the chunk-to-paint benchmark waits for in VS Code's webview. Untimed.
   */
  async textLengths(messages: ExtensionToWebview[]): Promise<number[]> {
    const body = () => document.querySelector('#flashlight-answer .answer-body')?.textContent?.length ?? 0;
    return (await play(messages, body)).probed;
  },

  /**
   * The naive way: whole parse + highlight + innerHTML per update. Takes the whole answer as it
   * stood at each update timed (the naive renderer keeps no state, so any subset can be timed).
   */
  async runNaive(prefixes: string[]): Promise<RunTiming> {
    naiveContainer().replaceChildren();
    const { taskMs, updateMs, totalMs } = await play(prefixes.map((text) => ({ type: 'naive', text })));
    // The naive render forces its layout inside its timing (its scroll reads scrollHeight).
    return { taskMs, updateMs, totalMs, layoutMs: [], idleMs: 0, text: naiveContainer().textContent ?? '' };
  },

  /** Empties both renderers' DOM so one run's layout does not weigh on the next. */
  clear(): void {
    document.getElementById('flashlight-answer')!.replaceChildren();
    naiveContainer().replaceChildren();
  },
};

benchWindow.flashlightBench = bench;
