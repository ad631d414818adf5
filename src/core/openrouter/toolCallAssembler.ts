// Streamed tool calls put back together. OpenRouter (like OpenAI) sends each call's `id` and
// `function.name` in its first delta and then `function.arguments` in pieces cut anywhere (even
// inside a JSON escape), every piece tagged with the call's `index`; parallel calls have indexes
// 0, 1, …. The assistant's `reasoning_details` arrive the same way and must go back unchanged.
// Pure, and tolerant of hostile chunks: anything of the wrong shape is skipped, never thrown.
import type { ToolCall } from './types';

interface Slot {
  id: string;
  name: string;
  arguments: string;
}

export class ToolCallAssembler {
  private readonly slots = new Map<number, Slot>();
  private lastIndex = -1;

  /** One delta's `tool_calls` array (or anything else, which is ignored). */
  add(toolCalls: unknown): void {
    if (!Array.isArray(toolCalls)) return;
    for (const piece of toolCalls as unknown[]) {
      if (!isRecord(piece)) continue;
      // A provider that leaves out `index` gets one: a piece with a new id starts a call, any other continues the last.
      const index =
        typeof piece.index === 'number' && Number.isInteger(piece.index) && piece.index >= 0
          ? piece.index
          : typeof piece.id === 'string' && piece.id && piece.id !== this.slots.get(this.lastIndex)?.id
            ? this.lastIndex + 1
            : Math.max(0, this.lastIndex);
      this.lastIndex = Math.max(this.lastIndex, index);
      const slot = this.slots.get(index) ?? { id: '', name: '', arguments: '' };
      this.slots.set(index, slot);
      if (typeof piece.id === 'string' && piece.id) slot.id = piece.id;
      const fn = isRecord(piece.function) ? piece.function : undefined;
      if (typeof fn?.name === 'string' && fn.name) slot.name = slot.name && slot.name !== fn.name ? slot.name + fn.name : fn.name;
      if (typeof fn?.arguments === 'string') slot.arguments += fn.arguments;
    }
  }

  get size(): number {
    return this.slots.size;
  }

  /** The calls in index order; one the stream never named gets a made-up id so its result can still be matched. */
  calls(): ToolCall[] {
    return [...this.slots.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, slot]) => ({ id: slot.id || `call_missing_${index}`, name: slot.name, arguments: slot.arguments }));
  }
}

/**
 * `reasoning_details` items across deltas. An item with an `index` continues the item of the same
 * index (its text, summary or encrypted data appended); one without is kept as it came.
 */
export class ReasoningDetailsCollector {
  private readonly items: Array<Record<string, unknown>> = [];
  private readonly byIndex = new Map<number, Record<string, unknown>>();

  add(details: unknown): void {
    if (!Array.isArray(details)) return;
    for (const item of details as unknown[]) {
      if (!isRecord(item)) continue;
      const index = typeof item.index === 'number' ? item.index : undefined;
      const existing = index === undefined ? undefined : this.byIndex.get(index);
      if (!existing || existing.type !== item.type) {
        const copy = { ...item };
        this.items.push(copy);
        if (index !== undefined) this.byIndex.set(index, copy);
        continue;
      }
      for (const [key, value] of Object.entries(item)) {
        if ((key === 'text' || key === 'summary' || key === 'data') && typeof value === 'string' && typeof existing[key] === 'string') {
          existing[key] = existing[key] + value;
        } else if (value !== undefined && value !== null) {
          existing[key] = value;
        }
      }
    }
  }

  /** The items, or undefined when none came (then nothing is sent back). */
  details(): unknown[] | undefined {
    return this.items.length ? this.items.map((item) => ({ ...item })) : undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
