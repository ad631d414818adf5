// `/generation` as OpenRouter serves it: a generation is recorded a moment after its stream ends
// (404 until then), and a usage chunk may come without a cost, which only `/generation` then tells.

/** The usage as the last chunk carries it: without `cost` when the scenario says the chunk has none. */
export function chunkUsage<U extends { cost?: number }>(usage: U, withoutCost: boolean | undefined): Omit<U, 'cost'> | U {
  if (!withoutCost) return usage;
  const { cost: _cost, ...rest } = usage;
  return rest;
}

/** Generation ids and the time (epoch ms) from which `/generation` answers for them. */
export class GenerationVisibility {
  private readonly visibleAt = new Map<string, number>();

  recorded(id: string, delayMs: number | undefined, now = Date.now()): void {
    this.visibleAt.set(id, now + Math.max(0, delayMs ?? 0));
  }

  /** False while OpenRouter would still answer 404 for it. */
  visible(id: string, now = Date.now()): boolean {
    return (this.visibleAt.get(id) ?? 0) <= now;
  }

  clear(): void {
    this.visibleAt.clear();
  }
}
