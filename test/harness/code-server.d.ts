// Types for code-server.js (plain CommonJS, loaded at run time by the TypeScript e2e helpers).
import type { ChildProcess } from 'child_process';

export interface StartCodeServerOptions {
  /** Folder to open. */
  workspace: string;
  /** Merged over process.env for code-server; the extension host inherits it. */
  env?: Record<string, string>;
  /** User settings, merged over DEFAULT_SETTINGS into <user-data-dir>/User/settings.json (undefined removes a key). */
  settings?: Record<string, unknown>;
  /** Fixed port (default: a free one on 127.0.0.1). */
  port?: number;
  /** Persistent profile (default: a fresh temp dir, removed by stop()). */
  userDataDir?: string;
  extensionsDir?: string;
  keepTempDirs?: boolean;
  /** Echo the server's output (default: env FLASHLIGHT_HARNESS_VERBOSE). */
  log?: boolean | ((line: string) => void);
  /** How long to wait for it to serve (default 60 s). */
  timeoutMs?: number;
  /** Extension folders copied into the extensions dir before start: loaded as installed, not under development. */
  installExtensions?: string[];
  /** Turn workspace trust on (default off): the folder opens untrusted, in Restricted Mode, with no startup prompt. */
  workspaceTrust?: boolean;
}

export interface WorkbenchUrlOptions {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  payload?: Array<[string, string]>;
}

export interface CodeServer {
  port: number;
  host: string;
  /** http://127.0.0.1:PORT/?folder=WORKSPACE */
  url: string;
  /** url plus the `payload` query that loads an extension under development (and its tests). */
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  /** vscode-remote://127.0.0.1:PORT/abs/path */
  remoteUri(absPath: string): string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  settingsFile: string;
  process: ChildProcess;
  /** The last lines code-server printed. */
  output(): string;
  /** Kills code-server's whole process group and removes its temp dirs. */
  stop(): Promise<void>;
}

export function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer>;
export function workbenchUrl(options: WorkbenchUrlOptions & { port: number; host?: string; workspace?: string }): string;
export function remoteUri(port: number, absPath: string, host?: string): string;
export function freePort(): Promise<number>;
export function writeUserSettings(userDataDir: string, settings?: Record<string, unknown>): string;
export const DEFAULT_SETTINGS: Record<string, unknown>;
export const ROOT: string;
export const HOST: string;
