// The one protocol between the extension and its webviews. Both bundles import this file, so a
// misspelt message type is a compile error rather than a message silently dropped.

/** What the user asked, shown above the answer. */
export interface QuestionSummary {
  title: string; // e.g. "Explain selection"
  file?: string; // workspace-relative file name
  lines?: string; // "12–30"
  language?: string;
  excerpt?: string; // a few lines of the code, for recognition only
  note?: string; // e.g. "No selection: used the enclosing block"
  imageCount?: number;
  /** What the editor gathered and sent with the question (flashlight.context). */
  grounding?: GroundingView;
}

/** The gathered context as the answer's header shows it; each item opens its code. */
export interface GroundingView {
  summary: string; // "3 definitions from 2 files, the imports"
  partial?: string; // "partial: timed out after 300 ms"
  items: GroundingItemView[];
}

export interface GroundingItemView {
  label: string; // "parseConfig · src/config.ts:3–9"
  kind: string;
  /** The extension's own record of where the code is: a click names the item by its index, never by this. */
  uri: string;
  startLine: number; // 0-based
  endLine: number;
}

/** Figures shown quietly under a finished answer. */
export interface AnswerStats {
  model?: string;
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
  /** Prompt tokens the provider read from its cache of an earlier request's identical prefix. */
  cachedTokens?: number;
  cost?: number;
  /** The model that was asked for, when one of `flashlight.fallbackModels` answered instead. */
  fallbackFrom?: string;
  /** Secrets replaced by placeholders before the request left (flashlight.redactSecrets): kind and where, never the value. */
  redactions?: RedactionNote[];
  /** The provider that served the answer (the chunks' `provider` field), as plain text. */
  provider?: string;
}

/** One secret taken out of a request: its kind, and the message (1-based) and line in it; the file and line when known. */
export interface RedactionNote {
  kind: string;
  message: number;
  line: number;
  file?: string;
  fileLine?: number;
}

/** Where a redacted secret was, as people read it: "src/a.ts line 5", else "message 2, line 8". */
export function redactionPlace(note: RedactionNote): string {
  return note.file && note.fileLine !== undefined ? `${note.file} line ${note.fileLine}` : `message ${note.message}, line ${note.line}`;
}

/** An action a person can take from an error message. */
/** `continue`: an answer cut off after some text asks for the rest, appended to what was shown. */
export type ErrorAction =
  | 'setApiKey'
  | 'retry'
  | 'openSettings'
  | 'addCredits'
  | 'chooseModel'
  | 'continue'
  | 'relaxPrivacy'
  | 'raiseBudget'
  // A retired model's error: switch to ~google/gemini-flash-latest and ask again.
  | 'switchToLatest';

export interface ErrorView {
  kind: string; // FlashlightErrorKind; kept as string so the webview does not import the client
  title: string;
  detail: string;
  actions: ErrorAction[];
}

/** Code attached to a chat message: shown as a removable chip before sending. */
export interface ContextChip {
  id: string;
  kind: 'selection' | 'file';
  label: string; // "hello.ts:3–9" or "hello.ts"
  fileName: string;
  languageId: string;
  code: string;
  startLine?: number;
  endLine?: number;
  /** Gathered context (flashlight.context): the id of the chip whose code it was gathered for; it is sent with that chip unless removed. */
  groundsChipId?: string;
}

/** An image attached to a chat message, as the webview shows it. */
export interface ImageChip {
  id: string;
  name: string;
  mimeType: string;
  /** A small data: URL for the thumbnail; the full image stays in the extension. */
  thumbnail: string;
  width?: number;
  height?: number;
  bytes: number;
  note?: string; // e.g. "shrunk from 4032×3024"
}

export interface ChatUserTurn {
  id: string;
  role: 'user';
  text: string;
  contexts: ContextChip[];
  images: ImageChip[];
}

export interface ChatAssistantTurn {
  id: string;
  role: 'assistant';
  answer: RestoredAnswer;
}

export type ChatTurn = ChatUserTurn | ChatAssistantTurn;

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

export interface ChatStateView {
  id: string;
  title: string;
  turns: ChatTurn[];
  /** How many of the oldest turns the last request left out to fit the context window. */
  trimmedTurns: number;
  /** True while an answer streams. */
  busy: boolean;
}

/** What the chat's composer does with text caught before its page existed: take the focus, send it, or leave the focus where it is. */
export type CaughtTextThen = 'focus' | 'send' | 'none';

export type ExtensionToWebview =
  | { type: 'start'; requestId: number; question: QuestionSummary }
  | { type: 'reasoning'; requestId: number; text: string }
  | { type: 'delta'; requestId: number; text: string }
  | { type: 'status'; requestId: number; text: string } // e.g. "Rate limited: retrying in 4 s"
  | { type: 'done'; requestId: number; stats: AnswerStats; stopped: boolean }
  | { type: 'error'; requestId: number; error: ErrorView }
  /** The cost OpenRouter billed, told after `done` when the usage chunk carried none (GET /generation). */
  | { type: 'cost'; requestId: number; cost: number }
  | { type: 'toolStep'; requestId: number; step: ToolStepView } // a tool call started or ended (same id: replace)
  | { type: 'restore'; answer: RestoredAnswer | undefined }
  | { type: 'chatState'; chat: ChatStateView; history: ConversationSummary[] }
  | { type: 'composerAdd'; contexts: ContextChip[]; images: ImageChip[] }
  | { type: 'composerSet'; text: string; contexts: ContextChip[]; images: ImageChip[]; editTurnId?: string }
  | { type: 'composerClear' } // drops every attachment chip (New Chat); the typed text stays
  | { type: 'focusComposer' }
  /** What the person typed into the key catcher while this page loaded (chatKeyCatcher.ts): it goes before the composer's text; then the composer takes the focus, sends, or leaves the focus be. */
  | { type: 'composerTyped'; text: string; then: CaughtTextThen }
  /** The composer's thinking switch: the current flashlight.reasoningEffort, and whether the chosen model takes `reasoning` (else the switch is hidden). */
  | { type: 'thinkingLevel'; level: ThinkingLevel; takesReasoning: boolean }
  | { type: 'notice'; text: string; severity: 'info' | 'warning' | 'error' }
  | ShrinkImageRequest;

/**
 * The extension asks a webview to decode an image with the browser's own codecs: it checks the
 * bytes really decode, shrinks when over the caps, and makes the chip's thumbnail.
 */
export interface ShrinkImageRequest {
  type: 'shrinkImage';
  shrinkId: string;
  mimeType: string;
  base64: string;
  maxSide: number;
  maxBytes: number;
  thumbnailSide: number;
}

/**
 * The webview's answer. Hostile input like every webview message: the extension reads the format
 * and size from `base64`'s own header (src/images/checkShrunkImage.ts); `mimeType` is only the
 * webview's claim and is never used to name or type anything.
 */
export type ShrunkImage =
  | {
      type: 'shrunkImage';
      shrinkId: string;
      ok: true;
      mimeType: string;
      base64: string;
      width: number;
      height: number;
      originalWidth: number;
      originalHeight: number;
      thumbnail: string;
    }
  | { type: 'shrunkImage'; shrinkId: string; ok: false; reason: 'decode' | 'tooLarge' | 'unsupported' };

/** One tool call of an answer: a collapsed line, expandable to exactly what the model was sent. */
export interface ToolStepView {
  id: string;
  round: number;
  name: string;
  summary: string; // "Read src/config.ts 1–80", "Searched `parseConfig`: 4 hits in 3 files"
  result?: string;
  state: 'running' | 'done' | 'error' | 'stopped';
}

/** Enough to repaint the panel after the webview was disposed and recreated. */
export interface RestoredAnswer {
  requestId: number;
  question: QuestionSummary;
  reasoning: string;
  text: string;
  state: 'streaming' | 'done' | 'stopped' | 'error';
  stats?: AnswerStats;
  error?: ErrorView;
  /** The tool calls the answer made, in order (absent when it made none). */
  steps?: ToolStepView[];
  /** Each round's calls as the model sent them, so a chat follow-up can repeat them (core/chat/toolHistory.ts). */
  toolRounds?: ToolRoundRecord[];
}

/** One round of tool calls as the assistant turn carried it on the wire; the results are its steps'. */
export interface ToolRoundRecord {
  round: number;
  calls: Array<{ id: string; name: string; arguments: string }>;
  /** OpenRouter's `reasoning_details` of that turn, unchanged (Gemini 3 wants them back beside its tool calls). */
  reasoningDetails?: unknown[];
}

/**
 * The answer a code-block action names, in the extension's own record: the panel's by its request,
 * a chat answer by its assistant turn. The webview never sends the code itself (a compromised
 * webview could then put anything into the editor or the clipboard); the extension takes it from
 * the answer it recorded.
 */
export type AnswerRef = { requestId: number } | { turnId: string };

export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'stop'; requestId: number }
  | { type: 'errorAction'; action: ErrorAction }
  /** "View request" under an answer: the extension opens what it kept of that answer's request. */
  | { type: 'viewRequest'; answer: AnswerRef }
  | { type: 'openLink'; href: string }
  /** `block`: the code block's index in the answer (from 0, in the order shown); none copies the whole answer. */
  | { type: 'copy'; answer: AnswerRef; block?: number }
  | { type: 'insertCode'; answer: AnswerRef; block: number }
  | { type: 'applyCode'; answer: AnswerRef; block: number }
  /** `item`: the index of a gathered-context item in the answer's header; the extension opens it from its own record. */
  | { type: 'openGroundingItem'; answer: AnswerRef; item: number }
  | { type: 'chatSend'; text: string; contextIds: string[]; imageIds: string[]; replaceTurnId?: string }
  | { type: 'chatRetry'; turnId: string }
  | { type: 'chatEdit'; turnId: string }
  | { type: 'chatNew' }
  | { type: 'chatOpen'; id: string }
  | { type: 'chatDelete'; id: string }
  | { type: 'attachContext'; kind: 'selection' | 'file' }
  | { type: 'attachImage' }
  | { type: 'pasteImage'; name: string; mimeType: string; base64: string }
  | { type: 'removeAttachment'; id: string }
  /** The composer's thinking switch picked a level: written to flashlight.reasoningEffort in the user's settings. */
  | { type: 'setThinkingLevel'; level: ThinkingLevel }
  | ShrunkImage;

/**
 * flashlight.reasoningEffort's values and their short names, for the composer's thinking switch.
 * The webview bundle may import only this folder, so they mirror core/openrouter/reasoning.ts
 * (`reasoningEfforts`, `thinkingLabels`); a unit test keeps the two equal.
 */
export const thinkingLevels = ['auto', 'minimal', 'low', 'medium', 'high'] as const;
export type ThinkingLevel = (typeof thinkingLevels)[number];
export const thinkingLevelLabels: Readonly<Record<ThinkingLevel, string>> = { auto: 'Auto', minimal: 'Fast', low: 'Low', medium: 'Medium', high: 'High' };

export function isThinkingLevel(value: unknown): value is ThinkingLevel {
  return typeof value === 'string' && (thinkingLevels as readonly string[]).includes(value);
}

/** Element ids the tests and the webview agree on. */
export const DomIds = {
  root: 'flashlight-root',
  answer: 'flashlight-answer',
  stop: 'flashlight-stop',
  chatLog: 'flashlight-chat-log',
  composer: 'flashlight-composer',
  composerInput: 'flashlight-composer-input',
  send: 'flashlight-send',
  thinkingLevel: 'flashlight-thinking-level',
} as const;
