// When the text caught for a chat page that did not exist yet moves into the page's composer
// (features/chat/chatKeyCatcher.ts). The focus key on a never-opened chat shows a VS Code input box
// at once, because the chat's page takes up to seconds to exist and keys typed at an empty webview
// are lost (issue 18). Moving the focus from the box to the page while the person types loses the
// keys pressed in between, so the move waits for a pause. No `vscode` import: unit-tested.
import type { CaughtTextThen } from '../../protocol';

/** How the catch ended, if it has: Enter (send what was typed) or Escape (keep it, leave the focus). */
export type CatchEnd = 'accepted' | 'dismissed' | undefined;

/** How long the person must not type before the focus moves under their fingers. */
export const typingPauseMs = 300;

export interface CatchState {
  pageReady: boolean;
  end: CatchEnd;
  /** When the caught text last changed (ms, any clock), or undefined if nothing was typed. */
  lastChangeAt: number | undefined;
}

/**
 * Milliseconds until the caught text should move to the page: 0 for now, undefined while the page
 * is not ready (it is asked again when it says `ready`).
 */
export function handoverDelay(state: CatchState, now: number): number | undefined {
  if (!state.pageReady) return undefined;
  // Enter or Escape: no more typing goes into the box, nothing to wait for.
  if (state.end || state.lastChangeAt === undefined) return 0;
  return Math.max(0, state.lastChangeAt + typingPauseMs - now);
}

/** What the composer is told to do with the text when it arrives. */
export function caughtTextThen(end: CatchEnd): CaughtTextThen {
  return end === 'accepted' ? 'send' : end === 'dismissed' ? 'none' : 'focus';
}
