// list_files's answer: the paths a glob matched, capped, and told so when more matched (a glob
// like **/* in a large repository matches 100,000 files; the model gets the first few hundred and
// is asked to narrow it). Also the glob's own check. Pure.

export const maxListed = 500;

export function globRefusal(glob: unknown): string | undefined {
  if (typeof glob !== 'string' || !glob.trim()) return 'glob is required, e.g. "src/**/*.ts"';
  if (glob.length > 300) return 'glob is longer than 300 characters';
  if (glob.replace(/\\/g, '/').split('/').includes('..')) return 'the glob climbs out with "..": only the workspace is listed';
  if (/^([a-zA-Z]:)?[\\/]/.test(glob)) return 'the glob must be relative to the workspace folder';
  return undefined;
}

/** `paths` may hold one more than the cap (how the host learns there were more without collecting them all). */
export function formatList(glob: string, paths: readonly string[], cap = maxListed): { summary: string; content: string } {
  const sorted = [...paths].sort();
  const shown = sorted.slice(0, cap);
  const more = sorted.length > cap;
  const summary = `Listed ${glob}: ${more ? `more than ${cap}` : shown.length} file${shown.length === 1 ? '' : 's'}`;
  const note = more ? `\n[more than ${cap} files match: only the first ${cap} are listed; use a narrower glob]` : '';
  return { summary, content: (shown.length ? shown.join('\n') : 'No files match.') + note };
}
