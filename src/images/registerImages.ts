// Images as input, registered by one call from extension.ts: Explain Screenshot (palette and
// explorer), the chat's image button and its paste/drop. Bytes are checked here, decoded and
// shrunk in a webview, held by the chat's ImageVault until sent.
import * as vscode from 'vscode';
import type { ChatFeature } from '../chat/registerChat';
import type { ModelCatalog } from '../openrouter/models';
import type { ImageChip } from '../protocol';
import type { Services } from '../services';
import { confirmImageModel } from './confirmImageModel';
import { explainImage, type ExplainImageArgs } from './explainImage';
import { imageExtensions, imageLimits, tooLargeMessage } from './limits';
import { imageName, preparePastedImage, type PasteImageArgs } from './pastedImage';
import { prepareImage, type Prepared } from './prepareImage';

export function registerImages(context: vscode.ExtensionContext, services: Services, chat: ChatFeature, catalog: ModelCatalog): void {
  const log = (line: string) => services.log.info(line);
  // In the chat the warning is always shown (the e2e test clicks it); only Explain Screenshot takes a scripted answer.
  chat.controller.imageGate = (count) => confirmImageModel(catalog, count, { log });

  const shrinkInChat = async (image: { mimeType: string; base64: string }) => {
    await chat.view.reveal();
    await until(() => chat.view.isReady, 15_000);
    return services.shrinks.request((message) => chat.view.post(message), image);
  };
  const addToChat = (name: string, prepared: Prepared): ImageChip | undefined => {
    if (!prepared.ok) {
      log(`images: refused ${name}: ${prepared.message}`);
      chat.view.post({ type: 'notice', text: prepared.message, severity: 'warning' });
      void vscode.window.showWarningMessage(`Flashlight: ${prepared.message}`);
      return undefined;
    }
    const { chip, data } = prepared.image;
    chat.images.hold(chip.id, data);
    chat.controller.addAttachments([], [chip]);
    log(`images: attached ${name} (${chip.mimeType}, ${chip.width}×${chip.height}, ${chip.bytes} bytes${chip.note ? `, ${chip.note}` : ''})`);
    return chip;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('flashlight.attachImageToChat', async (args?: { uris?: vscode.Uri[] }) => {
      const uris = args?.uris ?? (await pickImages(true));
      const chips: ImageChip[] = [];
      for (const uri of uris ?? []) {
        const name = baseName(uri);
        const read = await readImageFile(uri);
        const chip = addToChat(name, read.ok ? await prepareImage(name, read.bytes, shrinkInChat) : read);
        if (chip) chips.push(chip);
      }
      if (chips.length) await chat.view.reveal(true);
      return chips.map((chip) => chip.id);
    }),
    vscode.commands.registerCommand('flashlight.pasteImageToChat', async (args: PasteImageArgs | undefined) => {
      if (!args || typeof args.base64 !== 'string') return undefined;
      return addToChat(imageName(args.name), await preparePastedImage(args, shrinkInChat))?.id;
    }),
    vscode.commands.registerCommand('flashlight.explainImage', (args?: vscode.Uri | ExplainImageArgs) =>
      explainImage(services, chat, catalog, args instanceof vscode.Uri ? { uri: args } : (args ?? {}), { pickImage: async () => (await pickImages(false))?.[0], readImageFile, until }),
    ),
  );
}

export async function pickImages(many: boolean): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    canSelectMany: many,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel: many ? 'Attach' : 'Explain',
    title: many ? 'Attach images to the chat' : 'Explain a screenshot',
    filters: { Images: [...imageExtensions] },
  });
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || 'image';
}

/** Refuses a file over the limit from its size alone, before reading it. */
export async function readImageFile(uri: vscode.Uri): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  const name = baseName(uri);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > imageLimits.maxFileBytes) return { ok: false, message: tooLargeMessage(name, stat.size) };
    return { ok: true, bytes: await vscode.workspace.fs.readFile(uri) };
  } catch (error) {
    return { ok: false, message: `${name} could not be read (${(error as Error).message}); nothing was sent.` };
  }
}

export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
