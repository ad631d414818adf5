// Runs an async step over a list with a few steps in flight at once, taking the items in order,
// so the waits overlap (search_text's reads: ~1,200 files one after another took hundreds of ms)
// while what comes back stays in the list's order. It stops taking items when `more()` says so;
// the items taken are then always a prefix of the list, so "the first N hits in file order" is
// the same as with one step at a time. Pure.

/** The results of the items taken, in the list's order (a prefix of it). */
export async function mapInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  step: (item: T) => Promise<R>,
  more: () => boolean = () => true,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && more()) {
      const index = next++;
      results[index] = await step(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency), items.length)) }, worker));
  return results.slice(0, next);
}
