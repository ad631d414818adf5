// Runs the ripgrep VS Code ships for search_text, one process per workspace folder (cwd the
// folder, no shell), streams its JSON through the pure reader (core/tools/ripgrep.ts), stops it at
// the hit cap or the time limit, and filters every path through the same checks as the JS path:
// inside the folder, never secret-looking, not in the folder's .gitignore. Returns undefined when
// ripgrep is missing or cannot run, so the caller falls back to the JS scan. The binary's path is
// found by workspaceTools.ts (the one host file that looks at the disk).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { HitCollector, hitNotes, LineSplitter, parseRipgrepLine, regexRefusal, ripgrepArgs, type RipgrepQuery } from '../../core/tools/ripgrep';
import { isInside } from '../../core/tools/workspacePath';
import { looksSecret } from '../../core/tools/secretFiles';
import type { Hit } from '../../core/tools/searchText';

export type RipgrepOutcome = { ok: true; hits: Hit[]; notes: string[] } | { ok: false; refusal: string } | undefined;

interface FolderRun {
  folder: string;
  /** The name the model sees for a file: the folder's own name first in a multi-root workspace. */
  shown(relative: string): string;
  ignored(relative: string): boolean;
}

type RunEnd = { kind: 'done'; timedOut: boolean; secrets: number } | { kind: 'refused'; reason: string } | { kind: 'failed' };

function runFolder(rg: string, args: string[], run: FolderRun, collect: HitCollector, limitMs: number, signal: AbortSignal): Promise<RunEnd> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(rg, args, { cwd: run.folder, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    } catch {
      resolve({ kind: 'failed' });
      return;
    }
    const splitter = new LineSplitter();
    let stderr = '';
    let sawSummary = false;
    let timedOut = false;
    let stopped = false;
    let secrets = 0;
    const stop = () => {
      stopped = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, limitMs);
    const onAbort = () => stop();
    signal.addEventListener('abort', onAbort, { once: true });
    const take = (lines: string[]) => {
      for (const line of lines) {
        const parsed = parseRipgrepLine(line);
        if (parsed.kind === 'summary') sawSummary = true;
        if (parsed.kind === 'invalid') collect.invalid++;
        if (parsed.kind !== 'match' || collect.full) continue;
        const absolute = path.resolve(run.folder, parsed.path);
        const relative = path.relative(run.folder, absolute).split(path.sep).join('/');
        if (!isInside(run.folder, absolute) || !relative || relative.startsWith('../') || run.ignored(relative)) continue;
        if (looksSecret(relative)) {
          secrets++;
          continue;
        }
        collect.add(run.shown(relative), parsed.line, parsed.text);
      }
      if (collect.full && !stopped) stop();
    };
    child.stdout.on('data', (chunk: Buffer) => take(splitter.push(chunk)));
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve({ kind: 'failed' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Once we stopped it, what is left after the last line break is a line the kill cut short,
      // not unreadable output: it is not read (nor counted).
      if (!stopped) take(splitter.end());
      collect.invalid += splitter.dropped;
      const refused = code === 2 && !sawSummary ? regexRefusal(stderr) : undefined;
      if (refused) resolve({ kind: 'refused', reason: refused });
      // 0: hits, 1: none, 2 with a summary: some file could not be read (the rest was searched).
      else if (stopped || code === 0 || code === 1 || (code === 2 && sawSummary)) resolve({ kind: 'done', timedOut, secrets });
      else resolve({ kind: 'failed' });
    });
  });
}

export async function searchWithRipgrep(
  rg: string | undefined,
  query: RipgrepQuery,
  folders: readonly string[],
  ignoresOf: (folder: string) => (relative: string) => boolean,
  limitMs: number,
  signal: AbortSignal,
): Promise<RipgrepOutcome> {
  if (!rg) return undefined;
  const args = ripgrepArgs(query);
  const collect = new HitCollector();
  let secrets = 0;
  let timedOut = false;
  for (const folder of folders) {
    if (collect.full || signal.aborted) break;
    const run: FolderRun = {
      folder,
      shown: (relative) => (folders.length > 1 ? `${path.basename(folder)}/${relative}` : relative),
      ignored: ignoresOf(folder),
    };
    const end = await runFolder(rg, args, run, collect, limitMs, signal);
    if (end.kind === 'failed') return undefined;
    if (end.kind === 'refused') return { ok: false, refusal: end.reason };
    secrets += end.secrets;
    timedOut ||= end.timedOut;
  }
  return { ok: true, hits: collect.hits, notes: hitNotes(collect, { secrets, timedOutAfterMs: timedOut ? limitMs : undefined }) };
}
