// A request far larger than the user usually sends (flashlight.confirmAboveTokens) is asked about
// before it leaves, with what its prompt costs at the model's list price. Pure: the decision and
// the words; the question itself is features/privacy/confirmLargeRequest.ts.

export interface LargeRequest {
  model: string;
  tokens: number;
  /** USD per prompt token from the cached /models list; undefined when the list does not know the model. */
  promptPricePerToken?: number;
}

export const defaultConfirmAboveTokens = 50_000;

/** 0 (or less) turns the question off. */
export function needsConfirmation(tokens: number, threshold: number): boolean {
  return threshold > 0 && tokens > threshold;
}

export function largeRequestQuestion(request: LargeRequest): string {
  const tokens = request.tokens.toLocaleString('en-US');
  const price =
    request.promptPricePerToken !== undefined && Number.isFinite(request.promptPricePerToken)
      ? `about $${(request.tokens * request.promptPricePerToken).toFixed(4)} for the prompt at its list price`
      : 'its price is not in the model list';
  return `Send about ${tokens} tokens to ${request.model}? That is more than flashlight.confirmAboveTokens; ${price}.`;
}

export function declinedMessage(tokens: number): string {
  return `Not sent: you chose not to send this request of about ${tokens.toLocaleString('en-US')} tokens. Select less, or raise flashlight.confirmAboveTokens.`;
}
