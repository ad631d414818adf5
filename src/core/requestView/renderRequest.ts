// "View request": the exact body an answer's request sent (after redaction), as a markdown
// document a person can read: the model, the parameters, every message in order (images as their
// type and size, never their base64), tool calls and results, the token estimate and the cost.
// Pure: no `vscode`.
import { estimateTokens } from '../prompts/budget';
import { redactionPlace, type RedactionNote } from '../../protocol';

/** What the document says besides the body: OpenRouter's own counts and cost, and what was redacted. */
export interface RequestFacts {
  requestId: number;
  promptTokens?: number;
  cost?: number;
  provider?: string;
  redactions?: readonly RedactionNote[];
}

interface Part {
  type?: unknown;
  text?: unknown;
  image_url?: { url?: unknown };
}

interface Message {
  role?: unknown;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
  name?: unknown;
}

/** The body's fields that are not the messages, with `messages` and any image bytes left out. */
function parameters(body: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (key !== 'messages' && key !== 'model') rest[key] = value;
  return rest;
}

/** `data:image/png;base64,…` as "image/png, 12.3 KB"; a remote URL as itself (it is what was sent). */
export function describeImage(url: unknown): string {
  if (typeof url !== 'string') return 'image (no URL)';
  const match = /^data:([^;,]+)?(;base64)?,/.exec(url);
  if (!match) return `image at ${url.slice(0, 200)}`;
  const payload = url.length - match[0].length;
  const bytes = match[2] ? Math.floor((payload * 3) / 4) - (url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0) : payload;
  return `image: ${match[1] ?? 'unknown type'}, ${formatBytes(bytes)}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** A fence longer than any backtick run in the text, so the text cannot close it. */
function fenced(text: string, language = 'text'): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function messageText(message: Message): { text: string; tokens: number } {
  const content = message.content;
  if (typeof content === 'string') return { text: fenced(content), tokens: estimateTokens(content) };
  if (!Array.isArray(content)) return { text: '_(no content)_', tokens: 0 };
  const pieces: string[] = [];
  let tokens = 0;
  for (const part of content as Part[]) {
    if (part?.type === 'text' && typeof part.text === 'string') {
      pieces.push(fenced(part.text));
      tokens += estimateTokens(part.text);
    } else if (part?.type === 'image_url') {
      pieces.push(`[${describeImage(part.image_url?.url)}]`);
      tokens += 1_300; // as budget.ts counts an image
    } else pieces.push(fenced(JSON.stringify(part, null, 2), 'json'));
  }
  return { text: pieces.join('\n\n'), tokens };
}

export function renderRequest(body: Record<string, unknown>, facts: RequestFacts): string {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  const rendered = messages.map((message, index) => {
    const { text, tokens } = messageText(message);
    const role = typeof message.role === 'string' ? message.role : 'unknown';
    const extra: string[] = [];
    if (typeof message.tool_call_id === 'string') extra.push(`result of tool call ${message.tool_call_id}`);
    if (typeof message.name === 'string') extra.push(message.name);
    const calls = message.tool_calls !== undefined ? `\n\nTool calls:\n\n${fenced(JSON.stringify(message.tool_calls, null, 2), 'json')}` : '';
    return { tokens, text: `## Message ${index + 1}: ${role}${extra.length ? ` (${extra.join(', ')})` : ''}, about ${tokens} tokens\n\n${text}${calls}` };
  });
  const estimate = rendered.reduce((sum, message) => sum + message.tokens + 4, 0);
  const lines = [
    `# Request ${facts.requestId}, as sent to OpenRouter`,
    '',
    `- Model: ${typeof body.model === 'string' ? body.model : 'unknown'}${facts.provider ? ` (served by ${facts.provider})` : ''}`,
    `- Prompt tokens: about ${estimate} estimated${facts.promptTokens !== undefined ? `, ${facts.promptTokens} counted by OpenRouter` : ''}`,
    `- Cost: ${facts.cost === undefined ? 'not reported' : facts.cost === 0 ? 'free' : `$${facts.cost.toFixed(6)}`}`,
    `- Secrets redacted: ${facts.redactions?.length ? facts.redactions.map((note) => `${note.kind} (${redactionPlace(note)})`).join(', ') : 'none'}`,
    '',
    '## Parameters',
    '',
    fenced(JSON.stringify(parameters(body), null, 2), 'json'),
    '',
    ...rendered.map((message) => `${message.text}\n`),
  ];
  return lines.join('\n');
}
