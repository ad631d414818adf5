// files.exclude and search.exclude matched here, without asking the workbench (a findFiles round
// trip per read_file was most of its ~50 ms in the host, README). The glob subset VS Code's
// defaults and usual settings use: `**` (any depth), `*` and `?` (within one segment), `{a,b}`,
// `[abc]`/`[!abc]`; a pattern is relative to the workspace folder, and a match on a folder
// excludes everything below it, as in VS Code. Pure. Unknown syntax is taken literally, so a
// pattern never matches more than it says; correctness of "never read an excluded file" rests on
// the patterns VS Code users write, which this subset covers.

function toRegexSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const slashAfter = glob[i + 2] === '/';
      if (atStart && slashAfter) {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[' && glob.indexOf(']', i + 2) !== -1) {
      const end = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  // An unclosed brace: the glob is taken literally instead.
  return braces ? glob.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : out;
}

/** A test for workspace-relative paths (`/`-separated): true when the path or a folder above it matches a glob. */
export function excludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const regexes = globs
    .map((glob) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter(Boolean)
    .map((glob) => new RegExp(`^${toRegexSource(glob)}$`));
  return (relativePath) => {
    const segments = relativePath.replace(/\\/g, '/').split('/').filter(Boolean);
    for (let depth = 1; depth <= segments.length; depth++) {
      const candidate = segments.slice(0, depth).join('/');
      if (regexes.some((regex) => regex.test(candidate))) return true;
    }
    return false;
  };
}
