// Everything the sidebar chat contributes, registered by one call from extension.ts: the view,
// its commands, and what its webview's messages do (send, retry, attach, insert, apply). The view
// only checks messages against the protocol; this decides what each one does.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ErrorActions } from '../errorActions/errorActions';
import { relativeName } from '../../host/editor/codeUnderCursor';
import type { EditorActions } from '../../host/editor/editorActions';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { ShrinkRequests } from '../../core/images/shrinkRequests';
import { contextWindowOf, type RequestSettings } from '../../core/prompts/request';
import type { AnswerRef, ContextChip, WebviewToExtension } from '../../protocol';
import { handleWebviewMessage } from '../../host/views/webviewMessages';
import { chatViewId, type ChatViewProvider } from '../../host/views/chatViewProvider';
import type { ChatController, ChatEnvironment } from '../../core/chat/chatController';
import { groundingChips } from '../../core/grounding/grounding';
import type { GatherContext } from '../../host/grounding/gatherContext';
import { ChatKeyCatcher } from './chatKeyCatcher';

const maxFileChars = 400_000;

/** What the chat's image button and paste ask of the images feature. */
export interface ImageAttachments {
  attach(): Promise<unknown>;
  paste(args: { name: string; mimeType: string; base64: string }): Promise<unknown>;
}

export interface ChatFeatureDeps {
  view: ChatViewProvider;
  chat: ChatController;
  editor: EditorActions;
  images: ImageAttachments;
  errorActions: ErrorActions;
  shrinks: ShrinkRequests;
  /** The definitions and surroundings of attached code (flashlight.context): added as chips the user can remove. */
  gatherContext: GatherContext;
  /** "View request": opens the request behind an answer (features/requestView). */
  viewRequest?(requestId: number): void;
}

/** The chat's request settings: the connection (the key asked for if needed) and the user's settings. */
export function chatRequestSettings(access: OpenRouterAccess, settings: () => RequestSettings): ChatEnvironment['requestSettings'] {
  return async () => {
    const read = settings();
    return { ...read, config: await access.connect(), contextLength: contextWindowOf(read) };
  };
}

export function registerChat(deps: ChatFeatureDeps): vscode.Disposable[] {
  const { view, chat } = deps;
  const catcher = new ChatKeyCatcher(view);
  return [
    vscode.window.registerWebviewViewProvider(chatViewId, view),
    view,
    view.onDidReceiveMessage((message) => routeChatMessage(deps, message)),
    // Closing the chat mid-answer cancels the request; what arrived is kept in the conversation.
    view.onDidClose(() => void chat.stop()),
    catcher,
    // The focus key: a ready page's composer takes the focus; a page not there yet has its keys caught.
    vscode.commands.registerCommand('flashlight.focusChat', async () => {
      if (view.isReady) return view.reveal(true);
      catcher.catch();
      await view.open();
    }),
    vscode.commands.registerCommand('flashlight.newChat', async () => {
      await view.reveal(true);
      await chat.newChat();
    }),
    vscode.commands.registerCommand('flashlight.addSelectionToChat', async () => {
      const chip = contextFromEditor(deps.editor.lastEditor(), 'selection');
      if (!chip) {
        void vscode.window.showInformationMessage('Flashlight: select some code to add to the chat.');
        return;
      }
      await view.reveal(true);
      const editor = deps.editor.lastEditor();
      if (editor) await attachWithContext(deps, chip, editor.document, editor.selection);
      else chat.addAttachments([chip]);
    }),
  ];
}

function routeChatMessage(deps: ChatFeatureDeps, message: WebviewToExtension): void {
  const { chat, view } = deps;
  switch (message.type) {
    case 'chatSend':
      void chat.send(message.text, message.contextIds, message.imageIds, message.replaceTurnId);
      return;
    case 'chatRetry':
      void chat.retry(message.turnId);
      return;
    case 'chatEdit':
      chat.edit(message.turnId);
      return;
    case 'chatNew':
      void chat.newChat();
      return;
    case 'chatOpen':
      void chat.open(message.id);
      return;
    case 'chatDelete':
      void confirmDelete(chat, message.id);
      return;
    case 'removeAttachment':
      chat.removeAttachment(message.id);
      return;
    case 'attachContext': {
      const editor = deps.editor.lastEditor();
      const chip = contextFromEditor(editor, message.kind);
      if (chip && editor && message.kind === 'selection') void attachWithContext(deps, chip, editor.document, editor.selection);
      else if (chip) chat.addAttachments([chip]);
      else
        void view.post({
          type: 'notice',
          text: message.kind === 'selection' ? 'Select some code in an editor first.' : 'Open a file in an editor first.',
          severity: 'info',
        });
      return;
    }
    case 'attachImage':
      void deps.images.attach();
      return;
    case 'pasteImage':
      void deps.images.paste({ name: message.name, mimeType: message.mimeType, base64: message.base64 });
      return;
  }
  handleWebviewMessage(message, {
    errorAction: (action) =>
      void deps.errorActions.run(
        action,
        () => chat.retryLatest(),
        () => chat.continueLatest(),
      ),
    shrunkImage: (reply) => deps.shrinks.settle(reply),
    insertCode: (code) => void deps.editor.insert(code),
    applyCode: (code) => void deps.editor.apply(code),
    answerText: (ref) => answerTextIn(chat, ref),
    viewRequest: (ref) => {
      const turn = 'turnId' in ref ? chat.current.turns.find((candidate) => candidate.id === ref.turnId) : undefined;
      if (turn?.role === 'assistant') deps.viewRequest?.(turn.answer.requestId);
    },
    ready: () => void chat.postState(),
    stop: () => void chat.stop(),
  });
}

/** The selection's chip, after the chips of its gathered context (bounded in time; none when the setting is off). */
async function attachWithContext(deps: ChatFeatureDeps, chip: ContextChip, document: vscode.TextDocument, range: vscode.Range): Promise<void> {
  const grounding = await deps.gatherContext(document, range).catch(() => undefined);
  deps.chat.addAttachments([chip, ...groundingChips(grounding, chip.id)]);
}

async function confirmDelete(chat: ChatController, id: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage('Delete this chat? Its messages and images are removed.', { modal: true }, 'Delete');
  if (choice === 'Delete') await chat.delete(id);
}

/** A chat answer is named by its assistant turn in the conversation the chat shows; nothing else names one here. */
function answerTextIn(chat: ChatController, ref: AnswerRef): string | undefined {
  if (!('turnId' in ref)) return undefined;
  const turn = chat.current.turns.find((candidate) => candidate.id === ref.turnId);
  return turn?.role === 'assistant' ? turn.answer.text : undefined;
}

export function contextFromEditor(editor: vscode.TextEditor | undefined, kind: 'selection' | 'file'): ContextChip | undefined {
  if (!editor) return undefined;
  const { document, selection } = editor;
  const fileName = relativeName(document);
  const base = fileName.split('/').pop() ?? fileName;
  if (kind === 'selection') {
    if (selection.isEmpty) return undefined;
    const startLine = selection.start.line + 1;
    const endLine = selection.end.line + 1;
    return {
      id: randomUUID(),
      kind,
      label: `${base}:${startLine === endLine ? startLine : `${startLine}–${endLine}`}`,
      fileName,
      languageId: document.languageId,
      code: document.getText(selection),
      startLine,
      endLine,
    };
  }
  const text = document.getText();
  const code = text.length > maxFileChars ? text.slice(0, maxFileChars) : text;
  return {
    id: randomUUID(),
    kind,
    label: text.length > maxFileChars ? `${base} (first ${maxFileChars.toLocaleString('en-US')} characters)` : base,
    fileName,
    languageId: document.languageId,
    code,
  };
}
