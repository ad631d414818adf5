// Types for browser.js (plain CommonJS, loaded at run time by the TypeScript e2e helpers).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CodeServer } from './code-server';

export interface OpenBrowserOptions {
  /** A startCodeServer() result (or give `url`). */
  server?: Pick<CodeServer, 'workbenchUrl'>;
  url?: string;
  /** Default: the repo root; null loads no extension. */
  extensionDevelopmentPath?: string | null;
  /** Compiled suite index (runs its run()). */
  extensionTestsPath?: string;
  /** page.exposeFunction() before the page loads, e.g. codeAutomationExit. */
  expose?: Record<string, (...args: any[]) => unknown>;
  beforeGoto?: (page: Page) => void | Promise<void>;
  viewport?: { width: number; height: number };
  /** Wait for `.monaco-workbench` (default true). */
  waitForWorkbench?: boolean;
  timeoutMs?: number;
  headless?: boolean;
  args?: string[];
  /** A browser launched already (e.g. while code-server started) instead of a new one; closed on failure all the same. */
  browser?: Browser | Promise<Browser>;
}

export function openBrowser(options?: OpenBrowserOptions): Promise<{ browser: Browser; context: BrowserContext; page: Page; url: string }>;
export function launchBrowser(options?: { headless?: boolean; args?: string[] }): Promise<Browser>;
export function chromiumPath(): string;
export const CHROMIUM_ARGS: string[];
