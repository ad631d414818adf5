// The fake's mirror of Gemini's implicit prompt cache: a request whose messages begin with the
// same bytes as an earlier request's to the same model, for at least `minTokens`, reports that
// shared prefix as `prompt_tokens_details.cached_tokens`. Tokens are counted as the fake counts
// prompt tokens (4 characters of the serialized messages each), so cached never exceeds prompt.
// Gemini caches from about 2,048 tokens on 2.5 and 4,096 on 3.x; the default is 2.5's.

export const DEFAULT_CACHE_MIN_TOKENS = 2_048;
/** Earlier prompts kept per model: enough for any test's conversation, bounded for a long-running fake. */
const KEPT = 64;

export class PromptCache {
  private readonly seen = new Map<string, string[]>();

  constructor(private readonly minTokens = DEFAULT_CACHE_MIN_TOKENS) {}

  /** The cached tokens for this prompt (0 below the minimum); then the prompt is remembered. */
  match(model: string, messages: unknown): number {
    const prompt = JSON.stringify(messages ?? []) ?? '';
    const earlier = this.seen.get(model) ?? [];
    let longest = 0;
    for (const before of earlier) longest = Math.max(longest, commonPrefixLength(before, prompt));
    earlier.push(prompt);
    if (earlier.length > KEPT) earlier.shift();
    this.seen.set(model, earlier);
    const tokens = Math.floor(longest / 4);
    return tokens >= this.minTokens ? tokens : 0;
  }

  clear(): void {
    this.seen.clear();
  }
}

function commonPrefixLength(a: string, b: string): number {
  const end = Math.min(a.length, b.length);
  let i = 0;
  while (i < end && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
