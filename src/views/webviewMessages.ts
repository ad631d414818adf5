// Messages from a webview are checked before they are acted on: the webview renders model
// output, so it is treated as untrusted input even under its CSP.
import * as vscode from 'vscode';
import type { ErrorAction, ShrunkImage, WebviewToExtension } from '../protocol';

export interface WebviewActions {
  errorAction(action: ErrorAction): void;
  /** A webview's answer to `shrinkImage`. */
  shrunkImage?(message: ShrunkImage): void;
}

export interface WebviewHandlers extends WebviewActions {
  ready(): void;
  stop(requestId: number): void;
}

const errorActions: ReadonlySet<string> = new Set<ErrorAction>(['setApiKey', 'retry', 'openSettings', 'addCredits', 'chooseModel']);

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
    case 'copy':
      return typeof message.text === 'string';
    case 'insertCode':
      return typeof message.code === 'string';
    case 'applyCode':
      return typeof message.code === 'string' && typeof message.language === 'string';
    case 'chatSend':
      return typeof message.text === 'string' && isStringList(message.contextIds) && isStringList(message.imageIds) && (message.replaceTurnId === undefined || typeof message.replaceTurnId === 'string');
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
    case 'attachContext':
      return message.kind === 'selection' || message.kind === 'file';
    case 'pasteImage':
      return typeof message.name === 'string' && typeof message.mimeType === 'string' && typeof message.base64 === 'string';
    case 'shrunkImage':
      return (
        typeof message.shrinkId === 'string' &&
        (message.ok === false
          ? typeof message.reason === 'string'
          : message.ok === true && typeof message.mimeType === 'string' && typeof message.base64 === 'string' && typeof message.thumbnail === 'string' && typeof message.width === 'number' && typeof message.height === 'number')
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
    case 'copy':
      void vscode.env.clipboard.writeText(raw.text);
      break;
    case 'shrunkImage':
      handlers.shrunkImage?.(raw);
      break;
    default:
      break; // the chat's own messages are handled by its view
  }
}
