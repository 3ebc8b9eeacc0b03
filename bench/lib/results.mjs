// Where a benchmark writes its figures: bench/results/ for a measured run, or the folder that
// bench/run.mjs names in SPARTERA_BENCH_RESULTS_DIR (its --quick smoke run), so that smoke figures
// never overwrite measured ones.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsDir =
  process.env.SPARTERA_BENCH_RESULTS_DIR ?? fileURLToPath(new URL('../results/', import.meta.url));

/** Writes `<resultsDir>/<name>.json` in the shape bench/run.mjs reports. */
export async function writeResult(name, result) {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
