// The step every request's messages pass through just before the client sends it: the text of each
// message (string content and text parts; images untouched) redacted with one Redactor, so a
// secret keeps one placeholder across the whole request. The caller's request is not changed
// (a retry, the chat history and the View request record keep their own copy).
// Generic over the message type so this room needs nothing from the client's (no import cycle).
import { sourceOfLine } from './promptSource';
import { Redactor } from './redactor';

export interface RequestRedaction {
  kind: string;
  /** 1-based index of the message in the request. */
  message: number;
  /** 1-based line in that message's text (text parts counted one after another). */
  line: number;
  /** The workspace file and 1-based line the secret was in, when the prompt labelled the code it came from. */
  file?: string;
  fileLine?: number;
}

export function redactMessages<M extends object>(original: readonly M[]): { messages: readonly M[]; redactions: RequestRedaction[] } {
  const redactor = new Redactor();
  const redactions: RequestRedaction[] = [];
  let changed = false;
  const messages = original.map((message, index): M => {
    let lineOffset = 0;
    const redactText = (text: string): string => {
      const result = redactor.redact(text);
      for (const finding of result.findings) {
        const source = sourceOfLine(text, finding.line);
        redactions.push({
          kind: finding.kind,
          message: index + 1,
          line: finding.line + lineOffset,
          ...(source ? { file: source.file, fileLine: source.line } : {}),
        });
      }
      lineOffset += countLines(text);
      return result.text;
    };
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') {
      const text = redactText(content);
      if (text === content) return message;
      changed = true;
      return { ...message, content: text };
    }
    if (!Array.isArray(content)) return message;
    let partChanged = false;
    const parts = content.map((part: unknown) => {
      if (!isTextPart(part)) return part;
      const text = redactText(part.text);
      if (text === part.text) return part;
      partChanged = true;
      return { ...part, text };
    });
    if (!partChanged) return message;
    changed = true;
    return { ...message, content: parts };
  });
  return { messages: changed ? messages : original, redactions };
}

function isTextPart(part: unknown): part is { type: 'text'; text: string } {
  return typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text' && typeof (part as { text?: unknown }).text === 'string';
}

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}
