// The changed-file guard: a suggestion is applied only to the text it was made for. Pure: no
// `vscode` import.

export interface Snapshot {
  version: number; // the document's version when the code was read
  text: string; // the text of the range that will be replaced, as it was then
}

export type GuardResult = { ok: true } | { ok: false; reason: string };

/**
 * Refuses when the document moved on: any edit bumps its version (typing, a formatter, another
 * extension, undo); a closed and reopened document restarts its count, so the replaced text is
 * compared too.
 */
export function checkStillApplies(snapshot: Snapshot, current: { version: number; text: string }, fileName: string): GuardResult {
  if (current.version !== snapshot.version || current.text !== snapshot.text) {
    return {
      ok: false,
      reason: `${fileName} changed after Flashlight read it, so the suggestion was not applied: it could land on the wrong lines. Run the action again on the current code.`,
    };
  }
  return { ok: true };
}
