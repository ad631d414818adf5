// Shape checks for what the chat store reads back from disk. A file there may have been cut short
// by a crash, edited by hand, written by another version, or planted: nothing read is trusted to
// be well-formed. A field of the wrong type must not reach the controller or the renderer.
//
// Rules: a conversation whose frame is unusable (not an object, no turns array) is unreadable; a
// turn missing a required field is dropped; an optional field of the wrong type is dropped; each
// drop marks the result `repaired`, so the caller keeps the original before it is overwritten.
import type {
  AnswerStats,
  ChatTurn,
  ContextChip,
  ConversationSummary,
  ErrorAction,
  ErrorView,
  ImageChip,
  QuestionSummary,
  RedactionNote,
  RestoredAnswer,
  ToolRoundRecord,
  ToolStepView,
} from '../../protocol';
import type { Conversation } from './conversation';

export interface CheckedConversation {
  conversation: Conversation;
  /** True when something had to be dropped or replaced to make the conversation usable. */
  repaired: boolean;
}

type Fields = Record<string, unknown>;

/** Only an image data URL may become an <img src> in the chat. */
const thumbnailUrl = /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]*$/;
const answerStates = new Set<RestoredAnswer['state']>(['streaming', 'done', 'stopped', 'error']);
const stepStates = new Set<ToolStepView['state']>(['running', 'done', 'error', 'stopped']);
const errorActions = new Set<ErrorAction>(['setApiKey', 'retry', 'openSettings', 'addCredits', 'chooseModel', 'continue', 'switchToLatest']);

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Tracks whether anything was dropped while checking one conversation. */
class Repairs {
  count = 0;
  /** The value when it has the type, else undefined (counted as a repair only when it was present). */
  optional<T>(value: unknown, check: (value: unknown) => value is T): T | undefined {
    if (value === undefined) return undefined;
    if (check(value)) return value;
    this.count++;
    return undefined;
  }
  /** Keeps the items that pass, counting the ones that do not. */
  list<T>(value: unknown, read: (item: unknown) => T | undefined): T[] {
    if (!Array.isArray(value)) {
      this.count++;
      return [];
    }
    const kept: T[] = [];
    for (const item of value) {
      const checked = read(item);
      if (checked === undefined) this.count++;
      else kept.push(checked);
    }
    return kept;
  }
}

/** Drops keys whose value is undefined, so a checked object serializes like the original. */
function defined<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) if (object[key] === undefined) delete object[key];
  return object;
}

function contextChip(value: unknown, repairs: Repairs): ContextChip | undefined {
  if (!isFields(value)) return undefined;
  const { id, kind, label, fileName, languageId, code } = value;
  if (!isString(id) || (kind !== 'selection' && kind !== 'file') || !isString(label) || !isString(fileName) || !isString(languageId) || !isString(code))
    return undefined;
  const chipKind: ContextChip['kind'] = kind;
  return defined({
    id,
    kind: chipKind,
    label,
    fileName,
    languageId,
    code,
    startLine: repairs.optional(value.startLine, isNumber),
    endLine: repairs.optional(value.endLine, isNumber),
  });
}

function imageChip(value: unknown, repairs: Repairs): ImageChip | undefined {
  if (!isFields(value)) return undefined;
  const { id, name, mimeType, thumbnail, bytes } = value;
  if (!isString(id) || !isString(name) || !isString(mimeType) || !isString(thumbnail) || !isNumber(bytes)) return undefined;
  let safeThumbnail = thumbnail;
  if (!thumbnailUrl.test(thumbnail)) {
    repairs.count++;
    safeThumbnail = '';
  }
  return defined({
    id,
    name,
    mimeType,
    thumbnail: safeThumbnail,
    bytes,
    width: repairs.optional(value.width, isNumber),
    height: repairs.optional(value.height, isNumber),
    note: repairs.optional(value.note, isString),
  });
}

function question(value: unknown, repairs: Repairs): QuestionSummary | undefined {
  if (!isFields(value) || !isString(value.title)) return undefined;
  return defined({
    title: value.title,
    file: repairs.optional(value.file, isString),
    lines: repairs.optional(value.lines, isString),
    language: repairs.optional(value.language, isString),
    excerpt: repairs.optional(value.excerpt, isString),
    note: repairs.optional(value.note, isString),
    imageCount: repairs.optional(value.imageCount, isNumber),
  });
}

function stats(value: unknown, repairs: Repairs): AnswerStats | undefined {
  if (!isFields(value)) return undefined;
  return defined({
    model: repairs.optional(value.model, isString),
    timeToFirstTokenMs: repairs.optional(value.timeToFirstTokenMs, isNumber),
    tokensPerSecond: repairs.optional(value.tokensPerSecond, isNumber),
    promptTokens: repairs.optional(value.promptTokens, isNumber),
    completionTokens: repairs.optional(value.completionTokens, isNumber),
    reasoningTokens: repairs.optional(value.reasoningTokens, isNumber),
    cachedTokens: repairs.optional(value.cachedTokens, isNumber),
    cost: repairs.optional(value.cost, isNumber),
    fallbackFrom: repairs.optional(value.fallbackFrom, isString),
    redactions: value.redactions === undefined ? undefined : repairs.list(value.redactions, redactionNote),
    provider: repairs.optional(value.provider, isString),
  });
}

function redactionNote(value: unknown): RedactionNote | undefined {
  if (!isFields(value) || !isString(value.kind) || !isNumber(value.message) || !isNumber(value.line)) return undefined;
  const file = isString(value.file) && isNumber(value.fileLine) ? { file: value.file, fileLine: value.fileLine } : {};
  return { kind: value.kind, message: value.message, line: value.line, ...file };
}

function errorView(value: unknown, repairs: Repairs): ErrorView | undefined {
  if (!isFields(value) || !isString(value.kind) || !isString(value.title) || !isString(value.detail)) return undefined;
  const actions = repairs.list(value.actions, (action) => (errorActions.has(action as ErrorAction) ? (action as ErrorAction) : undefined));
  return { kind: value.kind, title: value.title, detail: value.detail, actions };
}

/** A tool step as the chat shows it: its line, and the result the model was sent (text only, never markup). */
function toolStep(value: unknown, repairs: Repairs): ToolStepView | undefined {
  if (!isFields(value)) return undefined;
  const { id, round, name, summary, state } = value;
  if (!isString(id) || !isNumber(round) || !isString(name) || !isString(summary) || !stepStates.has(state as ToolStepView['state'])) return undefined;
  return defined({ id, round, name, summary, result: repairs.optional(value.result, isString), state: state as ToolStepView['state'] });
}

/** A round's calls as sent; one bad call drops the round whole (a follow-up never repeats part of a round). */
function toolRound(value: unknown, repairs: Repairs): ToolRoundRecord | undefined {
  if (!isFields(value) || !isNumber(value.round) || !Array.isArray(value.calls)) return undefined;
  const calls: ToolRoundRecord['calls'] = [];
  for (const call of value.calls as unknown[]) {
    if (!isFields(call) || !isString(call.id) || !isString(call.name) || !isString(call.arguments)) return undefined;
    calls.push({ id: call.id, name: call.name, arguments: call.arguments });
  }
  const details = value.reasoningDetails;
  const reasoningDetails = details === undefined ? undefined : Array.isArray(details) && details.every(isFields) ? details : undefined;
  if (details !== undefined && !reasoningDetails) repairs.count++;
  return defined({ round: value.round, calls, reasoningDetails });
}

function answer(value: unknown, repairs: Repairs): RestoredAnswer | undefined {
  if (!isFields(value)) return undefined;
  const { requestId, reasoning, text, state } = value;
  const asked = question(value.question, repairs);
  if (!isNumber(requestId) || !asked || !isString(text) || !answerStates.has(state as RestoredAnswer['state'])) return undefined;
  const checked: RestoredAnswer = {
    requestId,
    question: asked,
    reasoning: isString(reasoning) ? reasoning : '',
    text,
    state: state as RestoredAnswer['state'],
  };
  if (!isString(reasoning)) repairs.count++;
  if (value.stats !== undefined) {
    const read = stats(value.stats, repairs);
    if (read) checked.stats = read;
    else repairs.count++;
  }
  if (value.error !== undefined) {
    const read = errorView(value.error, repairs);
    if (read) checked.error = read;
    else repairs.count++;
  }
  // Saved before tools existed: neither field, and the answer loads as it always did.
  if (value.steps !== undefined) {
    const steps = repairs.list(value.steps, (step) => toolStep(step, repairs));
    if (steps.length) checked.steps = steps;
  }
  if (value.toolRounds !== undefined) {
    const rounds = repairs.list(value.toolRounds, (round) => toolRound(round, repairs));
    if (rounds.length) checked.toolRounds = rounds;
  }
  return checked;
}

function turn(value: unknown, repairs: Repairs): ChatTurn | undefined {
  if (!isFields(value) || !isString(value.id)) return undefined;
  if (value.role === 'user') {
    if (!isString(value.text)) return undefined;
    const contexts = repairs.list(value.contexts, (chip) => contextChip(chip, repairs));
    const images = repairs.list(value.images, (chip) => imageChip(chip, repairs));
    return { id: value.id, role: 'user', text: value.text, contexts, images };
  }
  if (value.role === 'assistant') {
    const checked = answer(value.answer, repairs);
    return checked && { id: value.id, role: 'assistant', answer: checked };
  }
  return undefined;
}

/**
 * A conversation read from `<id>.json`, checked field by field; undefined when it cannot be used
 * at all. The id is the file's: a file whose content names another id is still this conversation.
 */
export function checkConversation(value: unknown, fileId: string): CheckedConversation | undefined {
  if (!isFields(value) || !Array.isArray(value.turns)) return undefined;
  const repairs = new Repairs();
  const turns = repairs.list(value.turns, (item) => turn(item, repairs));
  if (value.id !== fileId) repairs.count++;
  const title = isString(value.title) ? value.title : 'New chat';
  if (!isString(value.title)) repairs.count++;
  const updatedAt = isNumber(value.updatedAt) ? value.updatedAt : 0;
  if (!isNumber(value.updatedAt)) repairs.count++;
  const createdAt = isNumber(value.createdAt) ? value.createdAt : updatedAt;
  if (!isNumber(value.createdAt)) repairs.count++;
  return { conversation: { id: fileId, title, createdAt, updatedAt, turns }, repaired: repairs.count > 0 };
}

/** The entries of `index.json`; undefined when it is not a list at all. Bad entries are dropped. */
export function checkSummaries(value: unknown, isId: (id: string) => boolean): ConversationSummary[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry: unknown) =>
    isFields(entry) && isString(entry.id) && isId(entry.id) && isString(entry.title) && isNumber(entry.updatedAt) && isNumber(entry.turnCount)
      ? [{ id: entry.id, title: entry.title, updatedAt: entry.updatedAt, turnCount: entry.turnCount }]
      : [],
  );
}
