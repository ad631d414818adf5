// The OpenRouterAccess every use case is given: the configuration for the next request, read
// fresh (base URL, timeouts), with the key from secret storage, or asked for when there is none.
import type { FlashlightSettings } from '../../host/settings/settings';
import type { OpenRouterAccess } from '../../core/openrouter/access';
import type { OpenRouterClient } from '../../core/openrouter/client';
import type { ClientConfig } from '../../core/openrouter/types';

export const appUrl = 'https://github.com/flashlight-dev/flashlight';
export const appTitle = 'Flashlight';

export function clientConfigFor(settings: Pick<FlashlightSettings, 'baseUrl' | 'stallTimeoutMs' | 'redactSecrets'>, apiKey: string): ClientConfig {
  return { baseUrl: settings.baseUrl, apiKey, stallTimeoutMs: settings.stallTimeoutMs, appUrl, appTitle, redactSecrets: settings.redactSecrets };
}

export class KeyedAccess implements OpenRouterAccess {
  constructor(
    readonly client: OpenRouterClient,
    private readonly deps: { settings(): FlashlightSettings; keyOrAsk(): Promise<string | undefined> },
  ) {}

  async connect(): Promise<ClientConfig> {
    const settings = this.deps.settings();
    return clientConfigFor(settings, (await this.deps.keyOrAsk()) ?? '');
  }
}
