// What reaches OpenRouter when images are attached, checked on the fake server's side: the text
// first, then one image_url part per image with a valid base64 data: URL, in the order attached;
// follow-ups read the images back from the files written on the first send; deleting the chat
// deletes them. Also which model gets the "does not take images" warning.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore } from '../../src/core/chat/conversationStore';
import { buildHistory } from '../../src/core/chat/history';
import { assistantTurn, newConversation, userTurn } from '../../src/core/chat/conversation';
import { ImageVault } from '../../src/core/images/imageVault';
import { imageSupport } from '../../src/core/images/modelCheck';
import { OpenRouterClient } from '../../src/core/openrouter/client';
import { parseModelList, sortModels } from '../../src/core/openrouter/models';
import type { ChatRequest, ClientConfig } from '../../src/core/openrouter/types';
import { explainMessages } from '../../src/core/prompts/explain';
import type { ImageChip } from '../../src/protocol';
import { modelsResponse } from '../fake-openrouter/models';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fake-openrouter/server';
import { makePng, pngSizeOfDataUrl } from '../images/makePng';
import { newAnswerRecord } from '../../src/core/chat/streamAnswer';

let server: FakeOpenRouter;
let config: ClientConfig;
let folder: string;

before(async () => {
  server = await startFakeOpenRouter();
  config = {
    baseUrl: server.baseUrl,
    apiKey: 'sk-or-v1-images-unit-0123456789',
    stallTimeoutMs: 5_000,
    appUrl: 'https://example.test/app',
    appTitle: 'Flashlight',
  };
  folder = mkdtempSync(join(tmpdir(), 'flashlight-images-'));
});
after(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => server.reset());

async function send(request: ChatRequest): Promise<any> {
  for await (const event of new OpenRouterClient().streamChat(config, request)) void event; // errors throw
  const received = server.requests.filter((entry) => entry.path.endsWith('/chat/completions'));
  return received[received.length - 1].body;
}

function chip(id: string, width: number, height: number): ImageChip {
  return { id, name: `${id}.png`, mimeType: 'image/png', thumbnail: 'data:image/jpeg;base64,AAAA', width, height, bytes: 0 };
}

function imageSizes(content: any[]): ({ width: number; height: number } | undefined)[] {
  return content.filter((part) => part.type === 'image_url').map((part) => pngSizeOfDataUrl(part.image_url.url));
}

describe('image parts on the wire', () => {
  test('Explain Screenshot: text, then the image as a base64 PNG data: URL', async () => {
    const png = makePng(64, 48);
    const body = await send({
      model: 'google/gemini-2.5-flash',
      messages: explainMessages(undefined, [{ mimeType: 'image/png', base64: png.toString('base64') }]),
    });
    const user = body.messages[1];
    assert.equal(user.role, 'user');
    assert.deepEqual(
      user.content.map((part: any) => part.type),
      ['text', 'image_url'],
    );
    assert.match(user.content[0].text, /Explain what this image shows/);
    assert.deepEqual(imageSizes(user.content), [{ width: 64, height: 48 }]);
    assert.deepEqual(Buffer.from(user.content[1].image_url.url.split(',')[1], 'base64'), png, 'the bytes arrive unchanged');
  });

  test('chat: three images in the order attached, after the text; a follow-up reads them back from files; delete removes them', async () => {
    const chats = join(folder, 'chats');
    const store = new ConversationStore(chats);
    const vault = new ImageVault((id) => store.imageDirectory(id));
    const conversation = newConversation();
    const chips = [chip('first-aaaa', 30, 10), chip('second-bbbb', 20, 10), chip('third-cccc', 10, 10)];
    for (const each of chips) vault.hold(each.id, { mimeType: 'image/png', base64: makePng(each.width!, each.height!).toString('base64') });
    const question = userTurn('What differs between these?', [], chips);
    const imagesOf = (turn: typeof question) => turn.images.flatMap((each) => vault.read(conversation.id, each) ?? []);

    const first = await send({ model: 'google/gemini-2.5-flash', messages: buildHistory([question], 1_000_000, 8_192, imagesOf).messages });
    const user = first.messages[first.messages.length - 1];
    assert.deepEqual(
      user.content.map((part: any) => part.type),
      ['text', 'image_url', 'image_url', 'image_url'],
    );
    assert.equal(user.content[0].text, 'What differs between these?');
    assert.deepEqual(imageSizes(user.content), [
      { width: 30, height: 10 },
      { width: 20, height: 10 },
      { width: 10, height: 10 },
    ]);

    // Sent once: the bytes are files beside the conversation now, not in its JSON, and not in memory.
    const directory = store.imageDirectory(conversation.id);
    assert.deepEqual(readdirSync(directory).sort(), ['first-aaaa.png', 'second-bbbb.png', 'third-cccc.png']);
    conversation.turns = [question, assistantTurn({ ...newAnswerRecord(1, { title: 'Chat' }), text: 'The widths.', state: 'done' })];
    await store.save(conversation);
    const saved = await store.load(conversation.id);
    assert.ok(!JSON.stringify(saved).includes(makePng(30, 10).toString('base64')), 'no image bytes in the conversation JSON');

    const reopenedVault = new ImageVault((id) => store.imageDirectory(id)); // as after a reload: nothing in memory
    const followUp = [...saved!.turns, userTurn('And the first one?', [], [])];
    const second = await send({
      model: 'google/gemini-2.5-flash',
      messages: buildHistory(followUp, 1_000_000, 8_192, (turn) => turn.images.flatMap((each) => reopenedVault.read(conversation.id, each) ?? [])).messages,
    });
    const earlier = second.messages.find((message: any) => Array.isArray(message.content));
    assert.deepEqual(imageSizes(earlier.content), [
      { width: 30, height: 10 },
      { width: 20, height: 10 },
      { width: 10, height: 10 },
    ]);
    assert.equal(second.messages[second.messages.length - 1].content, 'And the first one?');

    await store.delete(conversation.id);
    assert.equal(existsSync(directory), false, 'the chat’s images are deleted with it');
  });
});

describe('does the model take images?', () => {
  const models = sortModels(parseModelList(modelsResponse()));

  test('Gemini Flash does; an unlisted model is not second-guessed', () => {
    assert.deepEqual(imageSupport('~google/gemini-flash-latest', models), { kind: 'yes' });
    assert.deepEqual(imageSupport('someone/brand-new-model', models), { kind: 'unknown' });
  });

  test('a text-only model is caught, and the newest image-capable Gemini Flash offered', () => {
    const support = imageSupport('meta-llama/llama-3.3-70b-instruct', models);
    assert.equal(support.kind, 'no');
    assert.equal(support.kind === 'no' && support.suggestion?.id, '~google/gemini-flash-latest');
  });
});
