#!/usr/bin/env node
// Start-up of the `spartera` bin: `spartera --version` from spawn to exit, beside a bare `node -e 0`
// measured the same way in the same run (alternating, after a warm-up), medians.
// Budget: `spartera --version` in at most 150 ms more than Node's own start-up, measured side by
// side: on a busy shared machine `node -e 0` alone can take a second, so an absolute figure says
// more about the machine than about the bin.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeResult } from './lib/results.mjs';
import { median, percentile } from './lib/stats.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const runs = values.quick ? 5 : 30;
const BUDGET_MS = 150;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'apps/cli/dist/cli.js');
if (!existsSync(CLI)) {
  console.error(
    `cli-startup: ${CLI} is missing: build it first (pnpm exec turbo run build --filter=@spartera/cli)`,
  );
  process.exit(1);
}

/** Milliseconds from spawn to exit of `node ...args`; fails on a non-zero exit. */
function time(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { elapsed, stdout: result.stdout };
}

const commands = {
  version: [CLI, '--version'],
  help: [CLI, 'connection', '--help'],
  anchor: ['-e', '0'],
};
const samples = { version: [], help: [], anchor: [] };
for (const args of Object.values(commands)) time(args); // warm the file-system cache
if (!time(commands.version).stdout.startsWith('@spartera/cli '))
  throw new Error('--version printed something else');
for (let run = 0; run < runs; run += 1) {
  for (const [name, args] of Object.entries(commands)) samples[name].push(time(args).elapsed);
}

const spread = (list) => `p25–p75 ${percentile(list, 25).toFixed(0)}–${percentile(list, 75).toFixed(0)} ms`;
const version = median(samples.version);
const anchor = median(samples.anchor);
const overhead = version - anchor;
const rows = [
  {
    name: 'spartera --version: spawn → exit',
    median: version,
    unit: 'ms',
    spread: spread(samples.version),
    ratio: version / anchor,
    anchor: 'node -e 0, same run',
  },
  {
    name: 'spartera --version over node -e 0 (medians, same run)',
    median: overhead,
    unit: 'ms',
    budget: `≤ ${BUDGET_MS} ms over node`,
    pass: overhead <= BUDGET_MS,
  },
  {
    name: 'spartera connection --help: spawn → exit',
    median: median(samples.help),
    unit: 'ms',
    spread: spread(samples.help),
    ratio: median(samples.help) / anchor,
    anchor: 'node -e 0, same run',
  },
  { name: 'anchor: node -e 0, spawn → exit', median: anchor, unit: 'ms', spread: spread(samples.anchor) },
];
await writeResult('cli-startup', {
  title: 'spartera (the CLI) start-up',
  rows,
  notes: [
    `${runs} runs of each, interleaved, after one warm-up run; Node ${process.version}.`,
    `Load average when the run ended: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (2 cores, shared with other work).`,
    'The entry answers --version by itself; anything else loads the command tree, and every command its own chunk, so --help reads no command code.',
  ],
});
console.table(
  rows.map(({ name, median: m, spread: s, ratio, budget, pass }) => ({
    name,
    median: `${m.toFixed(1)} ms`,
    s,
    ratio: ratio?.toFixed(2),
    budget,
    pass,
  })),
);
