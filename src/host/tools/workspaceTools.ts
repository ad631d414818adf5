// The read-only tools over VS Code's workspace: the pure checks (core/tools) decide what may be
// read; this file only finds, reads and asks. Files are found with vscode.workspace.findFiles
// under files.exclude and search.exclude, then filtered by the folder's .gitignore; a
// secret-looking file is read only when the user allows it once, in a modal naming the file.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Tool, ToolOutcome } from '../../core/tools/toolLoop';
import { describeCall, toolDefinitions, type ToolName } from '../../core/tools/toolDefinitions';
import { resolveInWorkspace, isInside, type WorkspaceRoots } from '../../core/tools/workspacePath';
import { looksSecret } from '../../core/tools/secretFiles';
import { binaryRefusalFor, isBinary, sizeRefusal, sliceLines } from '../../core/tools/fileContent';
import { formatList, globRefusal, maxListed } from '../../core/tools/fileList';
import { compilePattern, formatHits, maxHits, searchLines, type Hit, type Pattern } from '../../core/tools/searchText';
import { mapInOrder } from '../../core/tools/inOrder';
import { parseGitignore } from '../../core/tools/gitignore';
import { searchWithRipgrep } from './ripgrepSearch';
import type { SearchIndex } from './searchIndex';
import { answerableFromIndex } from '../../core/tools/textIndex';
import { excludeMatcher } from '../../core/tools/excludeGlobs';

const searchFileLimit = 5_000;
const searchFileBytes = 1024 * 1024;
const searchBudgetMs = 3_000;
/** Files read at once by search_text. */
const searchConcurrency = 16;

/** Where VS Code (and code-server) keep the ripgrep its search runs: unpacked beside an asar, or plain. */
const ripgrepDirs = ['node_modules/@vscode/ripgrep/bin', 'node_modules.asar.unpacked/@vscode/ripgrep/bin'];
let ripgrepFound: string | null | undefined;

export function ripgrepPath(): string | undefined {
  if (ripgrepFound === undefined) {
    const name = process.platform === 'win32' ? 'rg.exe' : 'rg';
    ripgrepFound = ripgrepDirs.map((dir) => path.join(vscode.env.appRoot, dir, name)).find((file) => existsSync(file)) ?? null;
  }
  return ripgrepFound ?? undefined;
}

const refusal = (summary: string, content: string): ToolOutcome => ({ summary, content: `Error: ${content}`, error: true });

function roots(): WorkspaceRoots {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  return { folders, realpath: (p) => realpath(p) };
}

/** files.exclude and search.exclude, the globs switched on. */
function excludeGlobs(): string[] {
  const patterns = new Set<string>();
  for (const section of ['files', 'search']) {
    const map = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(map)) if (on === true) patterns.add(glob);
  }
  return [...patterns];
}

/** The excludes as one glob for findFiles (an explicit exclude replaces files.exclude, so both go in). */
function excludeGlob(): string | undefined {
  const patterns = excludeGlobs();
  return patterns.length ? `{${patterns.join(',')}}` : undefined;
}

async function gitignoreOf(folder: string): Promise<(relative: string) => boolean> {
  try {
    return parseGitignore(await readFile(path.join(folder, '.gitignore'), 'utf8'));
  } catch {
    return () => false;
  }
}

/**
 * True when VS Code's own excludes or the folder's .gitignore hide the file. The excludes are
 * matched here (core/tools/excludeGlobs.ts), not by a findFiles round trip to the workbench per
 * read; a missing file is told apart later, by stat.
 */
async function hidden(folder: string, relative: string): Promise<boolean> {
  if ((await gitignoreOf(folder))(relative)) return true;
  return excludeMatcher(excludeGlobs())(relative);
}

export type SearchEngine = 'index' | 'ripgrep' | 'scan';

export interface WorkspaceToolsDeps {
  /** Asks, once per call, whether a secret-looking file may be sent; true only on an explicit yes. */
  allowSecret(relative: string): Promise<boolean>;
  /** Told which way each search_text ran: from the kept index, through ripgrep, or the JS scan when ripgrep is missing or failed. */
  onSearch?(engine: SearchEngine): void;
  /** The file texts kept between searches (absent: every search runs ripgrep). */
  index?: SearchIndex;
}

export function askBeforeSecret(relative: string): Promise<boolean> {
  return Promise.resolve(
    vscode.window.showWarningMessage(
      `The model asks to read ${relative}, which may hold secrets (keys, passwords). Send its content to OpenRouter this once?`,
      { modal: true },
      'Allow Once',
    ),
  ).then((choice) => choice === 'Allow Once');
}

async function readChecked(
  input: unknown,
  deps: WorkspaceToolsDeps,
): Promise<{ ok: true; folder: string; relative: string; absolute: string } | { ok: false; outcome: ToolOutcome }> {
  const resolved = await resolveInWorkspace(input, roots());
  if (!resolved.ok) return { ok: false, outcome: refusal(`Refused ${String(input)}`, resolved.reason) };
  if (looksSecret(resolved.relative) && !(await deps.allowSecret(resolved.relative))) {
    return {
      ok: false,
      outcome: refusal(`Refused ${resolved.relative}: looks secret`, `${resolved.relative} looks like it holds secrets and the user did not allow reading it.`),
    };
  }
  if (await hidden(resolved.folder, resolved.relative)) {
    return {
      ok: false,
      outcome: refusal(
        `Refused ${resolved.relative}: excluded`,
        `${resolved.relative} does not exist or is excluded (files.exclude, search.exclude or .gitignore).`,
      ),
    };
  }
  // findFiles used to answer this too; without it a missing path is told as such, not thrown.
  if (!(await stat(resolved.absolute).catch(() => undefined))) {
    return { ok: false, outcome: refusal(`Refused ${resolved.relative}: not found`, `${resolved.relative} does not exist.`) };
  }
  return resolved;
}

async function readFileTool(args: Record<string, unknown>, deps: WorkspaceToolsDeps): Promise<ToolOutcome> {
  const checked = await readChecked(args.path, deps);
  if (!checked.ok) return checked.outcome;
  const { relative, absolute } = checked;
  const info = await stat(absolute);
  if (!info.isFile()) return refusal(`Refused ${relative}`, `${relative} is not a file.`);
  const tooLarge = sizeRefusal(relative, info.size);
  if (tooLarge) return { summary: `Refused ${relative}: too large`, content: tooLarge, error: true };
  const bytes = await readFile(absolute);
  if (isBinary(bytes)) return { summary: `Refused ${relative}: binary`, content: binaryRefusalFor(relative), error: true };
  const slice = sliceLines(relative, bytes.toString('utf8'), { startLine: args.startLine, endLine: args.endLine });
  return { summary: `Read ${relative} ${slice.first}–${slice.last}`, content: slice.content };
}

/** Workspace files matching `glob`, excludes and .gitignore applied, as workspace-relative paths. */
async function findVisible(glob: string, limit: number, token?: vscode.CancellationToken): Promise<Array<{ relative: string; absolute: string }>> {
  const { folders } = roots();
  const ignores = new Map(await Promise.all(folders.map(async (folder) => [folder, await gitignoreOf(folder)] as const)));
  const uris = await vscode.workspace.findFiles(glob, excludeGlob(), limit, token);
  const out: Array<{ relative: string; absolute: string }> = [];
  for (const uri of uris) {
    const folder = folders.find((candidate) => isInside(candidate, uri.fsPath));
    if (!folder) continue;
    const relative = path.relative(folder, uri.fsPath).split(path.sep).join('/');
    if (ignores.get(folder)?.(relative)) continue;
    out.push({ relative: folders.length > 1 ? `${path.basename(folder)}/${relative}` : relative, absolute: uri.fsPath });
  }
  return out;
}

function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}

/** One file's hits, or why it was not searched. */
async function searchFile(
  file: { relative: string; absolute: string },
  pattern: Extract<Pattern, { ok: true }>,
): Promise<{ hits: Hit[]; skip?: 'secret' | 'large'; timedOut?: boolean }> {
  if (looksSecret(file.relative)) return { hits: [], skip: 'secret' };
  const info = await stat(file.absolute).catch(() => undefined);
  if (!info || info.size > searchFileBytes) return { hits: [], skip: 'large' };
  const bytes = await readFile(file.absolute).catch(() => undefined);
  if (!bytes || isBinary(bytes)) return { hits: [] };
  const text = bytes.toString('utf8');
  // Most files lack what is searched: one test of the whole text spares splitting it into lines.
  if (!pattern.mayContain(text)) return { hits: [] };
  const result = searchLines(file.relative, text, pattern, maxHits);
  return { hits: result.hits, timedOut: result.timedOut };
}

async function searchTool(args: Record<string, unknown>, signal: AbortSignal, deps: WorkspaceToolsDeps): Promise<ToolOutcome> {
  const pattern = compilePattern(args.query, args.isRegex);
  if (!pattern.ok) return refusal(`Search refused`, pattern.reason);
  const glob = typeof args.glob === 'string' && args.glob.trim() ? args.glob : '**/*';
  const bad = globRefusal(glob);
  if (bad) return refusal('Search refused', bad);
  const { folders } = roots();
  const ignores = new Map(await Promise.all(folders.map(async (folder) => [folder, await gitignoreOf(folder)] as const)));
  const query = { query: String(args.query), isRegex: args.isRegex === true, glob, excludes: excludeGlobs() };
  const ignoresOf = (folder: string) => ignores.get(folder) ?? (() => false);
  const index = answerableFromIndex(query) ? deps.index : undefined;
  const kept = index?.search(query.query, folders, query.excludes, ignoresOf);
  if (kept) {
    deps.onSearch?.('index');
    return formatHits(pattern.label, kept.hits, kept.notes);
  }
  const fast = await searchWithRipgrep(ripgrepPath(), query, folders, ignoresOf, searchBudgetMs, signal);
  if (fast) {
    if (index && fast.ok) index.warm(folders, query.excludes);
    deps.onSearch?.('ripgrep');
    if (!fast.ok) return refusal('Search refused', fast.refusal);
    return formatHits(pattern.label, fast.hits, fast.notes);
  }
  deps.onSearch?.('scan');
  return scanSearch(pattern, glob, signal);
}

/** The JS scan: every visible file read through Node and matched here (when ripgrep cannot run). */
async function scanSearch(pattern: Extract<Pattern, { ok: true }>, glob: string, signal: AbortSignal): Promise<ToolOutcome> {
  const source = tokenFor(signal);
  try {
    const files = await findVisible(glob, searchFileLimit, source.token);
    const notes: string[] = [];
    const started = performance.now();
    let found = 0;
    let outOfTime = false;
    // A few files at a time (their reads overlap), taken in order: the hits come back in file order.
    const searched = await mapInOrder(
      files,
      searchConcurrency,
      async (file) => {
        const result = await searchFile(file, pattern);
        found += result.hits.length;
        return result;
      },
      () => {
        if (performance.now() - started > searchBudgetMs) outOfTime = true;
        return !signal.aborted && !outOfTime && found < maxHits;
      },
    );
    if (outOfTime) notes.push(`the search stopped after ${searchBudgetMs / 1000} s: not every file was searched`);
    const hits = searched.flatMap((result) => result.hits).slice(0, maxHits);
    const secrets = searched.filter((result) => result.skip === 'secret').length;
    const skipped = searched.filter((result) => result.skip === 'large').length;
    const slowFiles = searched.filter((result) => result.timedOut).length;
    if (files.length >= searchFileLimit) notes.push(`only the first ${searchFileLimit} files were searched: use a narrower glob`);
    if (hits.length >= maxHits) notes.push(`stopped at ${maxHits} hits: use a more specific query`);
    if (secrets) notes.push(`${secrets} secret-looking file(s) were not searched`);
    if (skipped) notes.push(`${skipped} file(s) over 1 MB were not searched`);
    if (slowFiles) notes.push(`${slowFiles} file(s) were searched only in part (time bound per file)`);
    return formatHits(pattern.label, hits, notes);
  } finally {
    source.dispose();
  }
}

async function listTool(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
  const bad = globRefusal(args.glob);
  if (bad) return refusal('List refused', bad);
  const source = tokenFor(signal);
  try {
    // One more than the cap (and room for .gitignore's share) tells "more than 500" without listing 100,000.
    const files = await findVisible(String(args.glob), maxListed * 4 + 1, source.token);
    return formatList(
      String(args.glob),
      files.map((file) => file.relative),
    );
  } finally {
    source.dispose();
  }
}

function relativeOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = roots().folders.find((candidate) => isInside(candidate, uri.fsPath));
  return folder ? path.relative(folder, uri.fsPath).split(path.sep).join('/') : undefined;
}

async function findSymbolTool(args: Record<string, unknown>): Promise<ToolOutcome> {
  const query = typeof args.query === 'string' ? args.query.trim() : '';
  if (!query) return refusal('Symbol search refused', 'query is required');
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  const lines: string[] = [];
  for (const symbol of symbols) {
    const relative = relativeOf(symbol.location.uri);
    if (!relative || looksSecret(relative)) continue;
    lines.push(
      `${symbol.name} (${vscode.SymbolKind[symbol.kind]}) ${relative}:${symbol.location.range.start.line + 1}${symbol.containerName ? ` in ${symbol.containerName}` : ''}`,
    );
    if (lines.length >= 50) break;
  }
  return { summary: `Found symbol \`${query}\`: ${lines.length} result${lines.length === 1 ? '' : 's'}`, content: lines.join('\n') || 'No symbols found.' };
}

async function definitionTool(args: Record<string, unknown>, deps: WorkspaceToolsDeps): Promise<ToolOutcome> {
  const checked = await readChecked(args.path, deps);
  if (!checked.ok) return checked.outcome;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(checked.absolute));
  const line = typeof args.line === 'number' ? Math.floor(args.line) - 1 : -1;
  if (line < 0 || line >= document.lineCount) return refusal('Definition refused', `line must be between 1 and ${document.lineCount}`);
  const text = document.lineAt(line).text;
  let character = typeof args.character === 'number' ? Math.floor(args.character) - 1 : -1;
  if (typeof args.symbol === 'string' && args.symbol) character = text.indexOf(args.symbol);
  if (character < 0 || character > text.length) return refusal('Definition refused', `give a character on line ${line + 1}, or a symbol that appears on it`);
  const found =
    (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      document.uri,
      new vscode.Position(line, character),
    )) ?? [];
  const parts: string[] = [];
  for (const item of found.slice(0, 5)) {
    const uri = 'targetUri' in item ? item.targetUri : item.uri;
    const range = 'targetUri' in item ? (item.targetRange ?? item.targetSelectionRange) : item.range;
    const relative = relativeOf(uri);
    if (!relative) {
      parts.push(`(a definition outside the workspace: ${uri.scheme === 'file' ? path.basename(uri.fsPath) : uri.scheme}, not read)`);
      continue;
    }
    if (looksSecret(relative)) continue;
    const target = await vscode.workspace.openTextDocument(uri);
    const first = range.start.line;
    const last = Math.min(target.lineCount - 1, Math.max(range.end.line, first) + 2, first + 60);
    const code = Array.from({ length: last - first + 1 }, (_, i) => `${first + i + 1}: ${target.lineAt(first + i).text}`).join('\n');
    parts.push(`${relative} lines ${first + 1}–${last + 1}\n${code}`);
  }
  const name = typeof args.symbol === 'string' && args.symbol ? `\`${args.symbol}\`` : `${checked.relative}:${line + 1}`;
  return { summary: `Definition of ${name}: ${parts.length} found`, content: parts.join('\n\n') || 'No definition found.' };
}

async function diagnosticsTool(args: Record<string, unknown>, deps: WorkspaceToolsDeps): Promise<ToolOutcome> {
  let entries: Array<[vscode.Uri, readonly vscode.Diagnostic[]]>;
  if (args.path !== undefined) {
    const checked = await readChecked(args.path, deps);
    if (!checked.ok) return checked.outcome;
    const uri = vscode.Uri.file(checked.absolute);
    entries = [[uri, vscode.languages.getDiagnostics(uri)]];
  } else {
    entries = vscode.languages.getDiagnostics();
  }
  const lines: string[] = [];
  for (const [uri, diagnostics] of entries) {
    const relative = relativeOf(uri);
    if (!relative || looksSecret(relative)) continue;
    for (const d of diagnostics)
      lines.push(`${relative}:${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity].toLowerCase()}: ${d.message}`);
  }
  const where = typeof args.path === 'string' ? args.path : 'the workspace';
  return { summary: `Diagnostics of ${where}: ${lines.length}`, content: lines.slice(0, 300).join('\n') || 'No problems reported.' };
}

/** The six tools, ready for the loop. */
export function workspaceTools(deps: WorkspaceToolsDeps): Tool[] {
  const make = (name: ToolName, run: (args: Record<string, unknown>, signal: AbortSignal) => Promise<ToolOutcome>): Tool => ({
    definition: toolDefinitions[name],
    describe: (args) => describeCall(name, args),
    run,
  });
  return [
    make('read_file', (args) => readFileTool(args, deps)),
    make('search_text', (args, signal) => searchTool(args, signal, deps)),
    make('list_files', (args, signal) => listTool(args, signal)),
    make('find_symbol', (args) => findSymbolTool(args)),
    make('get_definition', (args) => definitionTool(args, deps)),
    make('get_diagnostics', (args) => diagnosticsTool(args, deps)),
  ];
}
