// The OpenRouter key lives in SecretStorage and nowhere else; `OPENROUTER_API_KEY` from the
// environment is the fallback when nothing is stored. Nothing here ever logs the key.
// Beside it, in globalState, each key's binding: the origin it was checked against and the
// origins the user allowed or refused (keyOrigins.ts). Origins only: the key never leaves
// SecretStorage.
import * as vscode from 'vscode';
import { parseBinding, type KeyBinding } from '../../core/key/keyOrigins';

const secretName = 'flashlight.openRouterApiKey';
const bindingsName = 'flashlight.keyOrigins';

export type KeySource = 'stored' | 'environment';

type Bindings = Partial<Record<KeySource, KeyBinding>>;

export class ApiKeyStore {
  private cached: string | undefined;
  private loaded = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    // Another window may set or clear the key: forget what we cached.
    secrets.onDidChange((event) => {
      if (event.key === secretName) this.loaded = false;
    });
  }

  /** Cached after the first read, so a warm request does not wait on the keychain. */
  async get(): Promise<string | undefined> {
    return (await this.getWithSource())?.key;
  }

  async getWithSource(): Promise<{ key: string; source: KeySource } | undefined> {
    if (!this.loaded) {
      this.cached = (await this.secrets.get(secretName)) || undefined;
      this.loaded = true;
    }
    if (this.cached) return { key: this.cached, source: 'stored' };
    const fromEnvironment = process.env.OPENROUTER_API_KEY?.trim();
    return fromEnvironment ? { key: fromEnvironment, source: 'environment' } : undefined;
  }

  /** Stores a key, bound to the origin it was checked against (or saved for). */
  async set(key: string, binding: KeyBinding): Promise<void> {
    await this.secrets.store(secretName, key);
    this.cached = key;
    this.loaded = true;
    await this.setBinding('stored', binding);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(secretName);
    this.cached = undefined;
    this.loaded = true;
    await this.setBinding('stored', undefined);
  }

  async hasStoredKey(): Promise<boolean> {
    return !!(await this.secrets.get(secretName));
  }

  binding(source: KeySource): KeyBinding | undefined {
    return parseBinding(this.state.get<Bindings>(bindingsName)?.[source]);
  }

  async setBinding(source: KeySource, binding: KeyBinding | undefined): Promise<void> {
    const all = { ...(this.state.get<Bindings>(bindingsName) ?? {}) };
    if (binding) all[source] = binding;
    else delete all[source];
    await this.state.update(bindingsName, all);
  }
}
