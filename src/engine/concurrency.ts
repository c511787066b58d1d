/** Run tasks with at most `limit` at once, keeping result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Run thunks concurrently (settling all before answering), or one after another when `sequential`. */
export async function runAll<T extends readonly (() => Promise<unknown>)[]>(
  thunks: T,
  sequential: boolean,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!sequential) {
    // Wait for every call, not just the first failure: a run must never return (and its
    // process exit) with requests still in flight.
    const settled = await Promise.allSettled(thunks.map((thunk) => thunk()));
    const failure = settled.find((result) => result.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
    return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as any;
  }
  const results: unknown[] = [];
  for (const thunk of thunks) results.push(await thunk());
  return results as any;
}
