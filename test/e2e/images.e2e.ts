// Images in the chat, in a real VS Code (code-server in headless Chromium), as a person adds
// them: a PNG put on the browser's real clipboard and pasted into the composer with Ctrl+V, and
// a large PNG picked with the composer's image button through VS Code's own file dialog (path
// typed, Enter). Both must reach the fake OpenRouter as valid base64 images, the large one
// shrunk to the cap; the chat shows their thumbnails.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { readImageInfo } from '../../src/core/images/imageInfo';
import type { FakeOpenRouter } from '../fake-openrouter/server';
import { makePng, pngSizeOfDataUrl } from '../images/makePng';
import { findWebviewFrame, openWorkbenchWithFake, runFlashlightCommand, screenshot, type WorkbenchWithFake } from './workbench';

const key = 'sk-or-v1-e2e-images-0123456789';
let fake: FakeOpenRouter;
let wb: WorkbenchWithFake;

before(async () => {
  wb = await openWorkbenchWithFake({ apiKey: key, files: { 'screens/wide-3000x1500.png': makePng(3000, 1500) } });
  fake = wb.fake;
  // The real clipboard: Chromium asks before a page reads or writes images there.
  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
});

after(async () => {
  await wb?.stop();
});

const chatRequests = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions'));

/** The image parts of the last request's last user message: their data: URLs. */
function lastImageUrls(): string[] {
  const body = chatRequests().at(-1)!.body;
  const user = body.messages.at(-1);
  assert.ok(Array.isArray(user.content), 'the question went as content parts');
  assert.equal(user.content[0].type, 'text', 'the text comes first');
  return user.content.filter((part: { type: string }) => part.type === 'image_url').map((part: { image_url: { url: string } }) => part.image_url.url);
}

async function waitForAnswers(frame: Frame, count: number): Promise<void> {
  await frame
    .locator('.turn-assistant')
    .nth(count - 1)
    .locator('.answer[data-state="done"]')
    .waitFor({ timeout: 60_000 });
}

test(
  'a PNG pasted from the real clipboard, then a large PNG picked from the file dialog, reach OpenRouter as base64 images',
  { timeout: 300_000 },
  async () => {
    fake.enqueue(
      { text: 'The screenshot shows a red and a blue half.', chunkSize: 8, chunkDelayMs: 10 },
      { text: 'The wide one is the same pattern, shrunk.', chunkSize: 8, chunkDelayMs: 10 },
    );
    await runFlashlightCommand(wb.page, 'Flashlight: Focus Chat Input');
    const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
    const input = frame.locator('#flashlight-composer-input');

    // 1. Paste: write a PNG to the browser's clipboard from inside the webview, then Ctrl+V in the composer.
    const pasted = makePng(120, 80);
    await input.click();
    const wrote = await frame.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      try {
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
        return 'ok';
      } catch (error) {
        return String(error);
      }
    }, pasted.toString('base64'));
    assert.equal(wrote, 'ok', 'the PNG is on the real clipboard');
    await input.click();
    await wb.page.keyboard.press('Control+V');
    const chip = frame.locator('.composer-chips .chip');
    await chip.first().waitFor({ timeout: 30_000 });
    assert.equal(
      await chip
        .locator('img.chip-thumbnail')
        .first()
        .evaluate((image) => (image as HTMLImageElement).src.startsWith('data:image/')),
      true,
      'the chip shows a thumbnail',
    );
    await input.click();
    await wb.page.keyboard.type('What is in this screenshot?');
    await wb.page.keyboard.press('Enter');
    await waitForAnswers(frame, 1);
    const first = lastImageUrls();
    assert.equal(first.length, 1);
    assert.deepEqual(pngSizeOfDataUrl(first[0]), { width: 120, height: 80 }, 'the pasted PNG arrives as itself, valid base64');
    // Not byte-equal to `pasted`: Chromium re-encodes images that go through the system clipboard.

    // 2. Pick: the composer's image button opens VS Code's file dialog; type the path, Enter.
    await frame.locator('[data-composer="attach-image"]').click();
    const dialogInput = wb.page.locator('.quick-input-widget .quick-input-box input');
    await dialogInput.waitFor({ timeout: 30_000 });
    // Typed as a person would (the dialog completes paths as keys arrive), replacing the folder it proposes.
    await dialogInput.click();
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.type(`${wb.workspace}/screens/wide-3000x1500.png`, { delay: 5 });
    // The dialog completes the typed path as it goes; Enter once it lists the file (again if it is still open).
    await wb.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'wide-3000x1500.png' })
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    for (let attempt = 0; attempt < 3 && (await dialogInput.isVisible()); attempt++) {
      await wb.page.keyboard.press('Enter');
      await dialogInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    const picked = frame.locator('.composer-chips .chip', { hasText: 'wide-3000x1500.png' });
    await picked.waitFor({ timeout: 90_000 }).catch(async (error) => {
      console.log(`screenshot: ${await screenshot(wb.page, 'images-pick-failed')}`);
      throw error;
    });
    const composerShot = await screenshot(wb.page, 'images-composer-chip');
    console.log(`screenshot: ${composerShot}`);
    assert.match(await picked.innerText(), /shrunk from 3000×1500/);
    await input.click();
    await wb.page.keyboard.type('And this wide one?');
    await wb.page.keyboard.press('Enter');
    await waitForAnswers(frame, 2);
    const second = lastImageUrls();
    assert.equal(second.length, 1);
    const match = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+=*)$/.exec(second[0]);
    assert.ok(match, 'a base64 data: URL');
    const info = readImageInfo(Buffer.from(match[2], 'base64'));
    assert.deepEqual(
      info && { mimeType: info.mimeType, width: info.width, height: info.height },
      { mimeType: match[1], width: 2048, height: 1024 },
      'shrunk to the 2048 px cap, aspect kept',
    );
    // The follow-up carries the first image too, read back from the file written when it was sent.
    const all = chatRequests()
      .at(-1)!
      .body.messages.flatMap((message: { content: unknown }) => (Array.isArray(message.content) ? message.content : []));
    assert.equal(all.filter((part: { type: string }) => part.type === 'image_url').length, 2);

    assert.equal(await frame.locator('.turn-user .turn-image').count(), 2, 'both sent images stay visible as thumbnails in the conversation');
    await frame
      .locator('#flashlight-stop')
      .waitFor({ state: 'hidden', timeout: 10_000 })
      .catch(() => undefined);
    const shot = await screenshot(wb.page, 'images-chat-thumbnails');
    console.log(`screenshot: ${shot}`);
  },
);

test('with a text-only model the chat warns before sending an image; "Use Gemini Flash" switches and sends', { timeout: 240_000 }, async () => {
  const row = '.quick-input-widget .monaco-list-row';
  await runFlashlightCommand(wb.page, 'Flashlight: Choose Model');
  await wb.page.locator(row).filter({ hasText: 'Llama 3.3' }).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.type('llama-3.3-70b');
  await wb.page.locator(`${row}.focused`).filter({ hasText: 'meta-llama/llama-3.3-70b-instruct' }).waitFor({ timeout: 10_000 });
  await wb.page.keyboard.press('Enter');

  const frame = await findWebviewFrame(wb.page, '#flashlight-composer-input', 30_000);
  const input = frame.locator('#flashlight-composer-input');
  await input.click();
  const wrote = await frame.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': new Blob([bytes], { type: 'image/png' }) })]);
    return 'ok';
  }, makePng(50, 40).toString('base64'));
  assert.equal(wrote, 'ok');
  await wb.page.keyboard.press('Control+V');
  await frame.locator('.composer-chips .chip img.chip-thumbnail').first().waitFor({ timeout: 30_000 });
  const before = chatRequests().length;
  const answered = await frame.locator('.turn-assistant').count();
  await input.click();
  await wb.page.keyboard.type('Read this?');
  await wb.page.keyboard.press('Enter');

  const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'does not take images' });
  await toast.waitFor({ timeout: 30_000 });
  assert.match(await toast.innerText(), /Llama 3\.3 70B Instruct/);
  await wb.page.waitForTimeout(1_000);
  assert.equal(chatRequests().length, before, 'nothing is sent before the user chooses');
  const shot = await screenshot(wb.page, 'images-text-only-warning');
  console.log(`screenshot: ${shot}`);

  fake.enqueue({ text: 'Gemini reads the image.' });
  await toast.getByRole('button', { name: 'Use Google: Gemini Flash Latest' }).click();
  await frame.locator('.turn-assistant').nth(answered).locator('.answer[data-state="done"]').waitFor({ timeout: 60_000 });
  const sent = chatRequests().at(-1)!.body;
  assert.equal(sent.model, '~google/gemini-flash-latest');
  assert.deepEqual(pngSizeOfDataUrl(lastImageUrls()[0]), { width: 50, height: 40 });
});
