// The contract between the edit prompts (fix, document, simplify, tests) and the code that applies
// their answers: the model is asked for ONE fenced block holding the replacement, then a line
// "Why: …". Models do not always comply, so the parser copes with prose around the block, several
// blocks (a quoted "before", a usage example), a block whose code itself holds fences, a reply cut
// off inside its block, and no fence at all. Pure: no `vscode` import.

/** Appended to every edit prompt; `replacementOf` below parses what it asks for. */
export function replyFormatInstructions(languageId: string, what: string): string {
  return [
    'Reply in exactly this format, and nothing else:',
    `1. One fenced code block tagged \`${languageId}\` holding ${what}. If that code itself contains lines starting with \`\`\`, fence it with four backticks.`,
    '2. After the block, one line starting with "Why:" and one or two short sentences on what you changed and why.',
  ].join('\n');
}

export interface FencedBlock {
  info: string; // the fence's info string, e.g. "typescript" ("" when untagged)
  content: string; // the lines between the fences, without the fences
  closed: boolean; // false when the reply ended inside the block
  startLine: number; // line of the opening fence (0-based)
  endLine: number; // line of the closing fence, or the last line when not closed
}

export interface ParsedReply {
  code: string;
  why: string;
  fenced: boolean; // false: no fence at all, the reply's text (before "Why:") was taken as the code
  complete: boolean; // false: the block never closed, the reply was cut off
  language?: string;
}

export type ParseResult = { ok: true; reply: ParsedReply } | { ok: false; reason: string };

const openingFence = /^( {0,3})(`{3,}|~{3,})[ \t]*(.*)$/;

function isClosingFence(line: string, char: string, length: number): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!match && match[1][0] === char && match[1].length >= length;
}

/** An opening fence that names a language (```js): inside a block it can only open a nested one. */
function isTaggedFence(line: string, char: string, length: number): boolean {
  const match = openingFence.exec(line);
  return !!match && match[2][0] === char && match[2].length >= length && match[3].trim() !== '';
}

function stripIndent(line: string, indent: number): string {
  let cut = 0;
  while (cut < indent && line[cut] === ' ') cut++;
  return line.slice(cut);
}

/**
 * The fenced blocks of a Markdown reply. `nested` false follows CommonMark: the first bare fence of
 * the same kind closes a block. `nested` true treats a tagged fence inside a block as opening an
 * inner block, which is how a model writes Markdown that holds code behind a three-backtick fence.
 */
export function fencedBlocks(text: string, nested = false): FencedBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = openingFence.exec(lines[index]);
    if (!open) continue;
    const indent = open[1].length;
    const fence = open[2];
    const char = fence[0];
    const info = open[3].trim();
    if (char === '`' && info.includes('`')) continue; // inline code such as ```x``` is no fence
    const content: string[] = [];
    let depth = 0;
    let closedAt = -1;
    for (let inner = index + 1; inner < lines.length; inner++) {
      const line = lines[inner];
      if (isClosingFence(line, char, fence.length)) {
        if (depth === 0) {
          closedAt = inner;
          break;
        }
        depth--;
      } else if (nested && isTaggedFence(line, char, fence.length)) {
        depth++;
      }
      content.push(stripIndent(line, indent));
    }
    const closed = closedAt >= 0;
    const endLine = closed ? closedAt : lines.length - 1;
    blocks.push({ info, content: content.join('\n'), closed, startLine: index, endLine });
    index = endLine;
  }
  return blocks;
}

const languageAliases: Record<string, string[]> = {
  typescript: ['ts', 'tsx', 'typescriptreact', 'mts', 'cts'],
  typescriptreact: ['tsx', 'typescript', 'ts'],
  javascript: ['js', 'jsx', 'javascriptreact', 'mjs', 'cjs', 'node'],
  javascriptreact: ['jsx', 'javascript', 'js'],
  python: ['py', 'python3'],
  shellscript: ['sh', 'bash', 'zsh', 'shell'],
  csharp: ['cs', 'c#'],
  cpp: ['c++', 'cc', 'cxx', 'hpp'],
  rust: ['rs'],
  go: ['golang'],
  ruby: ['rb'],
  kotlin: ['kt'],
  markdown: ['md'],
  yaml: ['yml'],
  powershell: ['ps1', 'pwsh'],
};

function languageMatches(info: string, languageId: string): boolean {
  const tag = info.split(/[\s{]/)[0].toLowerCase();
  if (!tag) return true; // an untagged block may hold anything
  const id = languageId.toLowerCase();
  return tag === id || (languageAliases[id] ?? []).includes(tag);
}

const patchTags = new Set(['diff', 'patch', 'udiff']);

function normalized(code: string): string {
  return code.replace(/\s+$/gm, '').trim();
}

function cleanWhy(text: string): string {
  const flat = text
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}

/** The "Why:" line and the lines that continue it; else the first paragraph of prose around the code. */
function whyFrom(prose: string): string {
  const lines = prose.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*(?:[*_]{1,2})?why(?:[*_]{1,2})?\s*:/i.test(line));
  if (start >= 0) {
    const rest = [lines[start].replace(/^\s*(?:[*_]{1,2})?why(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*/i, '')];
    for (let index = start + 1; index < lines.length && lines[index].trim() && !openingFence.test(lines[index]); index++) {
      rest.push(lines[index]);
    }
    return cleanWhy(rest.join(' '));
  }
  const paragraph = prose
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .find(Boolean);
  return paragraph ? cleanWhy(paragraph) : '';
}

function withoutTrailingNewlines(code: string): string {
  return code.replace(/(?:\r?\n)+$/, '');
}

/**
 * The replacement code in a reply to an edit prompt, and its short why.
 * @param original the code the replacement is for: a block that merely quotes it is passed over.
 */
export function replacementOf(reply: string, languageId: string, original?: string): ParseResult {
  if (!reply.trim()) return { ok: false, reason: 'The model sent an empty answer.' };
  const lines = reply.split(/\r?\n/);
  const plain = fencedBlocks(reply);
  const nested = fencedBlocks(reply, true);
  // Three-backtick Markdown holding ```lang blocks: CommonMark closes the outer block early and
  // leaves a dangling fence at the end. Read it nested when that reads the whole reply cleanly.
  const blocks = plain.some((block) => !block.closed) && nested.length > 0 && nested.every((block) => block.closed) ? nested : plain;
  const candidates = blocks.filter((block) => !patchTags.has(block.info.split(/\s/)[0].toLowerCase()) && block.content.trim());
  if (blocks.length > 0 && candidates.length === 0) {
    return blocks.some((block) => patchTags.has(block.info.split(/\s/)[0].toLowerCase()))
      ? { ok: false, reason: 'The model answered with a diff instead of the code, so there is nothing to apply. Try again.' }
      : { ok: false, reason: 'The model’s code block was empty.' };
  }
  if (candidates.length > 0) {
    const matching = candidates.filter((block) => languageMatches(block.info, languageId));
    const pool = matching.length > 0 ? matching : candidates;
    // A block that repeats the original is the model quoting it before its change.
    const changed = original === undefined ? pool : pool.filter((block) => normalized(block.content) !== normalized(original));
    const choices = changed.length > 0 ? changed : pool;
    // The replacement is the biggest block; a usage example or a one-line aside is smaller. Ties: the last.
    const chosen = choices.reduce((best, block) => (block.content.length >= best.content.length ? block : best));
    const outside = [...lines.slice(0, chosen.startLine), ...lines.slice(chosen.endLine + 1)].join('\n');
    return {
      ok: true,
      reply: {
        code: withoutTrailingNewlines(chosen.content),
        why: whyFrom(lines.slice(chosen.endLine + 1).join('\n')) || whyFrom(outside),
        fenced: true,
        complete: chosen.closed,
        language: chosen.info.split(/\s/)[0] || undefined,
      },
    };
  }
  // No fence at all: the text before "Why:" is the code.
  const whyLine = lines.findIndex((line) => /^\s*(?:[*_]{1,2})?why(?:[*_]{1,2})?\s*:/i.test(line));
  const codeLines = whyLine >= 0 ? lines.slice(0, whyLine) : lines;
  const code = codeLines.join('\n').replace(/^(?:[ \t]*\r?\n)+/, '');
  if (!code.trim()) return { ok: false, reason: 'The model’s answer held no code.' };
  return {
    ok: true,
    reply: {
      code: withoutTrailingNewlines(code),
      why: whyLine >= 0 ? whyFrom(lines.slice(whyLine).join('\n')) : '',
      fenced: false,
      complete: true,
    },
  };
}
