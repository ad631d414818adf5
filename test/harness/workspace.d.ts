// Types for workspace.js (plain CommonJS, loaded at run time by the TypeScript e2e helpers).
export interface MakeWorkspaceOptions {
  /** Files (relative path -> content) written on top of the fixtures. */
  files?: Record<string, string | Buffer>;
  /** Copy test/fixtures/workspace/ (or built-in samples) first; default true. */
  fixtures?: boolean;
  /** Use/seed this folder instead of a temp one (seeded only when empty; never removed). */
  dir?: string;
}
export function makeWorkspace(options?: MakeWorkspaceOptions): { dir: string; remove(): void };
export const SAMPLE_FILES: Record<string, string>;
export const FIXTURES: string;
