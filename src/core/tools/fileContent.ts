// What read_file sends for a file's bytes: refused when too large or binary (the model is told
// why and what to do instead), else the asked-for lines, numbered so the model can cite them and
// ask for the next range. Pure.
import { maxResultBytes } from './resultBounds';

/** Larger files are not read at all: their size alone says they are generated data or a bundle. */
export const maxFileBytes = 5 * 1024 * 1024;
/** Lines sent when the model names no range, so one call stays well under the result bound. */
export const defaultLineSpan = 400;

export function sizeRefusal(relative: string, bytes: number): string | undefined {
  if (bytes <= maxFileBytes) return undefined;
  return `Error: ${relative} is ${(bytes / 1024 / 1024).toFixed(1)} MB, larger than the ${maxFileBytes / 1024 / 1024} MB read_file reads. Use search_text to find the part you need.`;
}

/** A NUL byte in the first 8 KB, as git decides, or bytes that are not UTF-8 text. */
export function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, lastCompleteUtf8(head)));
    return false;
  } catch {
    return true;
  }
}

/** Where the last whole UTF-8 character of a cut buffer ends, so a character cut at 8 KB is not taken for binary. */
function lastCompleteUtf8(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

export function binaryRefusalFor(relative: string): string {
  return `Error: ${relative} is a binary file; read_file reads text only.`;
}

export interface LineRange {
  startLine?: unknown;
  endLine?: unknown;
}

/** The lines asked for (1-based, inclusive), numbered; the header says which and of how many. */
export function sliceLines(relative: string, text: string, range: LineRange): { content: string; first: number; last: number; total: number } {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  const asked = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : undefined);
  const first = Math.min(Math.max(1, asked(range.startLine) ?? 1), Math.max(1, total));
  let last = Math.min(total, Math.max(first, asked(range.endLine) ?? first + defaultLineSpan - 1));
  // Keep whole lines under the result bound rather than letting the cut fall mid-line.
  let bytes = 0;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const line = `${n}: ${lines[n - 1] ?? ''}`;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (bytes > maxResultBytes - 512 && out.length) {
      last = n - 1;
      break;
    }
    out.push(line);
  }
  const more = last < total ? `\n[lines ${last + 1}–${total} not shown: ask for them with startLine]` : '';
  return { content: `${relative} lines ${first}–${last} of ${total}\n${out.join('\n')}${more}`, first, last, total };
}
