// Everything the sidebar chat contributes, registered by one call from extension.ts: the view,
// its commands, and the editor-side actions its webview asks for (attach, insert, apply).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ProposalStore } from '../codeActions/proposals';
import { apiKeyFor } from '../secrets/apiKeyAccess';
import { relativeName } from '../editor/codeUnderCursor';
import { reindentLike } from '../editor/reindent';
import { defaultContextLength } from '../prompts/budget';
import type { ContextChip } from '../protocol';
import type { Services } from '../services';
import { chatImageHooks, ImageVault } from '../images/imageVault';
import { ChatViewProvider, chatViewId } from '../views/chatViewProvider';
import { ChatController } from './chatController';
import { ConversationStore } from './conversationStore';

const maxFileChars = 400_000;

export interface ChatFeature {
  controller: ChatController;
  view: ChatViewProvider;
  /** Image bytes: unsent in memory, sent ones as files beside the conversation. */
  images: ImageVault;
}

export function registerChat(context: vscode.ExtensionContext, services: Services, proposals: ProposalStore): ChatFeature {
  const lastEditor = trackLastEditor(context);
  // The code comes from the extension's record of the answer (webviewMessages.ts), never from the webview.
  const editorActions = {
    insertCode: (code: string) => void insertAtCursor(lastEditor(), code),
    applyCode: (code: string) => void applyToEditor(lastEditor(), code, proposals),
  };
  services.panel.useEditorActions(editorActions);
  const view = new ChatViewProvider(context.extensionUri, {
    errorAction: (action) => void vscode.commands.executeCommand('flashlight.runErrorAction', action),
    attachContext: (kind) => {
      const chip = contextFromEditor(lastEditor(), kind);
      if (chip) controller.addAttachments([chip]);
      else view.post({ type: 'notice', text: kind === 'selection' ? 'Select some code in an editor first.' : 'Open a file in an editor first.', severity: 'info' });
    },
    attachImage: () => void vscode.commands.executeCommand('flashlight.attachImageToChat'),
    pasteImage: (name, mimeType, base64) => void vscode.commands.executeCommand('flashlight.pasteImageToChat', { name, mimeType, base64 }),
    shrunkImage: (message) => services.shrinks.settle(message),
    ...editorActions,
  });
  const store = new ConversationStore(vscode.Uri.joinPath(context.globalStorageUri, 'chats').fsPath);
  const images = new ImageVault((conversationId) => store.imageDirectory(conversationId));
  const controller: ChatController = new ChatController({
    client: services.client,
    store,
    requestSettings: async () => {
      const settings = services.settings();
      const apiKey = (await apiKeyFor(services, settings)) ?? '';
      return {
        config: services.clientConfig(settings, apiKey),
        model: settings.model,
        fallbackModels: settings.fallbackModels,
        temperature: settings.temperature,
        maxTokens: settings.maxTokens,
        contextLength: settings.contextLength ?? defaultContextLength,
      };
    },
    nextRequestId: () => services.nextRequestId(),
    post: (message) => view.post(message),
    log: (line) => services.log.info(line),
    ...chatImageHooks(images, (line) => services.log.info(line)),
  });
  view.attach(controller);

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(chatViewId, view),
    vscode.commands.registerCommand('flashlight.focusChat', () => view.reveal(true)),
    vscode.commands.registerCommand('flashlight.newChat', async () => {
      await view.reveal(true);
      await controller.newChat();
    }),
    vscode.commands.registerCommand('flashlight.addSelectionToChat', async () => {
      const chip = contextFromEditor(vscode.window.activeTextEditor ?? lastEditor(), 'selection');
      if (!chip) {
        void vscode.window.showInformationMessage('Flashlight: select some code to add to the chat.');
        return;
      }
      await view.reveal(true);
      controller.addAttachments([chip]);
    }),
  );
  return { controller, view, images };
}

/** The webview takes focus from the editor, so remember the last text editor the user was in. */
function trackLastEditor(context: vscode.ExtensionContext): () => vscode.TextEditor | undefined {
  let last = vscode.window.activeTextEditor;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) last = editor;
    }),
  );
  return () => vscode.window.activeTextEditor ?? (last && vscode.window.visibleTextEditors.includes(last) ? last : undefined);
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
    return { id: randomUUID(), kind, label: `${base}:${startLine === endLine ? startLine : `${startLine}–${endLine}`}`, fileName, languageId: document.languageId, code: document.getText(selection), startLine, endLine };
  }
  const text = document.getText();
  const code = text.length > maxFileChars ? text.slice(0, maxFileChars) : text;
  return { id: randomUUID(), kind, label: text.length > maxFileChars ? `${base} (first ${maxFileChars.toLocaleString('en-US')} characters)` : base, fileName, languageId: document.languageId, code };
}

async function insertAtCursor(editor: vscode.TextEditor | undefined, code: string): Promise<void> {
  if (!editor) {
    void vscode.window.showInformationMessage('Flashlight: open a file to insert the code into.');
    return;
  }
  await editor.edit((builder) => builder.replace(editor.selection, code));
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Opens a diff of the editor against the suggestion (replacing the selection, or the whole file) and writes only on Accept. */
async function applyToEditor(editor: vscode.TextEditor | undefined, code: string, proposals: ProposalStore): Promise<void> {
  if (!editor) {
    void vscode.window.showInformationMessage('Flashlight: open the file to apply the code to.');
    return;
  }
  const { document, selection } = editor;
  const range = selection.isEmpty ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)) : withIndentation(document, selection);
  const original = document.getText(range);
  await proposals.propose({
    label: 'Apply',
    document,
    range,
    snapshot: { version: document.version, text: original },
    // Re-indented like the code it replaces, as a code action's suggestion is: a code block in
    // the chat usually comes flush left, the selection usually is not.
    replacement: reindentLike(code, original),
    why: selection.isEmpty ? 'the code block replaces the whole file.' : 'the code block replaces the selection.',
  });
}

/**
 * A selection that starts inside its line's indentation (at the first character of the code, as a
 * selection usually does) takes that indentation too: the block is then re-indented from the
 * line's real indentation, and a block that already carries it is not indented twice. A selection
 * starting after other code on its line is replaced exactly as selected.
 */
function withIndentation(document: vscode.TextDocument, selection: vscode.Selection): vscode.Range {
  const lineStart = selection.start.with({ character: 0 });
  const onlyIndentationBefore = !document.getText(new vscode.Range(lineStart, selection.start)).trim();
  return new vscode.Range(onlyIndentationBefore ? lineStart : selection.start, selection.end);
}
