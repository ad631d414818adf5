// Explain, written once (core/explain/explainRun.ts): what Explain Selection, the lightbulb's
// Explain and Explain Screenshot send, and how the same question reads in the chat; and the one
// decision of where an answer goes (core/answers/answerRouter.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerRouter } from '../../src/core/answers/answerRouter';
import type { AnswerRun } from '../../src/core/answers/answers';
import { explainRun } from '../../src/core/explain/explainRun';
import type { ImageChip } from '../../src/protocol';

const settings = { model: 'google/gemini-2.5-flash', fallbackModels: ['google/gemini-2.0-flash-001'], temperature: 0.2, maxTokens: 900 };
const context = {
  code: 'const cfg = parseConfig(raw);\nreturn merge(cfg, defaults);',
  languageId: 'typescript',
  fileName: 'src/config.ts',
  startLine: 3,
  endLine: 4,
};
const image = {
  name: 'error.png',
  data: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
  chip: {
    id: 'img-1',
    name: 'error.png',
    mimeType: 'image/png',
    thumbnail: 'data:image/png;base64,AAAA',
    bytes: 8,
    note: 'shrunk from 4000×3000',
  } satisfies ImageChip,
};

function run(result: ReturnType<typeof explainRun>): AnswerRun {
  assert.ok('run' in result, `refused: ${'refused' in result ? result.refused : ''}`);
  return result.run;
}

test('code: the request carries the settings and the fenced code; the chat asks "Explain this code." with the code as a chip', () => {
  const built = run(explainRun({ context }, settings));
  assert.equal(built.request.model, 'google/gemini-2.5-flash');
  assert.deepEqual(built.request.fallbackModels, ['google/gemini-2.0-flash-001']);
  assert.equal(built.request.temperature, 0.2);
  assert.equal(built.request.maxTokens, 900);
  const user = built.request.messages.find((message) => message.role === 'user');
  assert.match(String(user?.content), /```typescript\nconst cfg = parseConfig\(raw\);\nreturn merge\(cfg, defaults\);\n```/);
  assert.match(String(user?.content), /src\/config\.ts lines 3–4/);
  assert.deepEqual(built.question, { title: 'Explain', file: 'src/config.ts', lines: '3–4', language: 'typescript', excerpt: context.code, note: undefined });
  assert.equal(built.chat.text, 'Explain this code.');
  assert.equal(built.chat.contexts.length, 1);
  assert.equal(built.chat.contexts[0].code, context.code);
  assert.equal(built.chat.contexts[0].label, 'config.ts:3–4');
  assert.deepEqual(built.images, []);
});

test('a note (the enclosing block was used) is said in the header and in the chat question', () => {
  const built = run(explainRun({ context, note: 'No selection: used the enclosing block' }, settings));
  assert.equal(built.question.note, 'No selection: used the enclosing block');
  assert.equal(built.chat.text, 'Explain this code. (No selection: used the enclosing block)');
});

test('a screenshot alone: an image part on the wire, the chat question names the image, the bytes go with the run', () => {
  const built = run(explainRun({ image }, settings));
  const user = built.request.messages.find((message) => message.role === 'user');
  assert.ok(Array.isArray(user?.content));
  assert.deepEqual(
    (user.content as Array<{ type: string }>).map((part) => part.type),
    ['text', 'image_url'],
  );
  assert.equal(built.question.title, 'Explain screenshot');
  assert.equal(built.question.imageCount, 1);
  assert.equal(built.question.note, 'error.png shrunk from 4000×3000');
  assert.equal(built.chat.text, 'Explain what this image shows. If it is an error, say what causes it and how to fix it.');
  assert.deepEqual(built.chat.images, [image.chip]);
  assert.deepEqual(built.images, [{ chipId: 'img-1', data: image.data }]);
});

test('a screenshot with code: both on the wire, explained together', () => {
  const built = run(explainRun({ context, image }, settings));
  assert.match(JSON.stringify(built.request.messages), /explain them together/);
  assert.equal(built.chat.text, 'Explain this image together with the attached code.');
  assert.equal(built.chat.contexts.length, 1);
  assert.equal(built.question.note, 'With error.png; error.png shrunk from 4000×3000');
});

test('blank, binary and oversized code is refused with a message, and nothing is built to send', () => {
  assert.deepEqual(explainRun({ context: { ...context, code: '  \n ' } }, settings), {
    refused: 'Flashlight: nothing to explain here. Select some code, or put the cursor inside a block.',
  });
  assert.deepEqual(explainRun({ context: { ...context, code: 'PK\u0003\u0004\u0000\u0000' } }, settings), {
    refused: 'Flashlight: this looks like a binary file, so nothing was sent.',
  });
  const huge = explainRun({ context: { ...context, code: 'x'.repeat(400_000) } }, { ...settings, contextLength: 50_000 });
  assert.ok('refused' in huge);
  assert.match(huge.refused, /Nothing was sent/);
});

test('the router: the panel by default, the chat (with the image bytes held first) when answers go to the chat', async () => {
  const calls: string[] = [];
  const panel = { ask: (built: AnswerRun) => Promise.resolve(void calls.push(`panel ${built.question.title}`)) };
  const chat = {
    reveal: () => Promise.resolve(void calls.push('reveal chat')),
    holdImage: (chipId: string) => void calls.push(`hold ${chipId}`),
    ask: (text: string) => Promise.resolve(void calls.push(`chat ${text}`)),
  };
  let destination: 'panel' | 'chat' = 'panel';
  const router = new AnswerRouter(() => destination, panel, chat);
  await router.ask(run(explainRun({ image }, settings)));
  destination = 'chat';
  await router.ask(run(explainRun({ image }, settings)));
  assert.deepEqual(calls, [
    'panel Explain screenshot',
    'hold img-1',
    'reveal chat',
    'chat Explain what this image shows. If it is an error, say what causes it and how to fix it.',
  ]);
});

test('the router prepares the panel for a question on its way, and nothing when answers go to the chat', () => {
  const calls: string[] = [];
  const panel = { ask: () => Promise.resolve(), prepare: () => void calls.push('prepare panel') };
  const chat = { reveal: () => Promise.resolve(void calls.push('reveal chat')), holdImage() {}, ask: () => Promise.resolve() };
  let destination: 'panel' | 'chat' = 'panel';
  const router = new AnswerRouter(() => destination, panel, chat);
  router.prepare();
  destination = 'chat';
  router.prepare();
  assert.deepEqual(calls, ['prepare panel']);
});
