// A compromised webview answering `shrinkImage` (or pasting an image) must not choose where a file
// is written or what is stored: the format comes from the returned bytes, file names from a fixed
// table, sizes and the thumbnail are checked against the image itself, and anything else is
// refused with a sentence saying why. Under Windows path rules too: a backslash is a separator
// there, so the file-naming function is checked with both path.posix and path.win32.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { imageFilePath, ImageVault } from '../../src/core/images/imageVault';
import { imageLimits } from '../../src/core/images/limits';
import { preparePastedImage } from '../../src/core/images/pastedImage';
import { prepareImage, type Prepared } from '../../src/core/images/prepareImage';
import type { ShrinkOutcome } from '../../src/core/images/shrinkRequests';
import type { ImageChip, ShrunkImage } from '../../src/protocol';
import { makePng } from '../images/makePng';

// webviewMessages.ts imports `vscode` for its link and clipboard glue; its validator needs none of it.
const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? {} : load.call(this, request, ...rest);
};
const { isWebviewMessage } = require('../../src/host/views/webviewMessages') as typeof import('../../src/host/views/webviewMessages');

const be16 = (n: number) => [n >> 8, n & 0xff];
const jpegOf = (width: number, height: number) =>
  Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    ...be16(16),
    ...Buffer.from('JFIF'),
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    0xc0,
    ...be16(17),
    8,
    ...be16(height),
    ...be16(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
const dataUrl = (mimeType: string, bytes: Buffer) => `data:${mimeType};base64,${bytes.toString('base64')}`;
const thumbnail = dataUrl('image/png', makePng(96, 72));

const hostileTypes = [
  'image/..\\..\\evil',
  'image/\\..\\..\\..\\..\\evil',
  'image/x\\..\\..\\..\\..\\..\\Windows\\evil.dll',
  'image/../../../evil',
  'image/png/../../../evil',
  'image/C:\\evil',
  'image/',
  '',
  'image/svg+xml',
  'IMAGE/PNG',
  'image/png ',
];

/** The source image: a 4032×3024 PNG, as a phone screenshot would be. */
const original = makePng(4032, 3024);

/** A reply as a well-behaved webview sends it, with `change` applied. */
function reply(change: Partial<Extract<ShrunkImage, { ok: true }>> = {}): Extract<ShrunkImage, { ok: true }> {
  return {
    type: 'shrunkImage',
    shrinkId: 's-1',
    ok: true,
    mimeType: 'image/jpeg',
    base64: jpegOf(2048, 1536).toString('base64'),
    width: 2048,
    height: 1536,
    originalWidth: 4032,
    originalHeight: 3024,
    thumbnail,
    ...change,
  };
}

function prepareWith(answer: Extract<ShrunkImage, { ok: true }>): Promise<Prepared> {
  return prepareImage('screenshot.png', original, async (): Promise<ShrinkOutcome> => answer);
}

function refusal(prepared: Prepared): string {
  assert.equal(prepared.ok, false, 'the image must be refused');
  return (prepared as { message: string }).message;
}

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, join(entry.parentPath, entry.name)));
}

describe('stored image file names', () => {
  const directories = {
    posix: '/home/u/.config/Code/User/globalStorage/flashlight/chats/images/conv-1',
    win32: 'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\flashlight\\chats\\images\\conv-1',
  };

  for (const flavour of ['posix', 'win32'] as const) {
    const paths = path[flavour];
    const directory = directories[flavour];

    test(`${flavour}: a hostile type never names a file outside the conversation's image folder`, () => {
      for (const mimeType of hostileTypes) {
        const file = imageFilePath(directory, 'chip-1', mimeType, paths);
        assert.equal(file, undefined, `${JSON.stringify(mimeType)} names no file (got ${file})`);
        const viaVault = new ImageVault(() => directory, paths).fileFor('conv-1', { id: 'chip-1', name: 'x', mimeType, thumbnail, bytes: 1 });
        if (viaVault !== undefined) assert.equal(paths.dirname(viaVault), directory, `${JSON.stringify(mimeType)} stays in the folder (got ${viaVault})`);
        assert.equal(viaVault, undefined, `${JSON.stringify(mimeType)} names no file in the vault either`);
      }
    });

    test(`${flavour}: our four types get fixed extensions, directly in the folder; odd chip ids name nothing`, () => {
      const names = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'].map((mimeType) => imageFilePath(directory, 'chip-1', mimeType, paths));
      assert.deepEqual(
        names,
        ['png', 'jpg', 'webp', 'gif'].map((extension) => paths.join(directory, `chip-1.${extension}`)),
      );
      for (const id of ['..', '..\\..\\evil', '../evil', 'a/b', 'a\\b', 'C:', ''])
        assert.equal(imageFilePath(directory, id, 'image/png', paths), undefined, `chip id ${JSON.stringify(id)}`);
    });
  }

  test('on a real disk, a chip with a hostile type writes nothing at all', () => {
    const folder = mkdtempSync(join(tmpdir(), 'flashlight-hostile-'));
    folders.push(folder);
    const vault = new ImageVault((id) => join(folder, 'chats', 'images', id));
    for (const [index, mimeType] of hostileTypes.entries()) {
      const chip: ImageChip = { id: `chip-${index}`, name: 'x.png', mimeType, thumbnail, bytes: 1 };
      vault.hold(chip.id, { mimeType, base64: makePng(8, 8).toString('base64') });
      vault.read('conv-1', chip);
    }
    assert.deepEqual(filesUnder(folder), []);
  });
});

describe('the shrink reply is checked against its own bytes', () => {
  test('a hostile mimeType is ignored: the type, the chip and the file come from the bytes', async () => {
    for (const mimeType of hostileTypes) {
      const prepared = await prepareWith(reply({ mimeType }));
      assert.ok(prepared.ok, `a real JPEG under the type ${JSON.stringify(mimeType)} is still the JPEG it is`);
      assert.equal(prepared.image.chip.mimeType, 'image/jpeg');
      assert.equal(prepared.image.data.mimeType, 'image/jpeg');
    }
  });

  test('a lying format: PNG bytes said to be JPEG are stored and sent as PNG, in a .png file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'flashlight-lying-'));
    folders.push(folder);
    const prepared = await prepareWith(reply({ mimeType: 'image/jpeg', base64: makePng(2048, 1536).toString('base64') }));
    assert.ok(prepared.ok);
    assert.equal(prepared.image.chip.mimeType, 'image/png');
    const vault = new ImageVault((id) => join(folder, id));
    vault.hold(prepared.image.chip.id, prepared.image.data);
    assert.equal(vault.read('conv-1', prepared.image.chip)?.mimeType, 'image/png');
    assert.deepEqual(filesUnder(folder), [join('conv-1', `${prepared.image.chip.id}.png`)]);
  });

  test('bytes that are not an image, or not valid base64, or too many, are refused with the reason', async () => {
    assert.match(
      refusal(await prepareWith(reply({ base64: Buffer.from('MZ this is a Windows program, not an image').toString('base64') }))),
      /^screenshot\.png was refused: the view that prepared it returned bytes that are not a PNG\/JPEG\/WebP\/GIF image; nothing was sent or written\.$/,
    );
    assert.match(refusal(await prepareWith(reply({ base64: '' }))), /not a PNG\/JPEG\/WebP\/GIF image/);
    assert.match(refusal(await prepareWith(reply({ base64: `!!${jpegOf(2048, 1536).toString('base64')}` }))), /not valid base64/);
    const huge = Buffer.alloc(imageLimits.maxBytes + 1);
    jpegOf(2048, 1536).copy(huge);
    assert.match(refusal(await prepareWith(reply({ base64: huge.toString('base64') }))), /returned more than 4\.0 MB/);
  });

  test('sizes must be sane and match the bytes and the original file (a quarter turn allowed: EXIF)', async () => {
    for (const change of [
      { width: 2000 },
      { height: 1 },
      { originalWidth: 4000 },
      { originalHeight: 1 },
      { width: Number.NaN },
      { width: -2048 },
      { width: 2048.5 },
      { originalWidth: 1e12 },
      { width: 1e9, height: 1e9 },
    ]) {
      assert.match(refusal(await prepareWith(reply(change))), /was refused: the view that prepared it returned .*size|larger than/, JSON.stringify(change));
    }
    const turned = await prepareWith(
      reply({ base64: jpegOf(1536, 2048).toString('base64'), width: 1536, height: 2048, originalWidth: 3024, originalHeight: 4032 }),
    );
    assert.ok(turned.ok, 'a portrait photo the browser turned upright is accepted');
    assert.deepEqual([turned.image.chip.width, turned.image.chip.height], [1536, 2048]);
  });

  test('the thumbnail must be a small PNG/JPEG/WebP/GIF data: URL whose bytes are what it says', async () => {
    const bad = [
      'javascript:alert(1)',
      'https://attacker.example/pixel.png',
      `data:image/svg+xml;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`,
      dataUrl('text/html', Buffer.from('<script>alert(1)</script>')),
      dataUrl('image/png', jpegOf(96, 72)), // says PNG, is JPEG
      dataUrl('image/png', Buffer.from('not an image')),
      dataUrl('image/png', makePng(2048, 1536)), // not a thumbnail
      `${thumbnail}"><img src=x onerror=alert(1)>`,
      `data:image/png;base64,${'A'.repeat(imageLimits.thumbnailMaxChars)}`,
    ];
    for (const each of bad)
      assert.match(refusal(await prepareWith(reply({ thumbnail: each }))), /a thumbnail that is not a small PNG\/JPEG\/WebP\/GIF data: URL/, each.slice(0, 60));
    assert.ok((await prepareWith(reply({ thumbnail: dataUrl('image/jpeg', jpegOf(96, 72)) }))).ok);
  });
});

describe('a pasted image', () => {
  const echo = async (image: { mimeType: string; base64: string }): Promise<ShrinkOutcome> => ({
    type: 'shrunkImage',
    shrinkId: 'p',
    ok: true,
    ...image,
    width: 64,
    height: 48,
    originalWidth: 64,
    originalHeight: 48,
    thumbnail,
  });
  const png = makePng(64, 48).toString('base64');

  test('its MIME type is ignored: the webview is asked about, and the chip holds, the format of the bytes', async () => {
    let asked: string | undefined;
    const prepared = await preparePastedImage({ name: 'shot.png', mimeType: 'image/..\\..\\evil', base64: png }, async (image) => {
      asked = image.mimeType;
      return echo(image);
    });
    assert.equal(asked, 'image/png');
    assert.ok(prepared.ok);
    assert.equal(prepared.image.chip.mimeType, 'image/png');
  });

  test('bytes that are not an image are refused, whatever the type says; the name is cut to a plain label', async () => {
    const text = await preparePastedImage(
      { name: 'C:\\Users\\me\\..\\evil\u0007.png', mimeType: 'image/png', base64: Buffer.from('plain text').toString('base64') },
      echo,
    );
    assert.equal(refusal(text), 'evil.png is not a PNG/JPEG/WebP/GIF image (or is damaged); nothing was sent.');
    const long = await preparePastedImage({ name: `${'x'.repeat(5000)}.png`, mimeType: 'image/png', base64: png }, echo);
    assert.ok(long.ok);
    assert.equal(long.image.chip.name.length, imageLimits.maxNameChars);
  });

  test('text longer than a 40 MB image is refused before it is decoded', async () => {
    const message = refusal(
      await preparePastedImage({ name: 'big.png', mimeType: 'image/png', base64: 'A'.repeat(Math.ceil((imageLimits.maxFileBytes + 3) / 3) * 4) }, echo),
    );
    assert.equal(message, 'big.png is over the 40.0 MB limit for images; nothing was sent.');
  });
});

describe('the shrinkImage reply’s shape', () => {
  test('every size is a number, the failure reason one of ours; otherwise the message is dropped', () => {
    assert.equal(isWebviewMessage(reply()), true);
    const { originalWidth: _dropped, ...noOriginal } = reply();
    void _dropped;
    assert.equal(isWebviewMessage(noOriginal), false, 'originalWidth missing');
    assert.equal(isWebviewMessage({ ...reply(), originalHeight: '3024' }), false, 'a size as text');
    assert.equal(isWebviewMessage({ ...reply(), width: Number.POSITIVE_INFINITY }), false);
    assert.equal(isWebviewMessage({ ...reply(), shrinkId: 'x'.repeat(10_000) }), false);
    assert.equal(isWebviewMessage({ type: 'shrunkImage', shrinkId: 's', ok: false, reason: 'decode' }), true);
    assert.equal(isWebviewMessage({ type: 'shrunkImage', shrinkId: 's', ok: false, reason: '<img src=x onerror=alert(1)>' }), false);
    assert.equal(isWebviewMessage({ type: 'pasteImage', name: 'a.png', mimeType: 'image/png', base64: 'AAAA' }), true);
    assert.equal(isWebviewMessage({ type: 'pasteImage', name: 'a.png', base64: 'AAAA' }), false);
  });
});
