// Where a tool may look: a path the model names is resolved inside the workspace folders or
// refused, with the reason told to the model. No `..` segment, no absolute path outside a folder,
// and no symlink that leads out (the real path of what exists is checked too). Pure: the file
// system's realpath is handed in.
import path from 'node:path';

export interface WorkspaceRoots {
  /** Absolute folder paths, as VS Code reports them. */
  folders: readonly string[];
  /** fs.realpath; rejects when nothing exists at the path. */
  realpath(p: string): Promise<string>;
}

export type ResolvedPath = { ok: true; absolute: string; relative: string; folder: string } | { ok: false; reason: string };

const refused = (reason: string): ResolvedPath => ({ ok: false, reason });

/** True when `child` is `parent` or inside it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export async function resolveInWorkspace(input: unknown, roots: WorkspaceRoots): Promise<ResolvedPath> {
  if (typeof input !== 'string' || !input.trim()) return refused('a path is required (relative to the workspace folder)');
  if (input.includes('\0')) return refused('the path holds a NUL character');
  if (!roots.folders.length) return refused('no workspace folder is open');
  const raw = input.trim().replace(/\\/g, '/');
  if (raw.split('/').includes('..')) return refused(`"${input}" climbs out with "..": only files inside the workspace can be read`);
  let folder: string | undefined;
  let absolute: string;
  if (path.isAbsolute(raw) || /^[a-zA-Z]:\//.test(raw)) {
    absolute = path.resolve(raw);
    folder = roots.folders.find((candidate) => isInside(candidate, absolute));
    if (!folder) return refused(`"${input}" is outside the workspace folders: only files inside them can be read`);
  } else {
    // A multi-root workspace: "name/rest" names the folder by its base name; else the first folder.
    const [head, ...rest] = raw.replace(/^\.\//, '').split('/');
    const named = roots.folders.length > 1 ? roots.folders.find((candidate) => path.basename(candidate) === head) : undefined;
    folder = named ?? roots.folders[0];
    absolute = path.resolve(folder, named ? rest.join('/') : raw);
    if (!isInside(folder, absolute)) return refused(`"${input}" is outside the workspace folders`);
  }
  // A symlink inside the folder may point anywhere: what exists is judged by its real path.
  const [realFolder, realTarget] = await Promise.all([roots.realpath(folder).catch(() => folder), realpathOfExisting(absolute, roots.realpath)]);
  if (!isInside(realFolder, realTarget)) return refused(`"${input}" is a link that leads outside the workspace: it is not read`);
  return { ok: true, absolute, relative: path.relative(folder, absolute).split(path.sep).join('/') || '.', folder };
}

/** The real path of `p`, or of its nearest existing parent joined with the rest (a file not yet there). */
async function realpathOfExisting(p: string, realpath: WorkspaceRoots['realpath']): Promise<string> {
  let current = p;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(current), ...tail);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return p;
      tail.unshift(path.basename(current));
      current = parent;
    }
  }
}
