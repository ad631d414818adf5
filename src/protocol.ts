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
}

/** Figures shown quietly under a finished answer. */
export interface AnswerStats {
  model?: string;
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  promptTokens?: number;
  completionTokens?: number;
  reasoningTokens?: number;
  cost?: number;
  /** The model that was asked for, when one of `flashlight.fallbackModels` answered instead. */
  fallbackFrom?: string;
}

/** An action a person can take from an error message. */
export type ErrorAction = 'setApiKey' | 'retry' | 'openSettings' | 'addCredits' | 'chooseModel';

export interface ErrorView {
  kind: string; // FlashlightErrorKind; kept as string so the webview does not import the client
  title: string;
  detail: string;
  actions: ErrorAction[];
}

export type ExtensionToWebview =
  | { type: 'start'; requestId: number; question: QuestionSummary }
  | { type: 'reasoning'; requestId: number; text: string }
  | { type: 'delta'; requestId: number; text: string }
  | { type: 'status'; requestId: number; text: string } // e.g. "Rate limited: retrying in 4 s"
  | { type: 'done'; requestId: number; stats: AnswerStats; stopped: boolean }
  | { type: 'error'; requestId: number; error: ErrorView }
  | { type: 'restore'; answer: RestoredAnswer | undefined };

/** Enough to repaint the panel after the webview was disposed and recreated. */
export interface RestoredAnswer {
  requestId: number;
  question: QuestionSummary;
  reasoning: string;
  text: string;
  state: 'streaming' | 'done' | 'stopped' | 'error';
  stats?: AnswerStats;
  error?: ErrorView;
}

export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'stop'; requestId: number }
  | { type: 'errorAction'; action: ErrorAction }
  | { type: 'openLink'; href: string }
  | { type: 'copy'; text: string };

/** Element ids the tests and the webview agree on. */
export const DomIds = {
  root: 'flashlight-root',
  answer: 'flashlight-answer',
  stop: 'flashlight-stop',
} as const;
