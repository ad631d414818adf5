// A small .gitignore reader for the tools (the workspace folder's root .gitignore): blank lines
// and comments skipped, `!` re-includes, a trailing `/` matches directories only, a pattern with
// a `/` is anchored to the folder, `*`, `?` and `**` as git reads them; the last matching rule
// wins. Pure; enough for what the model must not see, not a full git implementation.

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function toRegex(glob: string, anchored: boolean): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += glob[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${anchored ? '^' : '^(?:.*/)?'}${out}$`);
}

export function parseGitignore(text: string): (relativePath: string) => boolean {
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (!line) continue;
    rules.push({ regex: toRegex(line, anchored), negate, dirOnly });
  }
  return (relativePath) => {
    const segments = relativePath.replace(/\\/g, '/').split('/').filter(Boolean);
    let ignored = false;
    // Each directory on the way down, then the file itself: a match on a directory covers all below it.
    for (let depth = 1; depth <= segments.length; depth++) {
      const candidate = segments.slice(0, depth).join('/');
      const isDir = depth < segments.length;
      for (const rule of rules) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(candidate)) ignored = !rule.negate;
      }
      if (ignored && isDir) return true;
    }
    return ignored;
  };
}
