// How much of a tool's result the model is sent. A result is cut to a byte bound (UTF-8, never in
// the middle of a character) and says so, so the model knows to ask for a narrower range instead
// of taking the cut for the end of the file. Pure.

/** Per result: a few hundred lines of code, small beside Flash's window, and cheap per round. */
export const maxResultBytes = 32 * 1024;

export function capResult(text: string, limit = maxResultBytes): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limit) return text;
  const note = `\n[truncated: the result was ${bytes} bytes and only the first ${limit} are shown; ask for a narrower range or a more specific query]`;
  const room = Math.max(0, limit - Buffer.byteLength(note, 'utf8'));
  // Cutting the Buffer and decoding drops a trailing partial character instead of sending a broken one.
  let head = Buffer.from(text, 'utf8').subarray(0, room).toString('utf8');
  if (head.endsWith('\uFFFD') && !text.startsWith(head)) head = head.slice(0, -1);
  return head + note;
}
