// Just enough of the `vscode` module for the code action provider to run in plain Node, for its
// benchmark. The classes mirror VS Code's own (src/vs/workbench/api/common/extHostTypes.ts): plain
// objects with the same fields and the same CodeActionKind arithmetic, so what is timed is the
// provider's own work. `TextDocument` mirrors ExtHostDocumentData: lines kept in an array and
// getText() joining them, as the real one does on every call.

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class Selection extends Range {}

export class CodeActionKind {
  private static readonly sep = '.';
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = CodeActionKind.Empty.append('quickfix');
  static readonly Refactor = CodeActionKind.Empty.append('refactor');
  static readonly RefactorRewrite = CodeActionKind.Refactor.append('rewrite');
  constructor(readonly value: string) {}
  append(parts: string): CodeActionKind {
    return new CodeActionKind(this.value ? this.value + CodeActionKind.sep + parts : parts);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === other.value || other.value.startsWith(this.value + CodeActionKind.sep);
  }
}

export class CodeAction {
  command?: { command: string; title: string; arguments?: unknown[] };
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export enum CodeActionTriggerKind {
  Invoke = 1,
  Automatic = 2,
}

export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class TextLine {
  constructor(
    readonly lineNumber: number,
    readonly text: string,
  ) {}
}

export class TextDocument {
  readonly uri = { toString: () => 'file:///bench/big.ts', scheme: 'file', path: '/bench/big.ts' };
  readonly languageId = 'typescript';
  version = 1;
  constructor(private readonly lines: string[]) {}
  get lineCount(): number {
    return this.lines.length;
  }
  lineAt(line: number): TextLine {
    return new TextLine(line, this.lines[line]);
  }
  getText(range?: Range): string {
    if (!range) return this.lines.join('\n');
    const parts = this.lines.slice(range.start.line, range.end.line + 1);
    parts[parts.length - 1] = parts[parts.length - 1].slice(0, range.end.character);
    parts[0] = parts[0].slice(range.start.character);
    return parts.join('\n');
  }
}
