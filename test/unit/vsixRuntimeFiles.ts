// What the installed extension loads at run time, found from the project itself rather than
// listed by hand, so a file added later is checked too: the manifest's `main`, its icon and every
// icon file its contributions name; the files the host code names by literal path under the
// extension's folder (the webviews' script and styles, the panel's icon); the bundles the main
// bundle requires (the SDK, loaded lazily); and what those stylesheets load by url() (the codicon
// font). Beside it, vsce's own list of what goes into the .vsix (the same code `vsce ls` and
// `vsce package` run), so a test can say which run-time file the package would leave out.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Paths relative to the project, with forward slashes, as vsce lists them. */
export function runtimeFiles(root: string): string[] {
  const found = new Set<string>();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  found.add(normal(String(manifest.main)));
  if (typeof manifest.icon === 'string') found.add(normal(manifest.icon));
  for (const icon of iconPaths(manifest.contributes)) found.add(normal(icon));
  for (const file of sourceFiles(path.join(root, 'src', 'host'))) {
    for (const literalPath of literalAssetPaths(fs.readFileSync(file, 'utf8'))) found.add(literalPath);
  }
  // Bundles the main bundle requires beside itself ("./openai.js" is resolved next to dist/extension.js).
  const main = normal(String(manifest.main));
  const mainText = fs.readFileSync(path.join(root, main), 'utf8');
  for (const match of mainText.matchAll(/require\("(\.\/[^"]+)"\)/g)) found.add(normal(path.posix.join(path.posix.dirname(main), match[1])));
  // What the stylesheets load (fonts), relative to each stylesheet.
  for (const sheet of [...found].filter((name) => name.endsWith('.css'))) {
    const css = fs.existsSync(path.join(root, sheet)) ? fs.readFileSync(path.join(root, sheet), 'utf8') : '';
    for (const match of css.matchAll(/url\(\s*["']?([^"')?#]+)/g)) {
      if (!/^(data|https?):/.test(match[1])) found.add(normal(path.posix.join(path.posix.dirname(sheet), match[1])));
    }
  }
  return [...found].sort();
}

/** Icon file paths anywhere in `contributes` (a string, or { light, dark }); `$(codicon)` names are not files. */
function iconPaths(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(iconPaths);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => {
    if (key === 'icon' && typeof value === 'string') return value.startsWith('$(') ? [] : [value];
    if (key === 'icon' && value && typeof value === 'object') return Object.values(value).filter((v): v is string => typeof v === 'string');
    return iconPaths(value);
  });
}

/**
 * Files named in host code by string literals under the extension's folder: `asset('dist',
 * 'webview.js')` (webviewHtml) and `joinPath(this.extensionUri, 'media', 'flashlight.svg')`.
 * Folders (no extension in the last part, e.g. localResourceRoots) are not files to check.
 */
export function literalAssetPaths(source: string): string[] {
  const paths: string[] = [];
  for (const match of source.matchAll(/(?:\basset|joinPath)\(\s*(?:(?:this\.)?extensionUri\s*,\s*)?((?:'[^']*'\s*,?\s*)+)\)/g)) {
    const parts = [...match[1].matchAll(/'([^']*)'/g)].map((part) => part[1]);
    if (parts.length && /\.\w+$/.test(parts[parts.length - 1])) paths.push(parts.join('/'));
  }
  return paths;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function normal(file: string): string {
  return path.posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** vsce's list of the files the .vsix would hold, as `vsce ls --no-dependencies` prints it. */
export async function packagedFiles(cwd: string): Promise<string[]> {
  // vsce ships no type declarations: the two names used here, typed by hand.
  const vsce = require('@vscode/vsce') as {
    listFiles(options: { cwd: string; packageManager: string }): Promise<string[]>;
    PackageManager: { None: string };
  };
  return (await vsce.listFiles({ cwd, packageManager: vsce.PackageManager.None })).map(normal);
}

/** The run-time files the package would leave out. */
export async function runtimeFilesLeftOut(root: string): Promise<string[]> {
  const packaged = new Set(await packagedFiles(root));
  return runtimeFiles(root).filter((file) => !packaged.has(file));
}
