// Where a line of a prompt came from, so the answer's header can say "src/credentials.ts line 5"
// instead of "message 2, line 8". Every prompt builder labels the code it fences with its file and
// lines on the line before the fence ("… from src/a.ts lines 1–20: …", "Definition of `x`,
// src/b.ts lines 7–15:", "From a.ts line 3:"); a line inside such a fence maps back to the file.
// Pure; a line outside any labelled fence has no source (the caller says message and line).

export interface PromptSource {
  file: string;
  /** 1-based line in that file. */
  line: number;
}

const fenceLine = /^(`{3,})[^`\s]*\s*$/;
const location = /([^\s`'"(),:]+) lines? (\d+)(?:–\d+)?/g;

/** The file and line of 1-based `line` of `text`, when it is inside a fence labelled with a file and its first line. */
export function sourceOfLine(text: string, line: number): PromptSource | undefined {
  const lines = text.split(/\r?\n/);
  let open: { fence: string; file?: string; firstLine?: number; at: number } | undefined;
  for (let index = 0; index < Math.min(line, lines.length); index++) {
    const current = lines[index];
    const fence = fenceLine.exec(current)?.[1];
    if (open) {
      if (current.trim() === open.fence) open = undefined;
      else if (index === line - 1)
        return open.file && open.firstLine !== undefined ? { file: open.file, line: open.firstLine + (index - open.at - 1) } : undefined;
      continue;
    }
    if (fence) open = { fence, at: index, ...labelAbove(lines, index) };
  }
  return undefined;
}

/** The last "<file> line(s) N" on the nearest non-blank line above the fence. */
function labelAbove(lines: readonly string[], fenceIndex: number): { file?: string; firstLine?: number } {
  let index = fenceIndex - 1;
  while (index >= 0 && !lines[index].trim()) index--;
  if (index < 0) return {};
  const found = [...lines[index].matchAll(location)].pop();
  return found ? { file: found[1], firstLine: Number(found[2]) } : {};
}
