// Image bytes are bounded: a chip removed from the composer, dropped by New Chat or by editing an
// earlier message frees its bytes; a message refused as too big writes nothing to disk. Run with
// the real ImageVault, ConversationStore and ChatController (the client talks to the fake
// OpenRouter over loopback). The assertions count the vault's held bytes and the files on disk;
// the memory figures (after a forced collection) are printed and checked beside them.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChatController } from '../../src/core/chat/chatController';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { chatImageHooks, ImageVault } from '../../src/core/images/imageVault';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import type { ExtensionToWebview, ImageChip } from '../../src/protocol';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { makePng } from '../images/makePng';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

let server: FakeOpenRouter;
let folder: string;
let store: ConversationStore;
let vault: ImageVault;
let controller: ChatController;
let posted: ExtensionToWebview[];
let contextLength: number;
let chipCounter = 0;

before(async () => {
  server = await startFakeOpenRouter();
});
const folders: string[] = [];
after(async () => {
  await server.close();
  for (const each of folders) rmSync(each, { recursive: true, force: true });
});
beforeEach(() => {
  server.reset();
  folder = mkdtempSync(join(tmpdir(), 'flashlight-bounded-'));
  folders.push(folder);
  store = new ConversationStore(join(folder, 'chats'));
  vault = new ImageVault((id) => store.imageDirectory(id));
  posted = [];
  contextLength = 1_000_000;
  let requestId = 0;
  controller = new ChatController({
    client: new OpenRouterClient(),
    store,
    requestSettings: async () => ({
      config: {
        baseUrl: server.baseUrl,
        apiKey: 'sk-or-v1-bounded-unit-0123456789',
        stallTimeoutMs: 5_000,
        appUrl: 'https://example.test/app',
        appTitle: 'Flashlight',
      },
      model: 'google/gemini-2.5-flash',
      fallbackModels: [],
      maxTokens: 1_000,
      contextLength,
    }),
    nextRequestId: () => ++requestId,
    post: (message) => void posted.push(message),
    log: () => undefined,
    ...chatImageHooks(vault, () => undefined),
  });
});

function filesOnDisk(): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** What registerImages does for a paste: the bytes to the vault, the chip to the controller. */
function paste(bytes: Buffer): ImageChip {
  const chip: ImageChip = {
    id: `chip-${++chipCounter}`,
    name: 'pasted image',
    mimeType: 'image/png',
    thumbnail: 'data:image/png;base64,',
    width: 64,
    height: 48,
    bytes: bytes.length,
  };
  vault.hold(chip.id, { mimeType: 'image/png', base64: bytes.toString('base64') });
  controller.addAttachments([], [chip]);
  return chip;
}

describe('unsent images are freed', () => {
  test('50 pasted-and-removed 4 MB images: held bytes and files back to zero, the heap back where it started', () => {
    const fourMegabytes = Buffer.alloc(4 * 1024 * 1024);
    makePng(2048, 1536).copy(fourMegabytes);
    collect();
    const start = process.memoryUsage();
    let peak = 0;
    for (let cycle = 0; cycle < 50; cycle++) {
      const chip = paste(fourMegabytes);
      peak = Math.max(peak, vault.heldBytes);
      controller.removeAttachment(chip.id);
    }
    collect();
    const end = process.memoryUsage();
    console.log(
      `50 paste/remove cycles of 4 MB images: heapUsed ${megabytes(start.heapUsed)} -> ${megabytes(end.heapUsed)}, external ${megabytes(start.external)} -> ${megabytes(end.external)}, arrayBuffers ${megabytes(start.arrayBuffers)} -> ${megabytes(end.arrayBuffers)}, ` +
        `rss ${megabytes(start.rss)} -> ${megabytes(end.rss)}; vault held at most ${megabytes(peak)}, now ${megabytes(vault.heldBytes)}; files on disk: ${filesOnDisk().length}`,
    );
    assert.ok(peak >= fourMegabytes.length, 'each pasted image was held while its chip was in the composer');
    assert.equal(vault.heldBytes, 0, 'every removed chip’s bytes are freed');
    assert.deepEqual(filesOnDisk(), [], 'nothing unsent is written');
    // Node keeps a large base64 string outside the JS heap (an external string): count both.
    const held = (usage: NodeJS.MemoryUsage) => usage.heapUsed + usage.external;
    assert.ok(held(end) <= held(start) * 1.1, `heap and external memory back within 10%: ${megabytes(held(start))} -> ${megabytes(held(end))}`);
  });

  test('New Chat drops the composer’s attachments and frees their bytes; the webview is told to clear its chips', async () => {
    paste(makePng(64, 48));
    paste(makePng(32, 32));
    assert.ok(vault.heldBytes > 0);
    await controller.newChat();
    assert.equal(vault.heldBytes, 0);
    assert.ok(
      posted.some((message) => message.type === 'composerClear'),
      'the composer is cleared',
    );
    const lastAdd = posted.filter((message) => message.type === 'composerAdd').pop();
    assert.deepEqual(lastAdd && lastAdd.type === 'composerAdd' && lastAdd.images, [], 'no chip comes back with the new chat’s state');
    assert.deepEqual(filesOnDisk(), []);
  });

  test('editing an earlier message replaces the composer’s chips: the unsent ones are freed, the sent one stays on disk', async () => {
    server.enqueue({ text: 'A red and blue square.' });
    const sent = paste(makePng(64, 48));
    await controller.send('What is this?', [], [sent.id]);
    const question = controller.current.turns[0];
    const imageFile = join('chats', 'images', controller.current.id, `${sent.id}.png`);
    assert.deepEqual(
      filesOnDisk().filter((file) => file.includes('images')),
      [imageFile],
    );
    paste(makePng(32, 32)); // pasted, then the user edits the earlier question instead
    controller.edit(question.id);
    assert.equal(vault.heldBytes, 0, 'the chip the composer dropped for the edit is freed');
    controller.removeAttachment(sent.id); // removing the sent image from the edit
    assert.ok(filesOnDisk().includes(imageFile), 'the file of the image already sent stays with its turn');
  });
});

describe('a refused message writes nothing', () => {
  test('too big to send: no image file, no chat file; the image stays held for the question put back, and goes out once it fits', async () => {
    contextLength = 4_000;
    const chip = paste(makePng(64, 48));
    await controller.send(`Explain this:\n${'const x = 1;\n'.repeat(4_000)}`, [], [chip.id]);
    const notice = posted.find((message) => message.type === 'notice');
    assert.ok(notice && notice.type === 'notice' && notice.severity === 'warning', 'the user is told it is too big');
    const back = posted.find((message) => message.type === 'composerSet');
    assert.deepEqual(
      back && back.type === 'composerSet' && back.images.map((each) => each.id),
      [chip.id],
      'the question goes back to the composer with its image',
    );
    assert.deepEqual(filesOnDisk(), [], 'nothing written for a message that was not sent');
    assert.equal(server.requests.filter((entry) => entry.path.endsWith('/chat/completions')).length, 0);
    assert.ok(vault.heldBytes > 0, 'the bytes are still there for the chip in the composer');

    server.enqueue({ text: 'A square.' });
    await controller.send('Explain this image', [], [chip.id]);
    assert.deepEqual(
      filesOnDisk().filter((file) => file.includes('images')),
      [join('chats', 'images', controller.current.id, `${chip.id}.png`)],
    );
    assert.equal(vault.heldBytes, 0, 'sent: the file is the copy now');
    const body = server.requests.filter((entry) => entry.path.endsWith('/chat/completions')).pop()!.body as { messages: { content: unknown }[] };
    assert.match(JSON.stringify(body.messages[body.messages.length - 1].content), /data:image\/png;base64,/);
  });
});
