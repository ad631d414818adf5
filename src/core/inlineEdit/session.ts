// An edit in place from request to decision: its states, and what Accept and Reject may do in each.
// Accept writes only a reply that finished as code, for a range nobody touched meanwhile; Reject
// is always allowed while the session lives and writes nothing. Pure: no `vscode` import.

export type SessionState =
  | 'streaming' // the reply is arriving; the diff grows
  | 'done' // the reply finished as code: the diff is the whole suggestion
  | 'cutOff' // the reply hit the output limit (or its block never closed): the partial diff stays, Accept is off
  | 'stopped' // the user stopped it: what arrived stays visible, Accept is off
  | 'failed' // the request failed midway: what arrived stays visible, Accept is off
  | 'notCode' // the model explained or refused instead of writing code: shown as an explanation, nothing drawn
  | 'accepted'
  | 'rejected';

export type Decision = { ok: true } | { ok: false; reason: string };

export function isLive(state: SessionState): boolean {
  return state !== 'accepted' && state !== 'rejected';
}

export function canReject(state: SessionState): Decision {
  return isLive(state) ? { ok: true } : { ok: false, reason: `This edit was already ${state}.` };
}

export function canAccept(state: SessionState, facts: { rangeChanged: boolean; hasChange: boolean }): Decision {
  switch (state) {
    case 'streaming':
      return { ok: false, reason: 'The edit is still arriving: wait for it to finish, or Stop and Reject.' };
    case 'cutOff':
      return {
        ok: false,
        reason:
          'The reply was cut off before its code ended (the model’s output limit), so it cannot be applied. Reject it, select less code, or raise flashlight.maxTokens.',
      };
    case 'stopped':
      return { ok: false, reason: 'The edit was stopped before it finished, so it cannot be applied. Reject it, or ask again.' };
    case 'failed':
      return { ok: false, reason: 'The request failed before the edit finished, so it cannot be applied. Reject it, or ask again.' };
    case 'notCode':
      return { ok: false, reason: 'The model answered with an explanation, not code: there is nothing to apply.' };
    case 'accepted':
    case 'rejected':
      return { ok: false, reason: `This edit was already ${state}.` };
    case 'done':
      if (facts.rangeChanged) {
        return {
          ok: false,
          reason: 'The code this edit replaces was changed while it was shown, so it was not applied: it could undo your change. Reject it and ask again.',
        };
      }
      if (!facts.hasChange) return { ok: false, reason: 'The model suggested no change.' };
      return { ok: true };
  }
}

/** The state a finished stream ends in, from how it ended and what the reply parser made of it. */
export function endState(facts: { finishReason?: string; parsed: boolean; fenced: boolean; complete: boolean }): SessionState {
  if (facts.finishReason === 'length') return 'cutOff';
  if (!facts.parsed || !facts.fenced) return 'notCode';
  if (!facts.complete) return 'cutOff';
  return 'done';
}
