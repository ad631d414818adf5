// The kinds of secret Flashlight takes out of a request before it leaves the machine. Written here
// rather than taken from npm: secretlint's recommended preset (the maintained set we looked at)
// covers about half these kinds (no JWT, Stripe, GitLab, Google API key, OpenRouter or generic
// assignments), ships as 2.9 MB of ESM with an async, file-oriented API, and runs on the keystroke
// path badly. The patterns follow the published token formats (and gitleaks' rules where they
// exist); each has a test in test/unit/secretRules.test.ts, and the benchmark measures both
// directions (test/bench/privacy/redactBench.js).
//
// Each rule is one regex run over the whole text. Most start with a literal (`AKIA`, `sk-or-`,
// `-----BEGIN`), which V8 finds as fast as `indexOf`: a keyword prefilter (lower-case the text,
// run a rule only when one of its keywords occurs) was measured 1.6× slower and is not used.

export interface SecretRule {
  /** Names the placeholder: `[REDACTED <kind>]`. */
  kind: string;
  /** Global regex. With a capture group named `secret`, only that group is replaced (the name before it stays). */
  pattern: RegExp;
  /** A last check on the captured value, for rules whose shape alone would match ordinary code. */
  accept?(value: string): boolean;
}

/** Shannon entropy in bits per character: random keys score above 4, words and identifiers near 3. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A value assigned to a secret-sounding name looks random: long enough, mixes letters with digits
 * or symbols, and has the entropy of a generated string. Rules out identifiers (`getToken`),
 * words, templates (`${TOKEN}`, `{{ secret }}`) and the placeholders this module writes.
 */
export function looksGenerated(value: string): boolean {
  if (value.length < 8) return false;
  if (/^\$\{|^\{\{|^<|^%|^process\.|^REDACTED/i.test(value)) return false;
  const hasLetter = /[A-Za-z]/.test(value);
  const hasDigit = /[0-9]/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  if (!hasLetter || !(hasDigit || hasSymbol)) return false;
  if (/^[A-Za-z]+\d{0,3}$/.test(value)) return false; // a word and a counter: `previousToken2`
  if (/^[A-Za-z]+(?:\.[A-Za-z]+)+$/.test(value)) return false; // a dotted name: `flashlight.openRouterApiKey`
  if (/^[A-Za-z][a-z]*(?:[_-][A-Za-z][a-z]*)+$/.test(value)) return false; // dashed words: `x-api-key`, `X-Auth-Token`
  // Hex digits carry at most 4 bits each, so a random hex key scores lower than a base-64 one.
  if (/^[0-9a-f]{16,}$/i.test(value)) return entropy(value) >= 3;
  return entropy(value) >= 3.5;
}

export const secretRules: readonly SecretRule[] = [
  // PEM private keys (PKCS#1, PKCS#8, EC, DSA, encrypted, PGP) and OpenSSH's own format: from
  // BEGIN through the base-64 body (lines, or one line with `\n` escapes as in a JSON key file)
  // to END, or to where the body stops when a selection cut the block short. A BEGIN line not
  // followed by a body (this file's own patterns, documentation) is not a key.
  {
    kind: 'openssh-private-key',
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----(?:\\[nr]|\s)+(?:[A-Za-z0-9+/=\s]|\\[nr]){16,}(?:-----END OPENSSH PRIVATE KEY-----)?/g,
  },
  {
    kind: 'private-key',
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\\[nr]|\s)+(?:[A-Za-z-]+: [^\n]*(?:\\n|\n))*(?:[A-Za-z0-9+/=\s]|\\[nr]){16,}(?:-----END \1-----)?/g,
  },
  // OpenRouter: `sk-or-v1-` and 64 hex digits. Before OpenAI's and Anthropic's, which also start `sk-`.
  { kind: 'openrouter-api-key', pattern: /\bsk-or-v\d+-[0-9a-f]{64}\b/g },
  // Anthropic: `sk-ant-api03-…` (and `admin01`, `oat01`), about a hundred URL-safe characters.
  { kind: 'anthropic-api-key', pattern: /\bsk-ant-[a-z]+\d{2}-[A-Za-z0-9_-]{32,}/g },
  // OpenAI: project, service-account and admin keys by prefix; the older `sk-…` keys all carry
  // `T3BlbkFJ` ("OpenAI" in base64) in the middle, which no ordinary `sk-` string does.
  {
    kind: 'openai-api-key',
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})/g,
  },
  // Google API keys (Maps, Gemini, Firebase): `AIza` and 35 URL-safe characters.
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  // AWS access key ids: a four-letter prefix naming the key type, then 16 base-32 characters.
  {
    kind: 'aws-access-key-id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b/g,
  },
  // AWS secret access keys: 40 base-64 characters have no shape of their own, so only when
  // assigned to a name that says what they are (`aws_secret_access_key = …`, `SecretAccessKey: …`).
  {
    kind: 'aws-secret-access-key',
    pattern: /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["'`]?\s*(?::|=>?)\s*["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
  },
  // GitHub: classic tokens by their type prefix (personal, OAuth, user-to-server, server, refresh),
  // and fine-grained personal access tokens.
  {
    kind: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b/g,
  },
  // GitLab: personal, deploy, runner, pipeline-trigger, service-account and CI-build tokens.
  {
    kind: 'gitlab-token',
    pattern: /\bgl(?:pat|dt|rt|ptt|soat|cbt)-[A-Za-z0-9_-]{20,}/g,
  },
  // Slack: bot, user, app-level, refresh and configuration tokens.
  {
    kind: 'slack-token',
    pattern: /\b(?:xox[abposre]-[0-9A-Za-z]{8,}(?:-[0-9A-Za-z]+)+|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)/g,
  },
  // Slack incoming webhooks and workflow triggers: the URL itself is the credential.
  {
    kind: 'slack-webhook',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{20,}/g,
  },
  // Stripe secret and restricted keys, live and test (publishable `pk_` keys are public by design).
  {
    kind: 'stripe-key',
    pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{20,}\b/g,
  },
  // JSON Web Tokens: a base64url JSON header (`eyJ` is `{"`) and payload, then the signature.
  {
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  },
  // The password in a URL's user info: `postgres://user:pass@host`, `redis://:pass@host`. The user
  // name stays, so the model still reads what connects to what.
  {
    kind: 'connection-string-password',
    pattern: /:\/\/[^\s:/@"'`<>()[\]{}]{0,100}:(?<secret>[^\s/@"'`<>()[\]{}]{1,200})@[\w.-]/dgi,
    // Templates (`${DB_PASS}`, `{{ pass }}`, `$PASSWORD`) and the words documentation writes there are not passwords.
    accept: (value) => !/^\$\{|^\{\{|^<|^\*+$|^\$[A-Z_]|^x+$|^(?:pass|password|passwd|pwd|secret|changeme)$/i.test(value),
  },
  // A generated-looking value assigned to a secret-sounding name, in code, JSON, YAML or .env:
  // `password = "…"`, `"api_key": "…"`, `CLIENT_SECRET=…`. The name stays; only the value goes.
  {
    kind: 'secret-assignment',
    pattern:
      /(?:passw(?:or)?d|\bpwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key)\w*["'`]?\s*(?::=|=>|[:=])\s*(?:(?<q>["'`])(?<secret>[^"'`\s]{8,200})\k<q>|(?<secret2>[A-Za-z0-9+/=_\-!#$%^&*~]{8,200})(?=[\s,;]|$))/dgim,
    accept: looksGenerated,
  },
];
