// What `activate` returns under the extension's own tests, and only there (testHooks.ts): a small
// view for the integration tests, which cannot read a webview's DOM from the extension host, and
// the webviews' message entry points. It exposes what the extension sent, never the key. In normal
// use activate() returns nothing.
import type { Event, Uri } from 'vscode';
import type { SearchEngine } from './tools/workspaceTools';
import type { Conversation } from '../core/chat/conversation';
import type { InlineEditView } from '../core/inlineEdit/inlineEditView';
import type { ContextChip, ExtensionToWebview, RestoredAnswer, WebviewToExtension } from '../protocol';

export interface FlashlightApi {
  /** The answer the panel shows (or would show when visible), as the extension recorded it. */
  panelAnswer(): RestoredAnswer | undefined;
  isPanelOpen(): boolean;
  /** The conversation the chat shows. */
  chat(): Conversation;
  chatBusy(): boolean;
  /** OpenRouter streams in flight (each holds a socket and a stall timer); 0 when all are settled. */
  activeStreams(): number;
  /** Attachments waiting in the chat composer. */
  chatPending(): ContextChip[];
  /** Delivers a message as if the chat webview had posted it, through the same checks. */
  postFromChat(message: WebviewToExtension): void;
  /** Delivers a message as if the answer panel's webview had posted it, through the same checks. */
  postFromPanel(message: WebviewToExtension): void;
  /** Each message as the answer panel posts it to its webview (test/bench counts them). */
  onPanelPost: Event<ExtensionToWebview>;
  /** The panel's webview created, or its page `ready` (test/bench/firstPaint.js times the first answer). */
  onPanelMark: Event<'created' | 'ready'>;
  /** The model list for the current base URL, fetched if it is not cached (as the picker does). */
  loadModelList(): Promise<void>;
  /** The daily budget's line, as the status bar tooltip shows it (today's spend included). */
  budgetLine(): string;
  /** The spend part of the status bar tooltip: the budget's line and the free-model requests left. */
  spendTooltip(): string;
  /** The edit in place shown for `uri` (or the latest one), as its session records it. */
  inlineEdit(uri?: Uri): InlineEditView | undefined;
  /** How the last search_text ran: from the kept file texts, through VS Code's ripgrep, or the JS scan it falls back to. */
  lastSearchEngine(): SearchEngine | undefined;
}
