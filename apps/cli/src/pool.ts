/**
 * Runs tasks with at most `concurrency` at a time. With `stopOnFailure`, no task starts after one
 * has failed (those already running finish); setting `pool.stopped` does the same from outside (Ctrl+C).
 */
export type Outcome<T> =
  { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'not-started' };

export async function runPool<I, T>(
  items: readonly I[],
  task: (item: I, index: number) => Promise<T>,
  options: {
    concurrency: number;
    stopOnFailure: boolean;
    onSettled?: (index: number, outcome: Outcome<T>) => void;
  },
  pool: { stopped: boolean } = { stopped: false },
): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = items.map(() => ({ status: 'not-started' }));
  let next = 0;
  const worker = async () => {
    while (!pool.stopped && next < items.length) {
      const index = next;
      next += 1;
      try {
        outcomes[index] = { status: 'done', value: await task(items[index] as I, index) };
      } catch (error) {
        outcomes[index] = { status: 'failed', error };
        if (options.stopOnFailure) pool.stopped = true;
      }
      options.onSettled?.(index, outcomes[index]);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
