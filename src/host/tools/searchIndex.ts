// The file texts search_text keeps in memory between searches, so that a literal search over the
// whole workspace costs a few ms instead of a ripgrep run over every file (about 30 ms a search
// on a 1,200-file workspace on these 2-core machines, most of a tool round; README). It never
// answers from a stale copy: before each answer every kept file and every folder holding one is
// checked with one stat (a changed file is read again; a folder whose entries changed, which is
// how a new, removed or renamed file shows, sends the search to ripgrep and the list is made
// again). The list itself is ripgrep's own (`rg --files` with the search's arguments), so the
// same files are searched, .gitignore and the excludes included. Built after the first search
// that ripgrep answered, in the background, one build at a time; dropped after a few idle
// minutes; not kept past indexLimits. Node only, no vscode: unit-tested against the real ripgrep.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HitCollector, hitNotes, ripgrepFileArgs } from '../../core/tools/ripgrep';
import { looksSecret } from '../../core/tools/secretFiles';
import { isInside } from '../../core/tools/workspacePath';
import { comparePaths, indexLimits, literalMatcher, matchingLines, textAsRipgrepReads } from '../../core/tools/textIndex';
import { mapInOrder } from '../../core/tools/inOrder';
import type { Hit } from '../../core/tools/searchText';

interface KeptFile {
  relative: string;
  absolute: string;
  mtimeMs: number;
  size: number;
  /** Absent for a file ripgrep would skip as binary, and for a secret-looking file (read at each search, never kept). */
  text?: string;
  secret: boolean;
}

interface FolderIndex {
  excludes: string;
  files: KeptFile[];
  folders: Array<{ absolute: string; mtimeMs: number }>;
  /** `.git/info/exclude`, with its time, or none when it did not exist. */
  gitExclude: { absolute: string; mtimeMs: number | undefined };
}

export interface IndexedSearch {
  hits: Hit[];
  notes: string[];
}

const idleMs = 5 * 60_000;
/** The files whose rules ripgrep's walk follows (besides git's own exclude file, watched as a folder is). */
const ignoreFileNames = new Set(['.gitignore', '.ignore', '.rgignore']);
const readConcurrency = 16;
/** A folder changed this recently before a build is not trusted to be listed whole (coarse file-system clocks). */
const settleMs = 2_000;

const sameStat = (info: Stats | undefined, kept: { mtimeMs: number; size?: number }) =>
  !!info && info.mtimeMs === kept.mtimeMs && (kept.size === undefined || info.size === kept.size);

export class SearchIndex {
  private readonly byFolder = new Map<string, FolderIndex>();
  private building: Promise<void> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly rg: () => string | undefined,
    private readonly limits = indexLimits,
  ) {}

  /**
   * The search's hits from memory, or undefined when some folder has no index true to the disk
   * (ripgrep answers then, and `warm` builds it after). Synchronous on purpose: between the check and the
   * answer nothing else runs.
   */
  search(
    query: string,
    folders: readonly string[],
    excludes: readonly string[],
    ignoresOf: (folder: string) => (relative: string) => boolean,
  ): IndexedSearch | undefined {
    this.touch();
    const key = JSON.stringify(excludes);
    const checked = folders.map((folder) => {
      const index = this.byFolder.get(folder);
      return index && index.excludes === key && this.stillTrueOrNot(index) ? index : undefined;
    });
    if (checked.some((index) => !index)) {
      for (const [i, folder] of folders.entries()) if (!checked[i]) this.byFolder.delete(folder);
      return undefined;
    }
    let matcher: RegExp;
    try {
      matcher = literalMatcher(query);
    } catch {
      return undefined;
    }
    const collect = new HitCollector();
    let secrets = 0;
    for (const [i, folder] of folders.entries()) {
      const ignored = ignoresOf(folder);
      for (const file of checked[i]!.files) {
        if (collect.full) break;
        if (ignored(file.relative)) continue;
        const shown = folders.length > 1 ? `${path.basename(folder)}/${file.relative}` : file.relative;
        if (file.secret) {
          // Counted for the note, as the ripgrep path does, and never kept or sent.
          const text = this.readSecret(file);
          if (text !== undefined) secrets += matchingLines(text, matcher).length;
          continue;
        }
        if (file.text === undefined) continue;
        for (const hit of matchingLines(file.text, matcher)) collect.add(shown, hit.line, hit.text);
      }
    }
    return { hits: collect.hits, notes: hitNotes(collect, { secrets }) };
  }

  /** Builds what is missing, in the background; resolves when done (tests wait on it). */
  whenBuilt(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idle);
    this.byFolder.clear();
  }

  private touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.byFolder.clear(), idleMs);
    this.idle.unref?.();
  }

  /** A stat that fails otherwise than "not found" (a folder made unreadable) counts as a change. */
  private stillTrueOrNot(index: FolderIndex): boolean {
    try {
      return this.stillTrue(index);
    } catch {
      return false;
    }
  }

  /** One stat per kept file and folder; a changed file is read again here, a changed folder means the list is old. */
  private stillTrue(index: FolderIndex): boolean {
    if (statSync(index.gitExclude.absolute, { throwIfNoEntry: false })?.mtimeMs !== index.gitExclude.mtimeMs) return false;
    for (const folder of index.folders) if (!sameStat(statSync(folder.absolute, { throwIfNoEntry: false }), folder)) return false;
    for (const file of index.files) {
      const info = statSync(file.absolute, { throwIfNoEntry: false });
      if (sameStat(info, file)) continue;
      // A changed ignore file changes which files count: the list is made again.
      if (!info?.isFile() || ignoreFileNames.has(path.basename(file.relative))) return false;
      if (file.secret) {
        Object.assign(file, { mtimeMs: info.mtimeMs, size: info.size });
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(file.absolute);
      } catch {
        return false;
      }
      Object.assign(file, { mtimeMs: info.mtimeMs, size: info.size, text: textAsRipgrepReads(bytes) });
    }
    return true;
  }

  private readSecret(file: KeptFile): string | undefined {
    try {
      return textAsRipgrepReads(readFileSync(file.absolute));
    } catch {
      return undefined;
    }
  }

  /** Builds what is missing, in the background, after a search ripgrep answered (so the two never compete for the cores). */
  warm(folders: readonly string[], excludes: readonly string[]): void {
    this.touch();
    if (this.building || this.disposed) return;
    const rg = this.rg();
    if (!rg) return;
    this.building = (async () => {
      for (const folder of folders) {
        if (this.byFolder.has(folder)) continue;
        const index = await this.buildFolder(rg, folder, excludes).catch(() => undefined);
        if (index && !this.disposed) this.byFolder.set(folder, index);
      }
    })().finally(() => (this.building = undefined));
  }

  private async buildFolder(rg: string, folder: string, excludes: readonly string[]): Promise<FolderIndex | undefined> {
    const started = Date.now();
    const listed = await listFiles(rg, folder, excludes, this.limits.files);
    if (!listed) return undefined;
    const relatives = listed.sort(comparePaths);
    const folderPaths = new Set<string>([folder]);
    for (const relative of relatives) for (let dir = path.dirname(relative); dir !== '.'; dir = path.dirname(dir)) folderPaths.add(path.join(folder, dir));
    const folderStats = await Promise.all([...folderPaths].map(async (absolute) => ({ absolute, info: await stat(absolute).catch(() => undefined) })));
    // A folder changed while the list was made may hide a file the list missed: no index this time
    // (the next search tries again). The margin covers file systems with coarse timestamps.
    // Git's exclude file is read by ripgrep too, and is not listed (.git is excluded): watched like a folder.
    const gitExcludePath = path.join(folder, '.git', 'info', 'exclude');
    const gitExclude = { absolute: gitExcludePath, info: await stat(gitExcludePath).catch(() => undefined) };
    const changedLately = (info: Stats) => info.mtimeMs >= started - settleMs;
    if (folderStats.some(({ info }) => !info || changedLately(info))) return undefined;
    if (gitExclude.info && changedLately(gitExclude.info)) return undefined;
    let bytes = 0;
    let tooLarge = false;
    const files = await mapInOrder(
      relatives,
      readConcurrency,
      async (relative): Promise<KeptFile | undefined> => {
        const absolute = path.join(folder, relative);
        if (!isInside(folder, absolute)) return undefined;
        // The stat before the read: a change after it shows as a newer time at the next check.
        const info = await stat(absolute).catch(() => undefined);
        if (!info?.isFile()) return undefined;
        const secret = looksSecret(relative);
        if (secret) return { relative, absolute, mtimeMs: info.mtimeMs, size: info.size, secret };
        const content = await readFile(absolute).catch(() => undefined);
        if (!content) return undefined;
        bytes += content.length;
        if (bytes > this.limits.bytes) tooLarge = true;
        return { relative, absolute, mtimeMs: info.mtimeMs, size: info.size, secret, text: textAsRipgrepReads(content) };
      },
      () => !tooLarge,
    );
    if (tooLarge || files.length !== relatives.length || files.some((file) => !file)) return undefined;
    return {
      excludes: JSON.stringify(excludes),
      files: files as KeptFile[],
      folders: folderStats.map(({ absolute, info }) => ({ absolute, mtimeMs: info!.mtimeMs })),
      gitExclude: { absolute: gitExclude.absolute, mtimeMs: gitExclude.info?.mtimeMs },
    };
  }
}

/** `rg --files` with the search's rules, NUL-separated; undefined past `limit` files or on any failure. */
function listFiles(rg: string, folder: string, excludes: readonly string[], limit: number): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const child = spawn(rg, ripgrepFileArgs(excludes), { cwd: folder, stdio: ['ignore', 'pipe', 'ignore'], shell: false, windowsHide: true });
    const parts: Buffer[] = [];
    let count = 0;
    let over = false;
    child.stdout.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      count += chunk.filter((byte) => byte === 0).length;
      if (count > limit && !over) {
        over = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (over || (code !== 0 && code !== 1)) return resolve(undefined);
      const text = Buffer.concat(parts).toString('utf8');
      // A name that is not UTF-8 would not be found again by its decoded path: no index then.
      if (text.includes('\ufffd')) return resolve(undefined);
      resolve(
        text
          .split('\0')
          .filter(Boolean)
          .map((name) => name.replace(/^\.\//, '')),
      );
    });
  });
}
