// Takes the secrets out of texts: each becomes `[REDACTED <kind>]`, and what was found is kept as
// kind and line only, never the value. One Redactor serves one request, so a secret that appears
// in several messages (a chat history, a selection and its context) gets the same placeholder in
// each, and two different secrets of one kind stay told apart (`… #2`).
import { secretRules, type SecretRule } from './secretRules';

export interface SecretFinding {
  kind: string;
  /** 1-based line of the text where the secret starts. */
  line: number;
}

interface Match {
  start: number;
  end: number;
  rule: number;
}

export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly perKind = new Map<string, number>();

  constructor(private readonly rules: readonly SecretRule[] = secretRules) {}

  /** The text with every secret replaced, and where each was. A text without secrets comes back as it was. */
  redact(text: string): { text: string; findings: SecretFinding[] } {
    const matches = findSecrets(text, this.rules);
    if (!matches.length) return { text, findings: [] };
    const findings: SecretFinding[] = [];
    let out = '';
    let from = 0;
    let line = 1;
    let counted = 0;
    for (const match of matches) {
      line += countNewlines(text, counted, match.start);
      counted = match.start;
      const kind = this.rules[match.rule].kind;
      out += text.slice(from, match.start) + this.placeholderFor(kind, text.slice(match.start, match.end));
      from = match.end;
      findings.push({ kind, line });
    }
    return { text: out + text.slice(from), findings };
  }

  private placeholderFor(kind: string, value: string): string {
    const key = `${kind}\n${value}`;
    let placeholder = this.placeholders.get(key);
    if (!placeholder) {
      const index = (this.perKind.get(kind) ?? 0) + 1;
      this.perKind.set(kind, index);
      placeholder = index === 1 ? `[REDACTED ${kind}]` : `[REDACTED ${kind} #${index}]`;
      this.placeholders.set(key, placeholder);
    }
    return placeholder;
  }
}

/**
 * Every secret's span, in text order, without overlaps (where two rules claim the same characters,
 * the earlier span wins, then the rule listed first: the specific kinds come before the generic).
 */
export function findSecrets(text: string, rules: readonly SecretRule[] = secretRules): Match[] {
  const found: Match[] = [];
  rules.forEach((rule, index) => {
    for (const match of text.matchAll(rule.pattern)) {
      const span = secretSpan(match);
      if (!span) continue;
      if (rule.accept && !rule.accept(text.slice(span[0], span[1]))) continue;
      found.push({ start: span[0], end: span[1], rule: index });
    }
  });
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || a.rule - b.rule);
  const kept: Match[] = [];
  for (const match of found) {
    const last = kept[kept.length - 1];
    if (!last || match.start >= last.end) kept.push(match);
  }
  return kept;
}

/** The `secret` (or `secret2`) group's span when the rule names one, else the whole match's. */
function secretSpan(match: RegExpMatchArray): [number, number] | undefined {
  const groups = match.indices?.groups;
  if (groups) return groups.secret ?? groups.secret2;
  if (match.index === undefined || !match[0]) return undefined;
  return [match.index, match.index + match[0].length];
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
