// `flashlight.privacy` on the wire: which of OpenRouter's providers may serve a request, by what
// they do with the data. `noTraining` sends `provider.data_collection: "deny"` (no provider that
// may train on or sell prompts), `zeroRetention` sends `provider.zdr: true` (only endpoints that
// keep nothing; they cannot train either). Which level applies is decided in core/privacy.

export type PrivacyLevel = 'default' | 'noTraining' | 'zeroRetention';

/** From the laxest to the strictest. */
export const privacyLevels: readonly PrivacyLevel[] = ['default', 'noTraining', 'zeroRetention'];

/** Anything but a known level (a typo, a number, a hostile object) reads as undefined. */
export function parsePrivacy(value: unknown): PrivacyLevel | undefined {
  return typeof value === 'string' && (privacyLevels as readonly string[]).includes(value) ? (value as PrivacyLevel) : undefined;
}

/** OpenRouter's provider preferences for a level; nothing at all for `default` (the body stays as it was). */
export function providerPreferences(level: PrivacyLevel | undefined): { provider?: { data_collection?: 'deny'; zdr?: true } } {
  switch (level) {
    case 'noTraining':
      return { provider: { data_collection: 'deny' } };
    case 'zeroRetention':
      return { provider: { zdr: true } };
    default:
      return {};
  }
}
