// The first request's one-time work, done ahead of it once VS Code has settled after activation:
// the key's round trip to the workbench's secret storage and the SDK's first load (about 16 ms of
// parsing, see openrouter/openaiSdk.ts). Activation stays quick because none of it is awaited
// there; a person's first Explain comes seconds later and finds it done. A step that fails is left
// for the first request, which does it again and reports the error where the user sees it.

export interface WarmUp {
  dispose(): void;
}

export function scheduleWarmUp(steps: ReadonlyArray<() => unknown>, delayMs: number): WarmUp {
  const timer = setTimeout(() => {
    for (const step of steps) {
      try {
        void Promise.resolve(step()).catch(() => undefined);
      } catch {
        // left for the first request
      }
    }
  }, delayMs);
  // A pending warm-up must not keep a process alive (tests, the activation bench).
  timer.unref?.();
  return { dispose: () => clearTimeout(timer) };
}
