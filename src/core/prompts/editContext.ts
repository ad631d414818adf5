// What the edit prompts (fix, document, simplify) share: the code to replace, fenced, with a few
// lines around it that the model may read but must not return. Pure: no `vscode` import.
import { describeLocation, fenceFor, fencedCode, type CodeContext } from './code';

export interface Surroundings {
  before: string; // the lines just above the code, as they are in the file
  after: string; // the lines just below it
}

function referenceBlock(label: string, text: string, languageId: string): string {
  if (!text.trim()) return '';
  const fence = fenceFor(text);
  return `${label} (for reference only: do not return it):\n${fence}${languageId}\n${text}\n${fence}`;
}

/** The code to replace, then what surrounds it; the model returns a replacement for the first only. */
export function codeToReplace(context: CodeContext, surroundings?: Surroundings): string {
  return [
    `The code to replace, from ${describeLocation(context)}:`,
    fencedCode(context),
    surroundings ? referenceBlock('Just above it', surroundings.before, context.languageId) : '',
    surroundings ? referenceBlock('Just below it', surroundings.after, context.languageId) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export const keepShape =
  'Return every line of the code to replace, changed or not, with the same indentation, so your block can replace it as is. Do not return the reference lines around it.';
