// What the key's commands and the key-or-ask path need: the store, the client that checks a key,
// the user's settings (the base URL the key goes to) and the log.
import type { FlashlightSettings } from '../config';
import type { Log } from '../log';
import type { OpenRouterClient } from '../openrouter/client';
import type { ApiKeyStore } from './apiKeyStore';

export interface KeyDeps {
  keys: ApiKeyStore;
  client: OpenRouterClient;
  settings(): FlashlightSettings;
  log: Log;
}
