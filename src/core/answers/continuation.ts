// Continue, for an answer cut off by its provider: which failures offer it, the request that asks
// for the rest, and the trimmer that drops what the model repeats of what was already shown.
// Pure: no `vscode`, no I/O.
//
// The partial answer goes back as an assistant message followed by a user instruction, not as an
// assistant prefill (a trailing assistant message the model completes): OpenRouter passes prefill
// on only to providers that take it, and thinking models (Gemini 3, Claude 4.6+) reject or ignore
// it; an instruction works everywhere, and the trimmer covers a model that restarts a sentence.
import type { ChatMessage, ChatRequest } from '../openrouter/types';
import type { FlashlightErrorKind } from '../openrouter/errors';

/** Failures after which the provider may simply have gone away: what was shown is worth keeping and continuing. */
const continuable: ReadonlySet<FlashlightErrorKind> = new Set<FlashlightErrorKind>(['midStream', 'truncated', 'stalled', 'network', 'timeout', 'providerDown']);

/** True when an answer that ended with `kind` after showing `text` should offer Continue. */
export function canContinue(kind: string, text: string): boolean {
  return text.trim().length > 0 && continuable.has(kind as FlashlightErrorKind);
}

export const continueInstruction =
  'Your previous answer was cut off by a connection problem. Continue exactly where it stopped, mid-word or mid-sentence if that is where it ended. ' +
  'Do not repeat anything already written, do not restart, summarise or comment: output only the rest of the answer.';

/**
 * The request for the rest of an answer: the same conversation, the partial answer as the
 * model's turn, and the instruction to go on. It goes to the next model of the fallback chain
 * (after the one that failed, or the one asked for), the others staying as fallbacks behind it.
 */
export function continuationRequest(request: ChatRequest, partial: string, failedModel?: string): ChatRequest {
  const chain = [request.model, ...(request.fallbackModels ?? [])];
  const failedAt = failedIndex(chain, failedModel);
  const rotated = [...chain.slice(failedAt + 1), ...chain.slice(0, failedAt + 1)];
  const [model, ...fallbackModels] = rotated;
  const messages: ChatMessage[] = [...request.messages, { role: 'assistant', content: partial }, { role: 'user', content: continueInstruction }];
  const next: ChatRequest = { ...request, model, messages };
  if (fallbackModels.length) next.fallbackModels = fallbackModels;
  else delete next.fallbackModels;
  return next;
}

/**
 * Which entry of the chain answered. The chunks name the concrete model, and OpenRouter resolves a
 * `~vendor/…` alias to one of that vendor's models per request, so the first entry that is the
 * named model or an alias of its vendor is the one; a model outside the chain counts as the first.
 */
function failedIndex(chain: readonly string[], failedModel: string | undefined): number {
  if (!failedModel) return 0;
  const vendor = failedModel.split('/')[0];
  const found = chain.findIndex((model) => model === failedModel || (model.startsWith('~') && model.slice(1).split('/')[0] === vendor));
  return Math.max(0, found);
}

/** Shorter repeats than this are left alone: " the" at both ends is a coincidence, not a restart. */
export const minOverlap = 12;
/** How far back into the shown text a restart is looked for. */
export const maxOverlap = 2_000;

/**
 * Drops the start of a continuation that repeats the end of what was shown (a model that restarts
 * the last sentence). Text is held only while it could still be such a repeat, i.e. while all of
 * it so far matches a stretch of the shown tail; once that is decided it flows through unchanged.
 */
export class OverlapTrimmer {
  private readonly tail: string;
  private held = '';
  private decided = false;

  constructor(shown: string) {
    this.tail = shown.slice(-maxOverlap);
  }

  /** The part of `text` to show now (may be empty while undecided). */
  push(text: string): string {
    if (this.decided) return text;
    this.held += text;
    if (this.couldStillRepeat()) return '';
    return this.decide();
  }

  /** The stream ended: whatever is held is decided now. */
  flush(): string {
    if (this.decided) return '';
    // Everything held repeats the shown tail: if it is the tail's very end, it is all a repeat.
    if (this.held.length >= minOverlap && this.tail.endsWith(this.held)) {
      this.decided = true;
      this.held = '';
      return '';
    }
    return this.decide();
  }

  /** All that is held so far occurs in the shown tail: the rest may go on repeating it. */
  private couldStillRepeat(): boolean {
    return this.tail.includes(this.held);
  }

  /** The longest end of the tail the held text starts with, dropped when long enough to be a restart. */
  private decide(): string {
    this.decided = true;
    const held = this.held;
    this.held = '';
    const longest = Math.min(held.length, this.tail.length);
    for (let length = longest; length >= minOverlap; length--) {
      if (held.startsWith(this.tail.slice(this.tail.length - length))) return held.slice(length);
    }
    return held;
  }
}

/** The whole of a continuation, trimmed as the stream would be: for tests and for a one-shot caller. */
export function trimOverlap(shown: string, continuation: string): string {
  const trimmer = new OverlapTrimmer(shown);
  return trimmer.push(continuation) + trimmer.flush();
}
