// Images as input: Explain Screenshot (palette and explorer), and the chat's image button, paste
// and drop (as the chat's ImageAttachments). Bytes are checked here, decoded and shrunk in the
// webview that shows them, and held by the chat's ImageVault until sent.
import * as vscode from 'vscode';
import type { Answers } from '../../core/answers/answers';
import type { ChatController } from '../../core/chat/chatController';
import type { ImageAttachments } from '../chat/registerChat';
import type { Log } from '../../core/log';
import type { RequestSettings } from '../../core/prompts/request';
import type { ImageChip } from '../../protocol';
import type { AnswerPanel } from '../../host/views/answerPanel';
import type { ChatViewProvider } from '../../host/views/chatViewProvider';
import type { ImageModelCheck } from './confirmImageModel';
import { explainImage, type ExplainImageArgs } from './explainImage';
import type { ImageVault } from '../../core/images/imageVault';
import { imageExtensions, imageLimits, tooLargeMessage } from '../../core/images/limits';
import { imageName, preparePastedImage, type PasteImageArgs } from '../../core/images/pastedImage';
import { prepareImage, type Prepared, type ShrinkOutcomeFor } from '../../core/images/prepareImage';
import type { ShrinkRequests } from '../../core/images/shrinkRequests';

export interface ImagesDeps {
  chatView: ChatViewProvider;
  chat: ChatController;
  vault: ImageVault;
  panel: AnswerPanel;
  shrinks: ShrinkRequests;
  answers: Answers;
  settings(): RequestSettings & { answerDestination: 'panel' | 'chat' };
  /** The text-only-model warning before images are sent; a scripted answer for tests. */
  confirmModel: ImageModelCheck;
  log: Log;
}

export class Images implements ImageAttachments {
  constructor(private readonly deps: ImagesDeps) {}

  /** The chat's image button (or the command with files): picked files attached as chips. */
  async attach(uris?: vscode.Uri[]): Promise<string[]> {
    const picked = uris ?? (await pickImages(true));
    const chips: ImageChip[] = [];
    for (const uri of picked ?? []) {
      const name = baseName(uri);
      const read = await readImageFile(uri);
      const chip = this.addToChat(name, read.ok ? await prepareImage(name, read.bytes, this.shrinkIn('chat')) : read);
      if (chip) chips.push(chip);
    }
    if (chips.length) await this.deps.chatView.reveal(true);
    return chips.map((chip) => chip.id);
  }

  /** A paste or drop in the chat's composer: the format is read from the bytes, never from the webview's word. */
  async paste(args: PasteImageArgs): Promise<string | undefined> {
    return this.addToChat(imageName(args.name), await preparePastedImage(args, this.shrinkIn('chat')))?.id;
  }

  explain(args: ExplainImageArgs) {
    return explainImage(
      {
        answers: this.deps.answers,
        settings: this.deps.settings,
        log: this.deps.log,
        pickImage: async () => (await pickImages(false))?.[0],
        readImageFile,
        shrinkIn: (destination) => this.shrinkIn(destination),
        confirmModel: this.deps.confirmModel,
      },
      args,
    );
  }

  /** Decoding and shrinking happen in the webview that will show the image: it is being opened anyway. */
  private shrinkIn(destination: 'panel' | 'chat'): ShrinkOutcomeFor {
    const { chatView, panel, shrinks } = this.deps;
    return async (image) => {
      if (destination === 'chat') {
        await chatView.reveal();
        await until(() => chatView.isReady, 15_000);
        return shrinks.request((message) => void chatView.post(message), image);
      }
      panel.reveal();
      await until(() => panel.isReady, 15_000);
      return shrinks.request((message) => void panel.post(message), image);
    };
  }

  private addToChat(name: string, prepared: Prepared): ImageChip | undefined {
    const { chat, chatView, vault, log } = this.deps;
    if (!prepared.ok) {
      log.info(`images: refused ${name}: ${prepared.message}`);
      void chatView.post({ type: 'notice', text: prepared.message, severity: 'warning' });
      void vscode.window.showWarningMessage(`Flashlight: ${prepared.message}`);
      return undefined;
    }
    const { chip, data } = prepared.image;
    vault.hold(chip.id, data);
    chat.addAttachments([], [chip]);
    log.info(`images: attached ${name} (${chip.mimeType}, ${chip.width}×${chip.height}, ${chip.bytes} bytes${chip.note ? `, ${chip.note}` : ''})`);
    return chip;
  }
}

export function registerImages(images: Images): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flashlight.attachImageToChat', (args?: { uris?: vscode.Uri[] }) => images.attach(args?.uris)),
    vscode.commands.registerCommand('flashlight.explainImage', (args?: vscode.Uri | ExplainImageArgs) =>
      images.explain(args instanceof vscode.Uri ? { uri: args } : (args ?? {})),
    ),
  ];
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
