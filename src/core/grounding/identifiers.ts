// The identifiers a selection uses, found by a small lexer that skips comments, strings and
// keywords: each once, at its first use, with whether the selection calls it. The host asks the
// language's definition providers at these offsets. Pure, so it is unit-tested in plain Node.

export interface UsedIdentifier {
  name: string;
  /** Offset of its first use in the selection's text. */
  offset: number;
  /** Used as `name(` (or `name<…>(`, roughly): a call. */
  called: boolean;
}

// Keywords of the C family, Python, Go and Rust that are never worth a definition request.
const keywords = new Set(
  (
    'abstract as async await break case catch class const continue debugger declare def default del delete do elif else enum export extends ' +
    'false finally fn for from func function get global if impl implements import in instanceof interface is keyof lambda let match mod mut ' +
    'namespace new nil none None not null of or and package pass private protected pub public raise readonly return satisfies self Self set ' +
    'static struct super switch this throw trait true True False try type typeof undefined unsafe use var void where while with yield ' +
    'string number boolean bigint symbol object any unknown never int float str bool char byte'
  ).split(' '),
);

/** Languages whose line comments start with `#` (elsewhere `#` is a private field or a directive). */
const hashCommentLanguages = new Set(['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile', 'powershell', 'elixir']);

const cFamily = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g;
const hashFamily = /#[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g;

/** Comments and string literals replaced by spaces, so offsets stay the same. */
function blankCommentsAndStrings(text: string, languageId: string): string {
  const pattern = hashCommentLanguages.has(languageId) ? hashFamily : cFamily;
  return text.replace(pattern, (match) => match.replace(/[^\n]/g, ' '));
}

/** At most `limit` distinct identifiers, in order of first use. */
export function usedIdentifiers(text: string, languageId = 'typescript', limit = 40): UsedIdentifier[] {
  const code = blankCommentsAndStrings(text, languageId);
  const seen = new Map<string, UsedIdentifier>();
  for (const match of code.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    const offset = match.index;
    const after = code.slice(offset + name.length, offset + name.length + 200);
    const called = /^\s*(?:<[^<>()]*>\s*)?\(/.test(after);
    const known = seen.get(name);
    if (known) {
      if (called) known.called = true;
      continue;
    }
    if (keywords.has(name) || /^\d/.test(name) || name.length < 2) continue;
    if (seen.size >= limit) continue;
    seen.set(name, { name, offset, called });
  }
  return [...seen.values()];
}
