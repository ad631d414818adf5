// The read-only tools as the model sees them: names, what each does, and their arguments as JSON
// Schema (OpenAI-compatible `tools`), with the step line each shows while it runs. Pure.
import type { ToolDefinition } from '../openrouter/types';

const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[]): ToolDefinition => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
});

const path = { type: 'string', description: 'A path relative to the workspace folder, e.g. "src/config.ts"' };

export const toolDefinitions = {
  read_file: fn(
    'read_file',
    'Read lines of a text file in the workspace. Lines come numbered. Without a range, the first 400 lines.',
    { path, startLine: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 } },
    ['path'],
  ),
  search_text: fn(
    'search_text',
    'Search the workspace files for a literal string (or a JavaScript regex with isRegex), case-insensitive. Returns path:line: text per hit.',
    { query: { type: 'string' }, isRegex: { type: 'boolean' }, glob: { type: 'string', description: 'Only files matching this glob, e.g. "src/**/*.ts"' } },
    ['query'],
  ),
  list_files: fn('list_files', 'List the workspace files matching a glob, e.g. "src/**/*.ts".', { glob: { type: 'string' } }, ['glob']),
  find_symbol: fn(
    'find_symbol',
    "Find functions, classes, types and variables by name with the language servers' workspace symbol search.",
    { query: { type: 'string' } },
    ['query'],
  ),
  get_definition: fn(
    'get_definition',
    'Go to the definition of a symbol used in a file: give the path and the 1-based line, and either the 1-based character or the symbol name on that line. Returns the definition code.',
    { path, line: { type: 'integer', minimum: 1 }, character: { type: 'integer', minimum: 1 }, symbol: { type: 'string' } },
    ['path', 'line'],
  ),
  get_diagnostics: fn('get_diagnostics', "The language servers' errors and warnings for one file, or for the whole workspace without a path.", { path }, []),
} as const;

export type ToolName = keyof typeof toolDefinitions;

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : undefined);

/** The line shown while a call runs. */
export function describeCall(name: ToolName, args: Record<string, unknown>): string {
  switch (name) {
    case 'read_file': {
      const start = num(args.startLine);
      const end = num(args.endLine);
      return `Reading ${str(args.path)}${start ? ` ${start}–${end ?? ''}` : ''}`;
    }
    case 'search_text':
      return `Searching \`${str(args.query)}\`${args.glob ? ` in ${str(args.glob)}` : ''}`;
    case 'list_files':
      return `Listing ${str(args.glob)}`;
    case 'find_symbol':
      return `Finding symbol \`${str(args.query)}\``;
    case 'get_definition':
      return `Finding the definition of ${args.symbol ? `\`${str(args.symbol)}\`` : 'a symbol'} at ${str(args.path)}:${num(args.line) ?? '?'}`;
    case 'get_diagnostics':
      return `Reading diagnostics${args.path ? ` of ${str(args.path)}` : ''}`;
  }
}

/** Tools go only to a model whose /models entry lists `tools`; an unknown model (no list yet) gets none. */
export function modelTakesTools(supportedParameters: readonly string[] | undefined): boolean {
  return supportedParameters?.includes('tools') ?? false;
}

export const defaultMaxRounds = 8;

/** `flashlight.tools.maxRounds` as a number of rounds: anything odd is the default, bounded to 1–20. */
export function parseMaxRounds(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(20, Math.max(1, Math.floor(value))) : defaultMaxRounds;
}
