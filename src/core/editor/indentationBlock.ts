// With no selection, the code to explain is the block around the cursor: found by indentation,
// which works for every language and costs nothing. Pure, so it is unit-tested without an editor.

export interface LineRange {
  start: number; // 0-based, inclusive
  end: number; // 0-based, inclusive
}

const maxBlockLines = 400;

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line)![0];
  return match.replace(/\t/g, '    ').length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function isCloser(line: string): boolean {
  return /^\s*([}\])]|end\b|fi\b|done\b|esac\b|<\/)/.test(line);
}

/** The block whose header is `header`: the lines indented deeper, then its closing line if any. */
function blockFrom(lines: string[], header: number): LineRange {
  const base = indentOf(lines[header]);
  let end = header;
  for (let index = header + 1; index < lines.length; index++) {
    const line = lines[index];
    if (isBlank(line)) continue;
    if (indentOf(line) > base) {
      end = index;
      continue;
    }
    if (indentOf(line) === base && isCloser(line)) end = index;
    break;
  }
  return { start: header, end };
}

function nextNonBlank(lines: string[], from: number): number | undefined {
  for (let index = from; index < lines.length; index++) if (!isBlank(lines[index])) return index;
  return undefined;
}

/**
 * The innermost block containing the cursor line, or the line itself. A block is a header line
 * followed by deeper-indented lines (a function, a class, an if).
 */
export function indentationBlock(lines: string[], cursor: number): LineRange | undefined {
  let line = cursor;
  if (isBlank(lines[line] ?? '')) {
    const next = nextNonBlank(lines, line);
    if (next === undefined) return undefined;
    line = next;
  }
  const following = nextNonBlank(lines, line + 1);
  if (following !== undefined && indentOf(lines[following]) > indentOf(lines[line])) {
    const block = blockFrom(lines, line);
    if (block.end - block.start < maxBlockLines) return block;
  }
  const ownIndent = indentOf(lines[line]);
  for (let header = line - 1; header >= 0; header--) {
    const candidate = lines[header];
    if (isBlank(candidate) || isCloser(candidate)) continue;
    if (indentOf(candidate) < ownIndent) {
      const block = blockFrom(lines, header);
      return block.end >= line && block.end - block.start < maxBlockLines ? block : { start: line, end: line };
    }
  }
  return { start: line, end: line };
}
