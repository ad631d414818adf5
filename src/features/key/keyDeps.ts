// What the key's commands and the key-or-ask path need: the store, the client that checks a key,
// the user's settings (the base URL the key goes to) and the log.
import type { FlashlightSettings } from '../../host/settings/settings';
import type { Log } from '../../core/log';
import type { OpenRouterClient } from '../../core/openrouter/client';
import type { ApiKeyStore } from '../../host/secrets/apiKeyStore';

export interface KeyDeps {
  keys: ApiKeyStore;
  client: OpenRouterClient;
  settings(): FlashlightSettings;
  log: Log;
  /** The daily budget's line (flashlight.budget.dailyUsd), shown beside the key's own limit. */
  budgetLine?(): string;
  /** Keeps the free-model requests left from each `GET /key`, for the status bar tooltip. */
  freeRequests?: { remember(data: unknown): void };
}
