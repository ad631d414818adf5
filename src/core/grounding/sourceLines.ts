// What the host reads out of a file for the context, decided on its lines: how far a declaration
// goes when a provider named only its first line, the enclosing declaration's header, and the
// file's import lines. Pure, so it is unit-tested without an editor.

/** Longest stretch read for one declaration; the budget cuts further. */
export const maxDeclarationLines = 200;

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
}

/**
 * The last line of the declaration that starts at `start`: the lines after it that are blank or
 * indented deeper, plus one closing line at its own indentation (`}`, `end`, `)`). For a provider
 * that gives only the name's range (a Location, not a LocationLink with the whole declaration).
 */
export function declarationEnd(lines: readonly string[], start: number, maxLines = maxDeclarationLines): number {
  const base = indentOf(lines[start] ?? '');
  let end = start;
  for (let line = start + 1; line < lines.length && line - start < maxLines; line++) {
    const text = lines[line];
    if (!text.trim()) continue;
    if (indentOf(text) > base) {
      end = line;
      continue;
    }
    if (/^\s*[)}\]]/.test(text) || /^\s*end\b/.test(text)) end = line;
    break;
  }
  return end;
}

/** The first line of the comment just above `start` (a doc comment, `//` lines, decorators), or `start` with none. */
export function leadingCommentStart(lines: readonly string[], start: number, maxLines = 40): number {
  let first = start;
  for (let line = start - 1; line >= 0 && start - line <= maxLines; line--) {
    const text = lines[line].trim();
    if (/^(\/\/|\/\*|\*|@\w|#\[)/.test(text) || text.endsWith('*/')) first = line;
    else break;
  }
  return first;
}

/** The header of a declaration from `start`: up to the line that opens its body (`{`, `:`, `=>`), at most a few lines. */
export function headerEnd(lines: readonly string[], start: number, nameLine: number, maxLines = 8): number {
  for (let line = Math.max(start, nameLine); line < lines.length && line - start < maxLines; line++) {
    if (/[{:]\s*(\/\/.*)?$|=>\s*\{?\s*$/.test(lines[line])) return line;
  }
  return Math.max(start, nameLine);
}

const importPattern =
  /^\s*(import\b|export\s+(\*|\{[^}]*\})\s+from\b|from\s+[\w.]+\s+import\b|(const|let|var)\s+[\w{}\s,]+=\s*require\(|#include\b|use\s+[\w:{}, *]+;|using\s+[\w.]+;|package\s+[\w.]+|require\s*\(?['"])/;

/** The file's import lines (multi-line imports whole), from its head; undefined when there are none. */
export function importLines(lines: readonly string[], scanLines = 300): { startLine: number; endLine: number; text: string } | undefined {
  const kept: string[] = [];
  let first = -1;
  let last = -1;
  for (let line = 0; line < Math.min(lines.length, scanLines); line++) {
    if (!importPattern.test(lines[line])) continue;
    let end = line;
    // `import {` … `} from 'x';` and Python's `from x import (` … `)` span lines.
    if (/[{(]\s*$/.test(lines[line])) {
      while (end + 1 < lines.length && end - line < 50 && !/[})]/.test(lines[end])) end++;
    }
    if (first < 0) first = line;
    last = end;
    kept.push(...lines.slice(line, end + 1));
    line = end;
  }
  return first < 0 ? undefined : { startLine: first, endLine: last, text: kept.join('\n') };
}
