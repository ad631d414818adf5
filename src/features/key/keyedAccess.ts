// The OpenRouterAccess every use case is given: the configuration for the next request, read
// fresh (base URL, timeouts), with the key from secret storage, or asked for when there is none.
import type { FlashlightSettings } from '../../host/settings/settings';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { OpenRouterClient } from '../../core/openrouter/client';
import type { ClientConfig } from '../../core/openrouter/types';

export const appUrl = 'https://github.com/flashlight-dev/flashlight';
export const appTitle = 'Flashlight';

export function clientConfigFor(
  settings: Pick<FlashlightSettings, 'baseUrl' | 'stallTimeoutMs' | 'redactSecrets'> & Partial<Pick<FlashlightSettings, 'privacy'>>,
  apiKey: string,
): ClientConfig {
  return {
    baseUrl: settings.baseUrl,
    apiKey,
    stallTimeoutMs: settings.stallTimeoutMs,
    appUrl,
    appTitle,
    redactSecrets: settings.redactSecrets,
    privacy: settings.privacy,
  };
}

export class KeyedAccess implements OpenRouterAccess {
  constructor(
    readonly client: OpenRouterClient,
    private readonly deps: {
      settings(): FlashlightSettings;
      keyOrAsk(): Promise<string | undefined>;
      /** True once when "Relax for this request" was clicked: this one connection goes without flashlight.privacy. */
      relaxPrivacy?(): boolean;
    },
  ) {}

  async connect(): Promise<ClientConfig> {
    const settings = this.deps.settings();
    const relaxed = this.deps.relaxPrivacy?.() === true;
    return clientConfigFor(relaxed ? { ...settings, privacy: 'default' } : settings, (await this.deps.keyOrAsk()) ?? '');
  }
}
