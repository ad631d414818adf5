// The one re-indent step for suggested code: a code action's suggestion and a chat code block
// applied to a selection both go through it, so they land in the file indented the same way.
// Pure, so it is unit-tested without an editor.

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The indentation every non-blank line starts with ('' when there is none, or no such line). */
function commonIndent(lines: string[]): string {
  const indents = lines.filter((line) => line.trim()).map(leadingWhitespace);
  if (indents.length === 0) return '';
  return indents.reduce((common, indent) => {
    let length = 0;
    while (length < common.length && length < indent.length && common[length] === indent[length]) length++;
    return common.slice(0, length);
  });
}

/**
 * Models often return code flush left when it came from inside a class or a function. When the
 * original lines share an indentation the reply lacks, the reply is shifted right to match, so
 * the accepted edit keeps the file's structure. Code already indented as deep (or with other
 * whitespace, tabs against spaces) is returned as it is: guessing there would do more harm.
 */
export function reindentLike(code: string, original: string): string {
  const want = commonIndent(original.split(/\r?\n/));
  const lines = code.split(/\r?\n/);
  const have = commonIndent(lines);
  if (!want || have.length >= want.length || !want.startsWith(have)) return code;
  const add = want.slice(have.length);
  return lines.map((line) => (line.trim() ? add + line : line)).join('\n');
}
