// What a use case needs to send a request: the client, and the configuration for the next request
// (base URL, key, timeouts), read fresh each time so a settings change applies at once. Getting
// the key may ask the user for one; a declined key gives an empty one, which the client turns into
// the "set your key" error the view shows with its button. Pure interface: no `vscode`.
import type { OpenRouterClient } from './client';
import type { ClientConfig } from './types';

export interface OpenRouterAccess {
  readonly client: OpenRouterClient;
  connect(): Promise<ClientConfig>;
}
