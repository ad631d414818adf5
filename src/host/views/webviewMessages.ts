// Messages from a webview are checked before they are acted on: the webview renders model
// output, so it is treated as untrusted input even under its CSP.
import * as vscode from 'vscode';
import { codeBlockAt, textToCopy } from '../../core/answers/answerCodeBlocks';
import { isThinkingLevel, type AnswerRef, type ErrorAction, type ShrunkImage, type WebviewToExtension } from '../../protocol';

export interface WebviewActions {
  errorAction(action: ErrorAction): void;
  /** A webview's answer to `shrinkImage`. */
  shrunkImage?(message: ShrunkImage): void;
  /** Insert: a code block of a recorded answer, put at the cursor of the editor the user was in. */
  insertCode?(code: string): void;
  /** Apply: a code block of a recorded answer, offered as a diff against that editor. */
  applyCode?(code: string, language: string): void;
  /** "View request": the request behind the answer `ref` names. */
  viewRequest?(ref: AnswerRef): void;
}

export interface WebviewHandlers extends WebviewActions {
  ready(): void;
  stop(requestId: number): void;
  /**
   * The text of the answer `ref` names, from this host's own record; undefined when it names none
   * here (a stale or invented id): the action then does nothing.
   */
  answerText(ref: AnswerRef): string | undefined;
  /** Opens item `item` of the gathered context of the answer `ref` names, from this host's own record. */
  openGroundingItem?(ref: AnswerRef, item: number): void;
}

/** Longer than any id the extension makes (a UUID): anything longer names nothing. */
const maxIdLength = 200;
/** More code blocks than an answer can hold in practice; the record is the real bound. */
const maxBlockIndex = 100_000;

function isAnswerRef(value: unknown): value is AnswerRef {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const ref = value as Record<string, unknown>;
  if ('requestId' in ref) return !('turnId' in ref) && Number.isSafeInteger(ref.requestId);
  return typeof ref.turnId === 'string' && ref.turnId.length > 0 && ref.turnId.length <= maxIdLength;
}

function isBlockIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= maxBlockIndex;
}

const errorActions: ReadonlySet<string> = new Set<ErrorAction>([
  'setApiKey',
  'retry',
  'openSettings',
  'addCredits',
  'chooseModel',
  'relaxPrivacy',
  'raiseBudget',
  'continue',
  'switchToLatest',
]);
const shrinkFailures: ReadonlySet<string> = new Set<Extract<ShrunkImage, { ok: false }>['reason']>(['decode', 'tooLarge', 'unsupported']);

export function isWebviewMessage(value: unknown): value is WebviewToExtension {
  if (!value || typeof value !== 'object') return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return true;
    case 'stop':
      return typeof message.requestId === 'number';
    case 'errorAction':
      return typeof message.action === 'string' && errorActions.has(message.action);
    case 'openLink':
      return typeof message.href === 'string';
    case 'viewRequest':
      return isAnswerRef(message.answer);
    case 'copy':
      return isAnswerRef(message.answer) && (message.block === undefined || isBlockIndex(message.block));
    case 'insertCode':
    case 'applyCode':
      return isAnswerRef(message.answer) && isBlockIndex(message.block);
    case 'openGroundingItem':
      return isAnswerRef(message.answer) && isBlockIndex(message.item);
    case 'chatSend':
      return (
        typeof message.text === 'string' &&
        isStringList(message.contextIds) &&
        isStringList(message.imageIds) &&
        (message.replaceTurnId === undefined || typeof message.replaceTurnId === 'string')
      );
    case 'chatRetry':
    case 'chatEdit':
      return typeof message.turnId === 'string';
    case 'chatOpen':
    case 'chatDelete':
    case 'removeAttachment':
      return typeof message.id === 'string';
    case 'chatNew':
    case 'attachImage':
      return true;
    case 'setThinkingLevel':
      // Only the five levels: anything else (a typo, a hostile page) is dropped, never written to settings.
      return isThinkingLevel(message.level);
    case 'attachContext':
      return message.kind === 'selection' || message.kind === 'file';
    case 'pasteImage':
      // Only the shape here; the bytes, the name and the (ignored) type are checked in src/images/pastedImage.ts.
      return typeof message.name === 'string' && typeof message.mimeType === 'string' && typeof message.base64 === 'string';
    case 'shrunkImage':
      // Only the shape here: the bytes, the sizes and the thumbnail are checked against the image
      // itself in src/images/checkShrunkImage.ts, which tells the user why it refused one.
      return (
        typeof message.shrinkId === 'string' &&
        message.shrinkId.length <= 100 &&
        (message.ok === false
          ? typeof message.reason === 'string' && shrinkFailures.has(message.reason)
          : message.ok === true &&
            typeof message.mimeType === 'string' &&
            typeof message.base64 === 'string' &&
            typeof message.thumbnail === 'string' &&
            [message.width, message.height, message.originalWidth, message.originalHeight].every((size) => typeof size === 'number' && Number.isFinite(size)))
      );
    default:
      return false;
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Opens only http(s) links, and only through VS Code, which asks before leaving for an unknown site. */
export function safeExternalUri(href: string): vscode.Uri | undefined {
  try {
    const uri = vscode.Uri.parse(href, true);
    return uri.scheme === 'https' || uri.scheme === 'http' ? uri : undefined;
  } catch {
    return undefined;
  }
}

export function handleWebviewMessage(raw: unknown, handlers: WebviewHandlers): void {
  if (!isWebviewMessage(raw)) return;
  switch (raw.type) {
    case 'ready':
      handlers.ready();
      break;
    case 'stop':
      handlers.stop(raw.requestId);
      break;
    case 'errorAction':
      handlers.errorAction(raw.action);
      break;
    case 'openLink': {
      const uri = safeExternalUri(raw.href);
      if (uri) void vscode.env.openExternal(uri);
      break;
    }
    case 'viewRequest':
      handlers.viewRequest?.(raw.answer);
      break;
    case 'copy': {
      // Written from the record, on the user's click in the webview; never text the webview sent.
      const answer = handlers.answerText(raw.answer);
      const text = answer === undefined ? undefined : textToCopy(answer, raw.block);
      if (text !== undefined) void vscode.env.clipboard.writeText(text);
      break;
    }
    case 'insertCode': {
      const answer = handlers.answerText(raw.answer);
      const block = answer === undefined ? undefined : codeBlockAt(answer, raw.block);
      if (block) handlers.insertCode?.(block.code);
      break;
    }
    case 'applyCode': {
      const answer = handlers.answerText(raw.answer);
      const block = answer === undefined ? undefined : codeBlockAt(answer, raw.block);
      if (block) handlers.applyCode?.(block.code, block.language);
      break;
    }
    case 'openGroundingItem':
      handlers.openGroundingItem?.(raw.answer, raw.item);
      break;
    case 'shrunkImage':
      handlers.shrunkImage?.(raw);
      break;
    default:
      break; // the chat's own messages are handled by its view
  }
}
