// The image header reader and the checks before anything is sent: each format's signature and
// size, truncated and lying files, the 40 MB refusal, what the chip says after a shrink, and the
// request/response with the webview.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImage, readImageInfo } from '../../src/core/images/imageInfo';
import { imageLimits } from '../../src/core/images/limits';
import { prepareImage } from '../../src/core/images/prepareImage';
import { ShrinkRequests, type ShrinkOutcome } from '../../src/core/images/shrinkRequests';
import { makePng } from '../images/makePng';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'images');
const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part)));
const le16 = (n: number) => [n & 0xff, n >> 8];
const be16 = (n: number) => [n >> 8, n & 0xff];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];

const gif = bytes('GIF89a', le16(320), le16(200), [0xf7, 0, 0], [0x3b]);
// SOI, an APP0 (JFIF) segment, then SOF0 with the height and width.
const jpegOf = (width: number, height: number) =>
  bytes(
    [0xff, 0xd8],
    [0xff, 0xe0],
    be16(16),
    'JFIF',
    [0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xc0],
    be16(17),
    [8],
    be16(height),
    be16(width),
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
  );
const jpeg = jpegOf(4032, 3024);
/** A thumbnail as the webview draws one: a real image no larger than 96 pixels. */
const thumbnail = `data:image/png;base64,${makePng(96, 72).toString('base64')}`;
const webpLossy = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8 ', [0, 0, 0, 0], [0, 0, 0], [0x9d, 0x01, 0x2a], le16(640), le16(480));
// VP8L: signature 0x2f, then (width-1) and (height-1) in 14 bits each, little-endian.
const lossless = (width: number, height: number) => {
  const bits = (width - 1) | ((height - 1) << 14);
  return bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8L', [0, 0, 0, 0], [0x2f], [bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
};
const webpExtended = bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0], [0x10, 0, 0, 0], le24(1919), le24(1079));

describe('image headers', () => {
  test('PNG: the committed fixture and a generated one', () => {
    assert.deepEqual(readImageInfo(readFileSync(join(fixtures, 'red-blue-64x48.png'))), { format: 'png', mimeType: 'image/png', width: 64, height: 48 });
    assert.deepEqual(readImageInfo(makePng(4032, 3)), { format: 'png', mimeType: 'image/png', width: 4032, height: 3 });
  });

  test('JPEG: size from the first frame header, after an APP segment', () => {
    assert.deepEqual(readImageInfo(jpeg), { format: 'jpeg', mimeType: 'image/jpeg', width: 4032, height: 3024 });
  });

  test('GIF, and WebP in its three forms', () => {
    assert.deepEqual(readImageInfo(gif), { format: 'gif', mimeType: 'image/gif', width: 320, height: 200 });
    assert.deepEqual(readImageInfo(webpLossy), { format: 'webp', mimeType: 'image/webp', width: 640, height: 480 });
    assert.deepEqual(readImageInfo(lossless(1000, 700)), { format: 'webp', mimeType: 'image/webp', width: 1000, height: 700 });
    assert.deepEqual(readImageInfo(webpExtended), { format: 'webp', mimeType: 'image/webp', width: 1920, height: 1080 });
  });

  test('a truncated header of each format is refused', () => {
    const png = makePng(10, 10);
    // Each cut just before the last byte its size needs (PNG: before IHDR's CRC).
    for (const [whole, keep] of [
      [png, 30],
      [jpeg, 24],
      [gif, 9],
      [webpLossy, 29],
      [lossless(5, 5), 24],
      [webpExtended, 29],
    ] as const) {
      assert.ok(readImageInfo(whole), 'whole header reads');
      assert.equal(readImageInfo(whole.subarray(0, keep)), undefined, `cut to ${keep} bytes`);
    }
    assert.equal(readImageInfo(new Uint8Array()), undefined);
  });

  test('corrupt headers: zero size, no IHDR first, JPEG data before any frame', () => {
    const png = Buffer.from(makePng(10, 10));
    png.writeUInt32BE(0, 16);
    assert.equal(readImageInfo(png), undefined);
    const renamed = Buffer.from(makePng(10, 10));
    renamed.write('IDAT', 12, 'latin1');
    assert.equal(readImageInfo(renamed), undefined);
    assert.equal(readImageInfo(bytes([0xff, 0xd8, 0xff, 0xda], be16(8), [1, 2, 3, 4, 5, 6])), undefined);
  });

  test('a text file named .png, and JPEG bytes named .png, are refused with a clear message', () => {
    const text = checkImage(readFileSync(join(fixtures, 'not-an-image.png')), 'not-an-image.png');
    assert.deepEqual(text, { ok: false, reason: 'not-an-image.png is not a PNG/JPEG/WebP/GIF image (or is damaged); nothing was sent.' });
    const lying = checkImage(jpeg, 'photo.png');
    assert.equal(lying.ok, false);
    assert.match((lying as { reason: string }).reason, /^photo\.png is not a PNG image \(its bytes are JPEG.*nothing was sent\.$/);
    assert.equal(checkImage(jpeg, 'photo.JPEG').ok, true);
    assert.equal(checkImage(jpeg, 'pasted image').ok, true, 'a name without an extension claims nothing');
  });
});

describe('preparing an image', () => {
  const png = makePng(4032, 3024);
  const neverCalled = async (): Promise<ShrinkOutcome> => assert.fail('nothing may reach the webview');

  test('over 40 MB is refused before anything else, and nothing reaches the webview', async () => {
    const huge = new Uint8Array(imageLimits.maxFileBytes + 1);
    huge.set(png.subarray(0, 64));
    const result = await prepareImage('huge.png', huge, neverCalled);
    assert.deepEqual(result, { ok: false, message: 'huge.png is 40.0 MB, over the 40.0 MB limit for images; nothing was sent.' });
  });

  test('not an image: refused before the webview', async () => {
    const result = await prepareImage('notes.gif', bytes('hello world, not a gif'), neverCalled);
    assert.equal(result.ok, false);
  });

  test('the webview gets the checked type and the bytes; a shrink is noted on the chip', async () => {
    let asked: { mimeType: string; base64: string } | undefined;
    const shrunk = Buffer.from(jpegOf(2048, 1536)).toString('base64');
    const result = await prepareImage('IMG_0001.png', png, async (image) => {
      asked = image;
      return {
        type: 'shrunkImage',
        shrinkId: 'x',
        ok: true,
        mimeType: 'image/jpeg',
        base64: shrunk,
        width: 2048,
        height: 1536,
        originalWidth: 4032,
        originalHeight: 3024,
        thumbnail,
      };
    });
    assert.equal(asked?.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(asked.base64, 'base64'), Buffer.from(png));
    assert.ok(result.ok);
    assert.equal(result.image.chip.note, 'shrunk from 4032×3024');
    assert.deepEqual([result.image.chip.width, result.image.chip.height, result.image.chip.mimeType], [2048, 1536, 'image/jpeg']);
    assert.deepEqual(result.image.data, { mimeType: 'image/jpeg', base64: shrunk });
  });

  test('an image within the caps goes as it is, with no note', async () => {
    const small = makePng(64, 48);
    const base64 = Buffer.from(small).toString('base64');
    const result = await prepareImage('small.png', small, async (image) => ({
      type: 'shrunkImage',
      shrinkId: 'x',
      ok: true,
      ...image,
      width: 64,
      height: 48,
      originalWidth: 64,
      originalHeight: 48,
      thumbnail,
    }));
    assert.ok(result.ok);
    assert.equal(result.image.chip.note, undefined);
    assert.equal(result.image.data.base64, base64);
  });

  test('a decode failure in the browser means damaged; too big to shrink and no answer are said so', async () => {
    const decode = await prepareImage('broken.png', png, async () => ({ ok: false, reason: 'decode' }));
    assert.deepEqual(decode, { ok: false, message: 'broken.png is not a PNG/JPEG/WebP/GIF image (or is damaged); nothing was sent.' });
    const tooLarge = await prepareImage('noise.png', png, async () => ({ ok: false, reason: 'tooLarge' }));
    assert.match((tooLarge as { message: string }).message, /could not be shrunk under 4\.0 MB; nothing was sent/);
    const timeout = await prepareImage('slow.png', png, async () => ({ ok: false, reason: 'timeout' }));
    assert.match((timeout as { message: string }).message, /could not be prepared in time/);
  });
});

describe('shrink requests', () => {
  test('the answer with the request id resolves it; a stranger id is ignored; the caps travel with it', async () => {
    const requests = new ShrinkRequests();
    const posted: unknown[] = [];
    const pending = requests.request((message) => posted.push(message), { mimeType: 'image/png', base64: 'AAAA' });
    const sent = posted[0] as { shrinkId: string; maxSide: number; maxBytes: number; thumbnailSide: number };
    assert.deepEqual([sent.maxSide, sent.maxBytes, sent.thumbnailSide], [2048, 4 * 1024 * 1024, 96]);
    requests.settle({ type: 'shrunkImage', shrinkId: 'someone-else', ok: false, reason: 'decode' });
    requests.settle({ type: 'shrunkImage', shrinkId: sent.shrinkId, ok: false, reason: 'tooLarge' });
    assert.deepEqual(await pending, { ok: false, reason: 'tooLarge' });
  });

  test('no answer in time is a timeout', async () => {
    const outcome = await new ShrinkRequests().request(() => undefined, { mimeType: 'image/png', base64: 'AAAA' }, 30);
    assert.deepEqual(outcome, { ok: false, reason: 'timeout' });
  });
});
