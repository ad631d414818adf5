// Context for a selection, from the language servers already running: the definitions and type
// definitions of the identifiers it uses (asked concurrently, once per identifier), the enclosing
// declarations' headers, the file's imports and the diagnostics on its lines. Bounded in time:
// past `timeoutMs` the request goes with what is ready, marked partial. What is kept and how it
// reads is decided in core/grounding.
import * as vscode from 'vscode';
import type { Candidate } from '../../core/grounding/candidates';
import { buildGrounding, type Grounding } from '../../core/grounding/grounding';
import { usedIdentifiers } from '../../core/grounding/identifiers';
import { declarationEnd, headerEnd, importLines, leadingCommentStart, maxDeclarationLines } from '../../core/grounding/sourceLines';
import { looksBinary } from '../../core/prompts/code';
import { describeDiagnostic, type DiagnosticInfo } from '../../core/prompts/fix';
import { relativeName } from '../editor/codeUnderCursor';
import type { ContextSettings } from '../settings/settings';
import { mayRead } from './readableFile';

/** What a caller already sends itself: Fix puts the range's diagnostics in its own prompt, so the context leaves them out. */
export interface GatherOptions {
  withoutDiagnostics?: boolean;
}

/** The one interface the features are handed: context for a range of a document, or undefined when it is off. */
export type GatherContext = (document: vscode.TextDocument, range: vscode.Range, options?: GatherOptions) => Promise<Grounding | undefined>;

type Found = vscode.Location | vscode.LocationLink;

const enclosingKinds = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace,
]);

const severities: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function linesOf(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}

/** One gathering: the target documents it opened are shared by every identifier that leads there. */
export class Gathering {
  readonly candidates: Candidate[] = [];
  private readonly documents = new Map<string, Promise<vscode.TextDocument | undefined>>();

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly range: vscode.Range,
  ) {}

  private open(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const key = uri.toString();
    if (key === this.document.uri.toString()) return Promise.resolve(this.document);
    let opened = this.documents.get(key);
    if (!opened) {
      opened = Promise.resolve(vscode.workspace.openTextDocument(uri)).then(
        (document) => (looksBinary(document.getText()) ? undefined : document),
        () => undefined,
      );
      this.documents.set(key, opened);
    }
    return opened;
  }

  async definitions(
    command: 'vscode.executeDefinitionProvider' | 'vscode.executeTypeDefinitionProvider',
    name: string,
    offset: number,
    called: boolean,
  ): Promise<void> {
    const position = this.document.positionAt(this.document.offsetAt(this.range.start) + offset);
    const found = await Promise.resolve(vscode.commands.executeCommand<Found[] | undefined>(command, this.document.uri, position)).catch(() => undefined);
    await Promise.all(
      (found ?? []).slice(0, 3).map(async (location) => {
        const uri = 'targetUri' in location ? location.targetUri : location.uri;
        const range = 'targetUri' in location ? location.targetRange : location.range;
        if (!mayRead(uri, this.document)) return;
        const target = await this.open(uri);
        if (!target) return;
        const lines = linesOf(target);
        // Its doc comment says what it is for: read from there.
        const startLine = leadingCommentStart(lines, range.start.line);
        // A Location names only the name: read on to the declaration's end.
        const endLine = Math.min(
          range.end.line > range.start.line ? range.end.line : declarationEnd(lines, range.start.line),
          startLine + maxDeclarationLines - 1,
          lines.length - 1,
        );
        this.candidates.push({
          kind: command === 'vscode.executeDefinitionProvider' ? 'definition' : 'typeDefinition',
          symbol: name,
          firstUse: offset,
          called,
          span: { uri: uri.toString(), file: relativeName(target), startLine, endLine },
          text: lines.slice(startLine, endLine + 1).join('\n'),
          languageId: target.languageId,
        });
      }),
    );
  }

  async signatures(): Promise<void> {
    const symbols = await Promise.resolve(
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        this.document.uri,
      ),
    ).catch(() => undefined);
    const lines = linesOf(this.document);
    const visit = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
      for (const symbol of list) {
        const range = 'range' in symbol ? symbol.range : symbol.location.range;
        if (!range.contains(this.range.start)) continue;
        if (enclosingKinds.has(symbol.kind)) {
          const nameLine = 'selectionRange' in symbol ? symbol.selectionRange.end.line : range.start.line;
          const endLine = headerEnd(lines, range.start.line, nameLine);
          this.candidates.push({
            kind: 'signature',
            span: { uri: this.document.uri.toString(), file: relativeName(this.document), startLine: range.start.line, endLine },
            text: lines.slice(range.start.line, endLine + 1).join('\n'),
            languageId: this.document.languageId,
          });
        }
        if ('children' in symbol && symbol.children?.length) visit(symbol.children);
      }
    };
    visit(symbols ?? []);
  }

  /** The file's import lines, if it has any. */
  imports(): ReturnType<typeof importLines> {
    return importLines(linesOf(this.document));
  }

  /**
   * The imports and the diagnostics: read at once, no provider to wait for, and read again each
   * time a gathering is used (a language server may have reported on the lines since it began).
   */
  local(): Candidate[] {
    const local: Candidate[] = [];
    const imports = this.imports();
    const file = relativeName(this.document);
    const uri = this.document.uri.toString();
    if (imports) local.push({ kind: 'imports', span: { uri, file, ...imports }, text: imports.text, languageId: this.document.languageId });
    const diagnostics = vscode.languages
      .getDiagnostics(this.document.uri)
      .filter((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Hint)
      .filter((diagnostic) => diagnostic.range.start.line >= this.range.start.line && diagnostic.range.start.line <= this.range.end.line)
      .map((diagnostic) =>
        describeDiagnostic({
          message: diagnostic.message,
          severity: severities[diagnostic.severity],
          source: diagnostic.source,
          code: typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code,
          line: diagnostic.range.start.line + 1,
          column: diagnostic.range.start.character + 1,
        }),
      );
    if (diagnostics.length) {
      local.push({
        kind: 'diagnostics',
        span: { uri, file, startLine: this.range.start.line, endLine: this.range.end.line },
        text: diagnostics.join('\n'),
        languageId: this.document.languageId,
      });
    }
    return local;
  }
}

/** A gathering under way: the providers asked, their answers arriving in `gathering.candidates`. */
export interface StartedGathering {
  readonly gathering: Gathering;
  /** Settles when every provider has answered (or failed); never rejects. */
  readonly done: Promise<void>;
  /** True once `done` has settled. */
  readonly settled: () => boolean;
  /** performance.now() when the providers were asked. */
  readonly startedAt: number;
}

/** Asks the providers for a range: the definitions of what it uses and its enclosing declarations. */
export function startGathering(document: vscode.TextDocument, range: vscode.Range): StartedGathering {
  const startedAt = performance.now();
  const gathering = new Gathering(document, range);
  const work: Promise<void>[] = [gathering.signatures()];
  for (const { name, offset, called } of usedIdentifiers(document.getText(range), document.languageId)) {
    work.push(gathering.definitions('vscode.executeDefinitionProvider', name, offset, called));
    work.push(gathering.definitions('vscode.executeTypeDefinitionProvider', name, offset, called));
  }
  let settled = false;
  const done = Promise.allSettled(work).then(() => {
    settled = true;
  });
  return { gathering, done, settled: () => settled, startedAt };
}

/**
 * The grounding from a gathering: waits for its providers at most `timeoutMs` from now (past it,
 * what is ready goes, marked partial), then adds the imports and diagnostics as they are now.
 */
export async function groundingFrom(
  started: StartedGathering,
  document: vscode.TextDocument,
  range: vscode.Range,
  settings: ContextSettings,
  options: GatherOptions,
  log: (line: string) => void,
  how = '',
): Promise<Grounding> {
  const asked = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    started.done.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), settings.timeoutMs))),
  ]);
  clearTimeout(timer);
  // A snapshot: providers still answering after the bound add to an array no one reads again.
  const candidates = [...started.gathering.candidates, ...started.gathering.local()].filter(
    (candidate) => !(options.withoutDiagnostics && candidate.kind === 'diagnostics'),
  );
  const grounding = buildGrounding(candidates, {
    selection: { uri: document.uri.toString(), startLine: range.start.line, endLine: range.end.line },
    maxTokens: settings.maxTokens,
    ...(timedOut ? { timedOutAfterMs: settings.timeoutMs } : {}),
  });
  log(
    `context: ${grounding.view.summary}${timedOut ? ` (${grounding.view.partial})` : ''}, ~${grounding.tokens} tokens in ${Math.round(performance.now() - asked)} ms${how}`,
  );
  return grounding;
}
