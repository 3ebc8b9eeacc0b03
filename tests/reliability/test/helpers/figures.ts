import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The reliability figures use the benchmarks' statistics, so RESULTS.md means one thing by a median.
export { median, percentile } from '../../../../bench/lib/stats.mjs';

/** A measured figure, in the row shape of bench/results/*.json so `pnpm bench` can report it. */
export interface Figure {
  name: string;
  median: number;
  unit: string;
  spread?: string;
  budget?: string;
  pass?: boolean;
}

const reportsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.reports');

/** Writes this file's figures to `.reports/<name>.json`; bench/run.mjs reports them under their own heading. */
export async function recordFigures(name: string, title: string, rows: Figure[], notes: string[] = []) {
  await mkdir(reportsDir, { recursive: true });
  await writeFile(
    path.join(reportsDir, `${name}.json`),
    JSON.stringify(
      { title, rows, notes: [`measured by tests/reliability (${new Date().toISOString()})`, ...notes] },
      null,
      2,
    ),
  );
}

/** Runs `task` for every item with at most `concurrency` in flight; resolves with results in order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
