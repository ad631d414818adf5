// The gathered context, pure: which identifiers a selection uses, the order items go in, what is
// dropped as a repeat, the token budget, and the exact text put before the question.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from '../../src/core/grounding/candidates';
import { usedIdentifiers } from '../../src/core/grounding/identifiers';
import { rankCandidates } from '../../src/core/grounding/rank';
import { dedupeCandidates } from '../../src/core/grounding/dedupe';
import { cutText, fitToBudget, itemOverheadTokens } from '../../src/core/grounding/budget';
import { contextPreamble } from '../../src/core/grounding/format';
import { buildGrounding, withGrounding } from '../../src/core/grounding/grounding';
import { estimateTokens } from '../../src/core/prompts/budget';
import { declarationEnd, headerEnd, importLines, leadingCommentStart } from '../../src/core/grounding/sourceLines';
import { explainMessages } from '../../src/core/prompts/explain';

const selection = { uri: 'file:///ws/src/load.ts', startLine: 10, endLine: 11 };

function candidate(kind: Candidate['kind'], file: string, startLine: number, endLine: number, extra: Partial<Candidate> = {}): Candidate {
  return {
    kind,
    span: { uri: `file:///ws/${file}`, file, startLine, endLine },
    text: extra.text ?? `// ${kind} ${file}:${startLine}`,
    languageId: 'typescript',
    ...extra,
  };
}

describe('the identifiers a selection uses', () => {
  test('each once, in order of first use, with calls marked; keywords, strings and comments skipped', () => {
    const found = usedIdentifiers("const cfg = parseConfig(raw); // merge(x)\nreturn merge(cfg, defaults) + 'readFile(y)';");
    assert.deepEqual(
      found.map(({ name, called }) => [name, called]),
      [
        ['cfg', false],
        ['parseConfig', true],
        ['raw', false],
        ['merge', true],
        ['defaults', false],
      ],
    );
    assert.equal(found[1].offset, 'const cfg = '.length);
  });

  test('a generic call counts as a call; a later call marks a name first used without one', () => {
    const found = usedIdentifiers('let opts = build; build<Config>(opts);');
    assert.deepEqual(
      found.map(({ name, called }) => [name, called]),
      [
        ['opts', false],
        ['build', true],
        ['Config', false],
      ],
    );
  });

  test('Python: # starts a comment; TypeScript: it does not swallow the line', () => {
    assert.deepEqual(
      usedIdentifiers('total = compute(xs)  # helper(ys)', 'python').map((id) => id.name),
      ['total', 'compute', 'xs'],
    );
    assert.deepEqual(
      usedIdentifiers('this.#count = next(this.#count)', 'typescript').map((id) => id.name),
      ['count', 'next'],
    );
  });

  test('at most `limit` names', () => {
    const text = Array.from({ length: 100 }, (_, index) => `name${index}`).join(' + ');
    assert.equal(usedIdentifiers(text, 'typescript', 40).length, 40);
  });
});

describe('ranking', () => {
  test('what the selection calls first (by first use), then types, then the signature, other definitions, imports, diagnostics', () => {
    const shuffled = [
      candidate('diagnostics', 'src/load.ts', 10, 10),
      candidate('imports', 'src/load.ts', 0, 2),
      candidate('definition', 'src/values.ts', 1, 3, { symbol: 'defaults', firstUse: 40, called: false }),
      candidate('signature', 'src/load.ts', 9, 9),
      candidate('typeDefinition', 'src/types.ts', 0, 4, { symbol: 'cfg', firstUse: 6 }),
      candidate('definition', 'src/merge.ts', 0, 8, { symbol: 'merge', firstUse: 30, called: true }),
      candidate('definition', 'src/config.ts', 2, 9, { symbol: 'parseConfig', firstUse: 12, called: true }),
    ];
    assert.deepEqual(
      rankCandidates(shuffled).map((item) => `${item.kind}:${item.symbol ?? item.span.file}`),
      [
        'definition:parseConfig',
        'definition:merge',
        'typeDefinition:cfg',
        'signature:src/load.ts',
        'definition:defaults',
        'imports:src/load.ts',
        'diagnostics:src/load.ts',
      ],
    );
  });

  test('ties are broken by file and line, so the order never depends on which provider answered first', () => {
    const a = candidate('definition', 'src/b.ts', 5, 6, { symbol: 'x', firstUse: 0, called: true });
    const b = candidate('definition', 'src/a.ts', 9, 9, { symbol: 'x', firstUse: 0, called: true });
    const c = candidate('definition', 'src/a.ts', 1, 2, { symbol: 'x', firstUse: 0, called: true });
    const order = (list: Candidate[]) => rankCandidates(list).map((item) => `${item.span.file}:${item.span.startLine}`);
    assert.deepEqual(order([a, b, c]), ['src/a.ts:1', 'src/a.ts:9', 'src/b.ts:5']);
    assert.deepEqual(order([c, a, b]), order([a, b, c]));
  });
});

describe('dedupe', () => {
  test('the same range reached twice (a definition that is also the type) is sent once, as the better-ranked item', () => {
    const ranked = rankCandidates([
      candidate('typeDefinition', 'src/config.ts', 2, 9, { symbol: 'cfg', firstUse: 6 }),
      candidate('definition', 'src/config.ts', 2, 9, { symbol: 'parseConfig', firstUse: 12, called: true }),
    ]);
    assert.deepEqual(
      dedupeCandidates(ranked, selection).map((item) => `${item.kind}:${item.symbol}`),
      ['definition:parseConfig'],
    );
  });

  test('overlapping ranges: a method inside a class already sent is dropped', () => {
    const ranked = [
      candidate('definition', 'src/store.ts', 0, 40, { symbol: 'Store', firstUse: 0, called: true }),
      candidate('definition', 'src/store.ts', 12, 18, { symbol: 'save', firstUse: 5, called: true }),
      candidate('definition', 'src/store.ts', 41, 45, { symbol: 'load', firstUse: 9, called: true }),
    ];
    assert.deepEqual(
      dedupeCandidates(ranked, selection).map((item) => item.symbol),
      ['Store', 'load'],
    );
  });

  test('code that is the selection itself (a variable declared in it) is dropped; diagnostics on it are kept', () => {
    const ranked = [
      candidate('definition', 'src/load.ts', 10, 10, { symbol: 'cfg', firstUse: 6 }),
      candidate('definition', 'src/config.ts', 2, 9, { symbol: 'parseConfig', firstUse: 12, called: true }),
      candidate('diagnostics', 'src/load.ts', 10, 11, { text: '- line 11, column 3: error: x' }),
      candidate('definition', 'src/empty.ts', 0, 0, { symbol: 'blank', text: '   ' }),
    ];
    assert.deepEqual(
      dedupeCandidates(ranked, selection).map((item) => item.kind + ':' + (item.symbol ?? '')),
      ['definition:parseConfig', 'diagnostics:'],
    );
  });
});

describe('the token budget', () => {
  test('items are taken best first; one that does not fit is left out and smaller ones after it still go', () => {
    const big = candidate('definition', 'src/big.ts', 0, 99, { text: 'x'.repeat(4 * 300), symbol: 'big', called: true, firstUse: 0 });
    const small = candidate('diagnostics', 'src/load.ts', 10, 10, { text: '- line 11: error: y' });
    const first = candidate('definition', 'src/a.ts', 0, 1, { text: 'a'.repeat(4 * 150), symbol: 'a', called: true, firstUse: 0 });
    const budget = 150 + itemOverheadTokens + estimateTokens(small.text) + itemOverheadTokens + 10;
    const result = fitToBudget([first, big, small], budget);
    assert.deepEqual(
      result.kept.map((item) => item.span.file),
      ['src/a.ts', 'src/load.ts'],
    );
    assert.equal(result.leftOut, 1);
    assert.ok(result.tokens <= budget, `${result.tokens} tokens over a budget of ${budget}`);
  });

  test('a single item longer than a quarter of the budget is cut at a line end, saying how much was left out', () => {
    const text = Array.from({ length: 400 }, (_, index) => `line ${index} ${'y'.repeat(30)}`).join('\n');
    const cut = cutText(text, 200);
    assert.ok(estimateTokens(cut) <= 200 + 10);
    assert.match(cut, /\n… \(\d+ more lines\)$/);
    assert.ok(text.startsWith(cut.slice(0, cut.lastIndexOf('\n…'))));
    const minified = cutText('z'.repeat(40_000), 200);
    assert.ok(minified.startsWith('zzzz') && estimateTokens(minified) <= 200, 'one enormous line is cut by characters');
    const result = fitToBudget([candidate('definition', 'src/long.ts', 0, 399, { text })], 1000);
    assert.equal(result.kept.length, 1);
    assert.ok(result.tokens <= 1000);
  });
});

describe('the prompt text and the header', () => {
  const gathered = [
    candidate('imports', 'src/load.ts', 0, 1, { text: "import { parseConfig } from './config';\nimport { merge } from './merge';" }),
    candidate('definition', 'src/merge.ts', 0, 2, {
      symbol: 'merge',
      firstUse: 30,
      called: true,
      text: 'export function merge(a, b) {\n  return { ...b, ...a };\n}',
    }),
    candidate('definition', 'src/config.ts', 2, 4, {
      symbol: 'parseConfig',
      firstUse: 12,
      called: true,
      text: 'export function parseConfig(raw: string) {\n  return JSON.parse(raw);\n}',
    }),
    candidate('definition', 'src/load.ts', 10, 10, { symbol: 'cfg', firstUse: 6, text: 'const cfg = parseConfig(raw);' }),
  ];

  test('the exact text, in rank order, and the header: "2 definitions from 2 files, the imports", each item by name and place', () => {
    const grounding = buildGrounding(gathered, { selection, maxTokens: 16_000 });
    assert.equal(
      grounding.text,
      [
        contextPreamble,
        'Definition of `parseConfig`, src/config.ts lines 3–5:\n```typescript\nexport function parseConfig(raw: string) {\n  return JSON.parse(raw);\n}\n```',
        'Definition of `merge`, src/merge.ts lines 1–3:\n```typescript\nexport function merge(a, b) {\n  return { ...b, ...a };\n}\n```',
        "Imports of src/load.ts:\n```typescript\nimport { parseConfig } from './config';\nimport { merge } from './merge';\n```",
      ].join('\n\n'),
    );
    assert.equal(grounding.view.summary, '2 definitions from 2 files, the imports');
    assert.equal(grounding.view.partial, undefined);
    assert.deepEqual(
      grounding.view.items.map((item) => item.label),
      ['parseConfig · src/config.ts:3–5', 'merge · src/merge.ts:1–3', 'imports · src/load.ts:1–2'],
    );
    assert.deepEqual(grounding.view.items[0], {
      label: 'parseConfig · src/config.ts:3–5',
      kind: 'definition',
      uri: 'file:///ws/src/config.ts',
      startLine: 2,
      endLine: 4,
    });
    assert.equal(
      buildGrounding([...gathered].reverse(), { selection, maxTokens: 16_000 }).text,
      grounding.text,
      'the order the providers answered in does not change a byte',
    );
  });

  test('timed out: the header says so; items left out to the budget are counted', () => {
    const grounding = buildGrounding(gathered, { selection, maxTokens: 60, timedOutAfterMs: 300 });
    assert.equal(grounding.view.partial, 'partial: timed out after 300 ms');
    assert.match(grounding.view.summary, /items? left out to fit 60 tokens$/);
    const none = buildGrounding([], { selection, maxTokens: 16_000, timedOutAfterMs: 300 });
    assert.equal(none.text, '');
    assert.equal(none.view.summary, 'no context found');
  });

  test('the context goes before the question in the user message, after the system prompt; with none the messages are as they were', () => {
    const messages = explainMessages({ code: 'const cfg = parseConfig(raw);', languageId: 'typescript', fileName: 'src/load.ts', startLine: 11, endLine: 11 });
    const grounding = buildGrounding(gathered, { selection, maxTokens: 16_000 });
    const grounded = withGrounding(messages, grounding);
    assert.equal(grounded.length, 2);
    assert.deepEqual(grounded[0], messages[0]);
    assert.equal(grounded[1].content, `${grounding.text}\n\n${messages[1].content as string}`);
    assert.deepEqual(withGrounding(messages, undefined), messages);
    assert.deepEqual(withGrounding(messages, buildGrounding([], { selection, maxTokens: 100 })), messages);
    const withImage = explainMessages(undefined, [{ mimeType: 'image/png', base64: 'AAAA' }]);
    const parts = withGrounding(withImage, grounding)[1].content as Array<{ type: string; text?: string }>;
    assert.deepEqual(parts[0], { type: 'text', text: grounding.text });
    assert.equal(parts.length, 3);
  });
});

describe('what is read out of a file', () => {
  test('a declaration named by its first line runs to its closing line', () => {
    const lines = ['export function parseConfig(raw: string) {', '  const data = JSON.parse(raw);', '', '  return data;', '}', 'export const other = 1;'];
    assert.equal(declarationEnd(lines, 0), 4);
    assert.equal(declarationEnd(lines, 5), 5);
    assert.equal(declarationEnd(['def f(x):', '    return x', 'y = 2'], 0), 1);
  });

  test('the header of the enclosing declaration ends where its body opens', () => {
    const lines = ['export async function load(', '  raw: string,', '  defaults: Config,', '): Promise<Config> {', '  return x;', '}'];
    assert.equal(headerEnd(lines, 0, 0), 3);
    assert.equal(headerEnd(['class Store {', '  x = 1;'], 0, 0), 0);
  });

  test('import lines, a multi-line import whole; none: undefined', () => {
    const lines = ["import { a } from './a';", 'import {', '  b,', '  c,', "} from './bc';", '', 'const x = 1;', "import d from 'd';"];
    assert.deepEqual(importLines(lines), {
      startLine: 0,
      endLine: 7,
      text: ["import { a } from './a';", 'import {', '  b,', '  c,', "} from './bc';", "import d from 'd';"].join('\n'),
    });
    assert.equal(importLines(['const x = 1;']), undefined);
    assert.equal(importLines(['from os import path', 'import sys'])?.text, 'from os import path\nimport sys');
  });
});

test('a definition is read from its doc comment (or decorators) down; code above it is not', () => {
  const lines = ['const x = 1;', '/**', ' * Parses it.', ' */', '@memo', 'export function parse() {}', '', '// a note', 'function other() {}'];
  assert.equal(leadingCommentStart(lines, 5), 1);
  assert.equal(leadingCommentStart(lines, 8), 7);
  assert.equal(leadingCommentStart(lines, 0), 0);
});
