import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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
