// The OpenRouter key lives in SecretStorage and nowhere else; `OPENROUTER_API_KEY` from the
// environment is the fallback when nothing is stored. Nothing here ever logs the key.
import * as vscode from 'vscode';

const secretName = 'flashlight.openRouterApiKey';

export class ApiKeyStore {
  private cached: string | undefined;
  private loaded = false;

  constructor(private readonly secrets: vscode.SecretStorage) {
    // Another window may set or clear the key: forget what we cached.
    secrets.onDidChange((event) => {
      if (event.key === secretName) this.loaded = false;
    });
  }

  /** Cached after the first read, so a warm request does not wait on the keychain. */
  async get(): Promise<string | undefined> {
    if (!this.loaded) {
      this.cached = (await this.secrets.get(secretName)) || undefined;
      this.loaded = true;
    }
    return this.cached ?? (process.env.OPENROUTER_API_KEY?.trim() || undefined);
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(secretName, key);
    this.cached = key;
    this.loaded = true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(secretName);
    this.cached = undefined;
    this.loaded = true;
  }

  async hasStoredKey(): Promise<boolean> {
    return !!(await this.secrets.get(secretName));
  }
}
