// The offline try-out's answers (`bash .ci/launch --fake`): instead of one fixed sentence, the fake
// answers each request the way Gemini Flash would shape it, from what the request carries. An
// Explain or a chat question gets Markdown with headings, a list and a code block in the
// selection's language quoting the selected code; a Fix, Document, Simplify or Write Tests gets one
// fenced block and a "Why:" line, the format the edit prompts ask for; an image gets its format and
// size, read from its data URL. The pace is a real model's: the first token after ~300 ms, then
// ~200 tokens a second, with a short thought first on a model that thinks. Nothing here is a model:
// the few "bugs" it finds are fixed patterns, and every explanation says it is the try-out.
// Pure: the request body in, a Scenario out. The tests never see it (it is opt-in: server.ts's
// `tryout` option, cli.ts's --tryout, launch.js's --fake).

import type { Scenario } from './scenario';

/** A real Flash's time to first token, and its pace: 16 characters (about 4 tokens) every 20 ms. */
export const TRYOUT_FIRST_TOKEN_MS = 300;
export const TRYOUT_CHUNK_CHARS = 16;
export const TRYOUT_CHUNK_DELAY_MS = 20;

export type TryoutKind = 'explain' | 'fix' | 'document' | 'simplify' | 'tests' | 'image' | 'chat';

export interface ImageFacts {
  format: string; // "PNG", "JPEG", … or the MIME type when unknown
  mimeType: string;
  bytes: number;
  width?: number;
  height?: number;
}

export interface TryoutRequest {
  kind: TryoutKind;
  /** The selection's language, from the fence the prompt put it in ("" when there is no code). */
  language: string;
  code?: string;
  fileName?: string;
  startLine?: number;
  /** The chat question, without the attached code. */
  question: string;
  images: ImageFacts[];
  /** For Write Tests: where the tests go, and whether they are appended to an existing file. */
  testFileName?: string;
  appendTests?: boolean;
}

type Part = { type?: unknown; text?: unknown; image_url?: { url?: unknown } };

/** The text and the image URLs of the last user message. */
function lastUserMessage(body: Record<string, unknown>): { text: string; imageUrls: string[] } {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const last = [...messages].reverse().find((m) => m && m.role === 'user');
  if (!last) return { text: typeof body.prompt === 'string' ? body.prompt : '', imageUrls: [] };
  if (typeof last.content === 'string') return { text: last.content, imageUrls: [] };
  const parts = Array.isArray(last.content) ? (last.content as Part[]) : [];
  return {
    text: parts
      .filter((p) => p && p.type === 'text' && typeof p.text === 'string')
      .map((p) => p.text as string)
      .join('\n\n'),
    imageUrls: parts.filter((p) => p && p.type === 'image_url' && typeof p.image_url?.url === 'string').map((p) => p.image_url!.url as string),
  };
}

/** The first fenced block (the prompts fence code with more backticks than it holds, so the closing fence matches the opening one). */
function firstFence(text: string): { language: string; code: string; start: number; end: number } | undefined {
  const match = /^(`{3,})([^\s`]*)[ \t]*\n([\s\S]*?)\n?\1[ \t]*$/m.exec(text);
  if (!match) return undefined;
  return { language: match[2], code: match[3], start: match.index, end: match.index + match[0].length };
}

export function readTryoutRequest(body: Record<string, unknown>): TryoutRequest {
  const { text, imageUrls } = lastUserMessage(body);
  const fence = firstFence(text);
  const location = /[Ff]rom (\S+?)(?: lines? (\d+)(?:–\d+)?)?[:,]/.exec(text); // Explain's "from", the chat's "From"
  const base: TryoutRequest = {
    kind: 'chat',
    language: fence?.language ?? '',
    code: fence?.code,
    fileName: location?.[1],
    startLine: location?.[2] ? Number(location[2]) : undefined,
    question: fence ? (text.slice(0, fence.start).replace(/From \S+.*:\s*$/, '') + text.slice(fence.end)).trim() : text.trim(),
    images: imageUrls.map(imageFacts),
  };
  const editPrompt = text.includes('Reply in exactly this format');
  if (editPrompt && /^(Fix (this|these) problems?|Find and fix the bug)/.test(text)) return { ...base, kind: 'fix' };
  if (editPrompt && text.startsWith('Add documentation comments')) return { ...base, kind: 'document' };
  if (editPrompt && text.startsWith('Simplify this')) return { ...base, kind: 'simplify' };
  if (editPrompt && text.startsWith('Write unit tests')) {
    const appended = /appended to the end of the existing test file `([^`]+)`/.exec(text);
    const fresh = /They go in a new file, `([^`]+)`/.exec(text);
    return { ...base, kind: 'tests', testFileName: appended?.[1] ?? fresh?.[1], appendTests: !!appended };
  }
  if (text.startsWith('Explain this') && fence) return { ...base, kind: 'explain' };
  if (imageUrls.length > 0 && !fence) return { ...base, kind: 'image' };
  return base;
}

// ---- images ---------------------------------------------------------------------------------

const FORMATS: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/svg+xml': 'SVG',
  'image/bmp': 'BMP',
};

/** Format, byte size and, for PNG, GIF, JPEG and WebP, the pixel size, from a `data:` URL. */
export function imageFacts(url: string): ImageFacts {
  const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(url);
  if (!match) return { format: 'an image by URL', mimeType: 'unknown', bytes: 0 };
  const mimeType = match[1].toLowerCase();
  const data = match[2] ? Buffer.from(match[3], 'base64') : Buffer.from(decodeURIComponent(match[3]), 'utf8');
  return { format: FORMATS[mimeType] ?? mimeType, mimeType, bytes: data.length, ...pixelSize(data) };
}

function pixelSize(b: Buffer): { width?: number; height?: number } {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const kind = b.toString('latin1', 12, 16);
    if (kind === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    if (kind === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === 'VP8L') {
      const bits = b.readUInt32LE(21);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the JPEG segments to the first start-of-frame marker (SOF0..SOF15 but DHT, JPG, DAC).
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return {};
      const marker = b[i + 1];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      }
      i += 2 + b.readUInt16BE(i + 2);
    }
  }
  return {};
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function describeImage(image: ImageFacts): string {
  const size = image.width && image.height ? `${image.width} × ${image.height} pixels` : 'pixel size unknown';
  return `**${image.format}** image, ${size}, ${humanBytes(image.bytes)}`;
}

// ---- the code's "bugs" and edits ------------------------------------------------------------------

interface Rewrite {
  languages: RegExp;
  find: RegExp;
  replace: string;
  why: string;
}

/** The few slips the try-out can "spot": each a fixed pattern and its fix, not understanding. */
const FIXES: Rewrite[] = [
  {
    languages: /^(ts|typescript|tsx|js|javascript|jsx|typescriptreact|javascriptreact)$/,
    find: /<=\s*([\w.]+)\.length/,
    replace: '< $1.length',
    why: 'The loop runs one step past the end (`<=` against `.length`) and reads `undefined`; `<` stops at the last element.',
  },
  {
    languages: /^(ts|typescript|tsx|js|javascript|jsx|typescriptreact|javascriptreact)$/,
    find: /\+\s*String\((\w+)\)/,
    replace: '+ $1',
    why: 'Adding `String(...)` turns the sum into text; adding the number keeps the result a `number`.',
  },
  {
    languages: /^(ts|typescript|tsx|js|javascript|jsx|typescriptreact|javascriptreact)$/,
    find: /([^=!<>])==([^=])/,
    replace: '$1===$2',
    why: '`==` converts its operands before comparing; `===` compares them as they are.',
  },
  {
    languages: /^(py|python)$/,
    find: /^(\s*)return (.+) \/ len\((\w+)\)\s*$/m,
    replace: '$1return $2 / len($3) if $3 else 0.0',
    why: 'An empty list makes `len(...)` zero and the division raise `ZeroDivisionError`; return 0.0 for no values.',
  },
];

function applies(rule: Rewrite, language: string, code: string): boolean {
  return rule.languages.test(language.toLowerCase()) && rule.find.test(code);
}

/** The first known slip in the code, fixed, with its line (1-based, within the code) and why. */
export function tryoutFix(code: string, language: string): { code: string; why: string; line?: number } {
  const rule = FIXES.find((r) => applies(r, language, code));
  if (!rule) return { code, why: 'I found no bug here, so the code is unchanged. (The offline try-out only knows a few common slips.)' };
  const index = code.search(rule.find);
  return { code: code.replace(rule.find, rule.replace), why: rule.why, line: code.slice(0, index).split('\n').length };
}

const LINE_COMMENT: Record<string, string> = { python: '#', py: '#', shellscript: '#', ruby: '#', yaml: '#', perl: '#', r: '#', powershell: '#' };

function paramsOf(signature: string): string[] {
  const inside = /\(([^)]*)\)/.exec(signature)?.[1] ?? '';
  return inside
    .split(',')
    .map(
      (p) =>
        p
          .trim()
          .replace(/^\.\.\./, '')
          .split(/[:=?\s]/)[0],
    )
    .filter((p) => p && p !== 'self' && p !== 'cls');
}

const DECLARATION =
  /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?\s+(\w+)|def\s+(\w+)|class\s+(\w+)|func\s+(\w+)|fn\s+(\w+)|(?:const|let)\s+(\w+)\s*=\s*(?:async\s*)?\()/;

/** Each declaration gets a doc comment in the language's convention; no code line changes. */
export function tryoutDocument(code: string, language: string): string {
  const python = /^(py|python)$/i.test(language);
  const out: string[] = [];
  const lines = code.split('\n');
  lines.forEach((line, index) => {
    const m = DECLARATION.exec(line);
    const name = m && (m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7]);
    if (!m || !name) return void out.push(line);
    const indent = m[1];
    const params = m[4] ? [] : paramsOf(line);
    const summary = m[4] ? `The ${name} class.` : `${sentenceOf(name)}.`;
    if (python) {
      out.push(line);
      const bodyIndent = /^(\s*)/.exec(lines[index + 1] ?? '')?.[1] || `${indent}    `;
      const args = params.length ? `\n\n${bodyIndent}Args:\n${params.map((p) => `${bodyIndent}    ${p}: the ${p} to use.`).join('\n')}\n${bodyIndent}` : '';
      return void out.push(`${bodyIndent}"""${summary}${args}"""`);
    }
    const prefix = LINE_COMMENT[language.toLowerCase()];
    if (prefix) {
      out.push(`${indent}${prefix} ${summary}`, ...params.map((p) => `${indent}${prefix}   ${p}: the ${p} to use.`), line);
      return;
    }
    out.push(`${indent}/**`, `${indent} * ${summary}`, ...params.map((p) => `${indent} * @param ${p} The ${p} to use.`), `${indent} */`, line);
  });
  return out.join('\n');
}

/** "sumValues" -> "Sum values", "is_low" -> "Is low". */
function sentenceOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A counting loop that sums an array becomes a reduce; otherwise the code is returned as it is. */
export function tryoutSimplify(code: string, language: string): { code: string; why: string } {
  if (/^(ts|typescript|tsx|js|javascript|jsx|typescriptreact|javascriptreact)$/i.test(language)) {
    const loop = /^(\s*)let (\w+)(: number)? = 0;\n\s*for \(let (\w+) = 0; \4 <=? (\w+)\.length; \4\+\+\) \{\n\s*\2 \+= \5\[\4\];\n\s*\}\n(\s*)return \2;/m;
    if (loop.test(code)) {
      return {
        code: code.replace(loop, '$1return $5.reduce((total, value) => total + value, 0);'),
        why: 'A `reduce` says "add them up" in one line, and has no index to get wrong.',
      };
    }
  }
  return { code, why: 'It is already about as short as it can be while staying clear, so nothing changed.' };
}

function functionNames(code: string): string[] {
  const names: string[] = [];
  for (const line of code.split('\n')) {
    const m = DECLARATION.exec(line);
    const name = m && (m[2] ?? m[3] ?? m[5] ?? m[6] ?? m[7]);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function relativeImport(from: string | undefined, to: string | undefined): string {
  if (!to) return './module';
  const a = (from ?? '').split('/').slice(0, -1);
  const b = to.replace(/\.(ts|tsx|js|jsx|mjs|cjs)$/, '').split('/');
  let same = 0;
  while (same < a.length && same < b.length - 1 && a[same] === b[same]) same++;
  const up = a.length - same;
  const rest = b.slice(same).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/** A small test file (or the tests to append) naming each function of the selection. */
export function tryoutTests(request: TryoutRequest): string {
  const names = functionNames(request.code ?? '');
  const subjects = names.length ? names : ['theCode'];
  if (/^(py|python)$/i.test(request.language)) {
    const module = (request.fileName ?? 'module.py').split('/').pop()!.replace(/\.py$/, '');
    const head = request.appendTests ? [] : ['import unittest', '', `from ${module} import ${subjects.join(', ')}`, '', ''];
    const cases = subjects.map((n) =>
      [`class Test${sentenceOf(n).replace(/\s/g, '')}(unittest.TestCase):`, `    def test_is_callable(self):`, `        self.assertTrue(callable(${n}))`].join(
        '\n',
      ),
    );
    return [...head, cases.join('\n\n\n'), ...(request.appendTests ? [] : ['', '', "if __name__ == '__main__':", '    unittest.main()'])].join('\n');
  }
  const head = request.appendTests
    ? []
    : [
        "import { test } from 'node:test';",
        "import * as assert from 'node:assert/strict';",
        `import { ${subjects.join(', ')} } from '${relativeImport(request.testFileName, request.fileName)}';`,
        '',
      ];
  const cases = subjects.map((n) => [`test('${n} is a function', () => {`, `  assert.equal(typeof ${n}, 'function');`, '});'].join('\n'));
  return [...head, cases.join('\n\n')].join('\n');
}

// ---- whole answers --------------------------------------------------------------------------------

const TRYOUT_NOTE =
  '_This is the offline try-out: the local fake OpenRouter built this answer from your request. With an OpenRouter key, Gemini Flash answers here._';

function fence(code: string, language: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`{3,}/g), (m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return `${bar}${language}\n${code}\n${bar}`;
}

function where(request: TryoutRequest): string {
  if (!request.fileName) return 'the selection';
  return request.startLine ? `\`${request.fileName}\` (from line ${request.startLine})` : `\`${request.fileName}\``;
}

function explainCode(request: TryoutRequest, heading: string): string {
  const code = request.code ?? '';
  const lines = code.split('\n').filter((l) => l.trim());
  const names = functionNames(code);
  const fix = tryoutFix(code, request.language);
  const steps = lines.slice(0, 4).map((line, i) => `${i + 1}. \`${line.trim().replace(/`/g, "'")}\``);
  return [
    `## ${heading}`,
    `${lines.length} line${lines.length === 1 ? '' : 's'} of ${request.language || 'code'} from ${where(request)}${names.length ? `, defining ${names.map((n) => `\`${n}\``).join(', ')}` : ''}.`,
    '### Step by step',
    [...steps, ...(lines.length > 4 ? [`${steps.length + 1}. …and ${lines.length - 4} more line${lines.length - 4 === 1 ? '' : 's'}.`] : [])].join('\n'),
    '### The code',
    fence(code, request.language),
    '### Worth a look',
    fix.line !== undefined
      ? `- **Line ${(request.startLine ?? 1) + fix.line - 1}:** ${fix.why}\n- Run **Fix Code** from the lightbulb to get that change as a diff.`
      : '- Nothing stands out.\n- **Document Code**, **Simplify Code** and **Write Tests** are in the lightbulb menu.',
    TRYOUT_NOTE,
  ].join('\n\n');
}

function imageAnswer(request: TryoutRequest): string {
  return [
    '## The image',
    request.images.map((image) => `- ${describeImage(image)}`).join('\n'),
    '### What I can tell you offline',
    'The try-out reads only the image’s header, not its pixels: with an OpenRouter key, Gemini Flash describes what the picture shows and, for an error, what causes it.',
    TRYOUT_NOTE,
  ].join('\n\n');
}

function chatAnswer(request: TryoutRequest): string {
  if (request.code !== undefined)
    return explainCode(request, request.question ? `About “${request.question.split('\n')[0].slice(0, 60)}”` : 'About the attached code');
  const asked = request.question.split('\n')[0].slice(0, 80);
  return [
    `## ${asked ? `“${asked}”` : 'Hello'}`,
    'The try-out cannot think, but it can show what Flashlight does:',
    [
      '- **Explain Selection**: select code and run it from the palette or the editor’s context menu.',
      '- **Add Selection to Chat**: attach code to your next question, as a chip above the box.',
      '- **Fix Code**, **Document Code**, **Simplify Code**, **Write Tests**: from the lightbulb, as a diff you accept or reject.',
      '- **Explain Screenshot…**: drop in an image.',
    ].join('\n'),
    '### For example',
    fence(
      `// Select these lines, then run "Flashlight: Explain Selection"\nexport function add(a: number, b: number): number {\n  return a + b;\n}`,
      'typescript',
    ),
    TRYOUT_NOTE,
  ].join('\n\n');
}

function editAnswer(code: string, language: string, why: string): string {
  return `${fence(code, language)}\nWhy: ${why}`;
}

export function tryoutText(request: TryoutRequest): string {
  const code = request.code ?? '';
  switch (request.kind) {
    case 'explain':
      return explainCode(request, `What ${functionNames(code)[0] ? `\`${functionNames(code)[0]}\`` : 'this code'} does`);
    case 'fix': {
      const fix = tryoutFix(code, request.language);
      return editAnswer(fix.code, request.language, fix.why);
    }
    case 'document':
      return editAnswer(
        tryoutDocument(code, request.language),
        request.language,
        'Added a documentation comment to each declaration; the code itself is unchanged.',
      );
    case 'simplify': {
      const simpler = tryoutSimplify(code, request.language);
      return editAnswer(simpler.code, request.language, simpler.why);
    }
    case 'tests':
      return editAnswer(
        tryoutTests(request),
        request.language,
        `One test per function, as a starting point${request.testFileName ? ` for \`${request.testFileName}\`` : ''}.`,
      );
    case 'image':
      return imageAnswer(request);
    default:
      return chatAnswer(request);
  }
}

/** Models that think before they answer unasked: Gemini 2.5 and later (and the "latest" alias), ids that say so, R1. */
export function isThinkingModel(model: string): boolean {
  return /gemini-(2\.5|[3-9])|gemini-flash-latest|thinking|(^|[/-])r1\b/i.test(model);
}

function thought(request: TryoutRequest): string {
  const subject =
    request.kind === 'image'
      ? 'the image'
      : request.code !== undefined
        ? `${request.code.split('\n').length} lines of ${request.language || 'code'}`
        : 'the question';
  return `**Reading the request**\nThe user wants a ${request.kind === 'chat' ? 'reply' : request.kind} for ${subject}. Looking at what it does first, then what could go wrong.\n\n**Planning the answer**\nLead with the answer, keep it short, quote the code where it helps.`;
}

/** The try-out's whole scripted answer for one chat completion request. */
export function tryoutScenario(body: Record<string, unknown>, model: string): Scenario {
  const request = readTryoutRequest(body);
  // A request that names its reasoning effort gets the thought reasoning.ts sizes for it; one that does not thinks briefly on a thinking model.
  const effortGiven = typeof (body.reasoning as { effort?: unknown } | undefined)?.effort === 'string';
  return {
    text: tryoutText(request),
    reasoning: effortGiven ? undefined : isThinkingModel(model) ? thought(request) : '',
    firstTokenDelayMs: TRYOUT_FIRST_TOKEN_MS,
    chunkSize: TRYOUT_CHUNK_CHARS,
    chunkDelayMs: TRYOUT_CHUNK_DELAY_MS,
  };
}
