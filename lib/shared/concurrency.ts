/** Maps with at most `limit` promises in flight, keeping input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Splits `items` into slices of `size` (e.g. 100 keys per BatchGetItem) and maps them, `limit` in flight, in order. */
export async function mapSlices<T, R>(
  items: readonly T[],
  size: number,
  limit: number,
  fn: (slice: T[]) => Promise<R>,
): Promise<R[]> {
  const slices: T[][] = [];
  for (let i = 0; i < items.length; i += size) slices.push(items.slice(i, i + size));
  return mapLimit(slices, limit, fn);
}
