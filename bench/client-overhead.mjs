#!/usr/bin/env node
// Time per request of @spartera/client against raw fetch and bare openapi-fetch, side by side in one
// run, on one loopback server that returns a fixed connection list, sequentially and 10 in flight;
// then what importing the client costs a program: the same program file run with and without the
// line `import '@spartera/client'`. Budgets: `connections.list` within 1.10x of raw fetch in both
// modes, and the import at most 10 ms over the bare start. Beside the import, anchors measured in
// the same rotation: openapi-fetch's import, an empty ESM package's (Node's resolver-and-loader
// floor under any package), and `node -e ''` (no program file at all).
// Run after a build: `node bench/client-overhead.mjs [--quick]`.
import { writeResult } from './lib/results.mjs';
import { median, percentile } from './lib/stats.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { Spartera } from '@spartera/client';
import createClient from 'openapi-fetch';

const quick = process.argv.includes('--quick');
const BUDGET = 1.1;
const IMPORT_BUDGET_MS = 10;
const IMPORT_SAMPLES = quick ? 10 : 40;
const SEQUENTIAL_SAMPLES = quick ? 2_000 : 20_000;
const CONCURRENT_SAMPLES = quick ? 300 : 3_000;
const CONCURRENCY = 10;
const WARMUP_REQUESTS = quick ? 300 : 1000;
const DEADLINE_MS = quick ? 15_000 : 8 * 60_000;
// However slow the machine, every variant gets this many samples in every mode: a median and a
// p10–p90 spread of fewer would say nothing (and of none, crash the report).
const MIN_SAMPLES = 30;

const company = 'acme_analytics';
const path = `/companies/${company}/connections`;
const body = JSON.stringify({
  message: 'Successfully retrieved connections',
  data: Array.from({ length: 20 }, (_, i) => ({
    connection_id: `conn_${i}`,
    company_id: company,
    engine_id: 1,
    user_id: 'usr_ada',
    credential_type: 'SERVICE_ACCOUNT',
    name: `Warehouse ${i}`,
    description: 'Production analytics warehouse',
    verified_usage_ability: true,
    date_created: '2026-03-02T09:15:00Z',
    last_updated: '2026-10-18T16:42:07Z',
  })),
});
const bodyBytes = Buffer.byteLength(body);

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': bodyBytes });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const headers = { 'x-api-key': 'bench_key', accept: 'application/json' };

const spartera = new Spartera({ apiKey: 'bench_key', companyId: company, baseUrl });
const bare = createClient({ baseUrl, headers });

/** Each variant makes one list request and returns the parsed connections. */
const variants = [
  {
    name: 'raw fetch',
    run: async () => (await (await fetch(`${baseUrl}${path}`, { headers })).json()).data,
  },
  {
    // What any per-attempt timeout costs in undici: the floor under a client that has one.
    name: 'raw fetch + timeout signal',
    run: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        return (await (await fetch(`${baseUrl}${path}`, { headers, signal: controller.signal })).json()).data;
      } finally {
        clearTimeout(timer);
      }
    },
  },
  {
    name: 'openapi-fetch createClient',
    run: async () =>
      (await bare.GET('/companies/{company_id}/connections', { params: { path: { company_id: company } } }))
        .data.data,
  },
  { name: 'Spartera connections.list', run: () => spartera.connections.list() },
];

for (const variant of variants) {
  const data = await variant.run();
  if (!Array.isArray(data) || data.length !== 20) throw new Error(`${variant.name} returned ${typeof data}`);
}

let started = Date.now();
// Each mode gets its share of the time, so that a slow machine cuts samples, never a whole mode.
let outOfTime = () => Date.now() - started > DEADLINE_MS / 3;

for (let i = 0; i < WARMUP_REQUESTS && !outOfTime(); i++) {
  for (const variant of variants) await variant.run();
}

/** Microseconds for one request. */
async function sequential(run) {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) * 1000;
}

/** Microseconds per request of CONCURRENCY requests in flight at once. */
async function concurrent(run) {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, run));
  return ((performance.now() - t0) * 1000) / CONCURRENCY;
}

const modes = [
  { name: 'sequential', measure: sequential, samples: SEQUENTIAL_SAMPLES },
  { name: `${CONCURRENCY} concurrent`, measure: concurrent, samples: CONCURRENT_SAMPLES },
];
const samples = new Map();
for (const mode of modes) for (const variant of variants) samples.set(`${variant.name}|${mode.name}`, []);
/** Modes whose samples the time limit cut short, with how many were taken: said in the notes. */
const cutShort = [];

/** The median and the p10–p90 spread of a series; a series with too few samples is a bug here, said plainly. */
function summarize(values, series) {
  if (values.length < MIN_SAMPLES) {
    throw new Error(`${series}: ${values.length} samples, fewer than the ${MIN_SAMPLES} every series needs`);
  }
  return { median: median(values), p10: percentile(values, 10), p90: percentile(values, 90) };
}

// The variants take turns sample by sample, in a rotating order, so that the load of a shared
// machine falls on all of them alike; medians then shed the bursts.
for (const mode of modes) {
  started = Date.now();
  outOfTime = () => Date.now() - started > DEADLINE_MS / 3;
  let taken = 0;
  for (; taken < mode.samples && (taken < MIN_SAMPLES || !outOfTime()); taken++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(taken + k) % variants.length];
      samples.get(`${variant.name}|${mode.name}`).push(await mode.measure(variant.run));
    }
  }
  if (taken < mode.samples) cutShort.push(`${mode.name}: ${taken} of ${mode.samples}`);
}
server.close();

const rows = [];
for (const mode of modes) {
  const anchor = summarize(samples.get(`raw fetch|${mode.name}`), `raw fetch (${mode.name})`).median;
  for (const variant of variants) {
    const series = `${variant.name} (${mode.name})`;
    const { median: value, p10, p90 } = summarize(samples.get(`${variant.name}|${mode.name}`), series);
    const isClient = variant.name.startsWith('Spartera');
    rows.push({
      name: series,
      median: Number(value.toFixed(1)),
      unit: 'µs/request',
      spread: `p10–p90 ${p10.toFixed(0)}–${p90.toFixed(0)}`,
      ratio: Number((value / anchor).toFixed(3)),
      anchor: `raw fetch (${mode.name})`,
      ...(isClient ? { budget: `≤ ${BUDGET}x`, pass: value / anchor <= BUDGET } : {}),
    });
  }
}

// Import cost, as an app meets it: the same program run by `node`, once empty and once with the
// one line `import '@spartera/client'`. Both programs are files (the way an app starts), placed
// where the built client resolves as from an app's node_modules; the difference of the medians is
// what the import line costs. Beside it, in the same rotation: the same line for openapi-fetch
// and for an empty ESM package (Node's resolver-and-loader floor under any package), and `node -e ''`
// with no program file at all, so the reader sees what Node's loading of a first file costs.
const IMPORT_PROGRAMS = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.import-programs-'));
const EMPTY_PACKAGE = 'empty-esm-package';
const floorDir = mkdtempSync(join(tmpdir(), 'spartera-import-floor-'));
const emptyPackageDir = join(floorDir, 'node_modules', EMPTY_PACKAGE);
mkdirSync(emptyPackageDir, { recursive: true });
writeFileSync(
  join(emptyPackageDir, 'package.json'),
  JSON.stringify({ name: EMPTY_PACKAGE, version: '0.0.0', type: 'module', exports: { '.': './index.js' } }),
);
writeFileSync(join(emptyPackageDir, 'index.js'), 'export {};\n');

/** A program file of `code` in `dir`: its node command line. */
function program(dir, name, code) {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return [file];
}
const BARE = 'bare node start: an empty program (an .mjs file)';
const EMPTY_IMPORT = `import '${EMPTY_PACKAGE}' (an empty ESM package)`;
const NO_FILE = "node -e '' (no program file)";
const starts = [
  { name: BARE, args: program(IMPORT_PROGRAMS, 'empty', '') },
  {
    name: "import '@spartera/client'",
    args: program(IMPORT_PROGRAMS, 'client', "import '@spartera/client';\n"),
  },
  {
    name: "import 'openapi-fetch'",
    args: program(IMPORT_PROGRAMS, 'openapi-fetch', "import 'openapi-fetch';\n"),
  },
  { name: EMPTY_IMPORT, args: program(floorDir, 'empty-package', `import '${EMPTY_PACKAGE}';\n`) },
  { name: NO_FILE, args: ['-e', ''] },
];

/** Milliseconds for `node` to start, run the program and exit. */
function startupMs(args) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}`);
  return performance.now() - t0;
}
const startSamples = new Map(starts.map(({ name }) => [name, []]));
try {
  for (let i = 0; i < IMPORT_SAMPLES; i++) {
    // Rotating order again: a burst of load falls on every variant alike.
    for (let k = 0; k < starts.length; k++) {
      const { name, args } = starts[(i + k) % starts.length];
      startSamples.get(name).push(startupMs(args));
    }
  }
} finally {
  rmSync(floorDir, { recursive: true, force: true });
  rmSync(IMPORT_PROGRAMS, { recursive: true, force: true });
}
const bareStart = median(startSamples.get(BARE));
for (const { name } of starts) {
  const values = startSamples.get(name);
  const value = median(values);
  const isClient = name.includes('@spartera/client');
  const over = name === BARE || name === NO_FILE ? '' : ', over the bare start';
  rows.push({
    name: `${name}${over}`,
    median: Number((over ? value - bareStart : value).toFixed(1)),
    unit: 'ms',
    spread: `p10–p90 ${percentile(values, 10).toFixed(0)}–${percentile(values, 90).toFixed(0)} ms in all`,
    ...(isClient ? { budget: `≤ ${IMPORT_BUDGET_MS} ms`, pass: value - bareStart <= IMPORT_BUDGET_MS } : {}),
  });
}
// The same import over `node -e ''`: what a program that imports only the client costs over no
// program at all (Node reading and linking a first file, plus the client).
rows.push({
  name: "a program importing '@spartera/client', over node -e ''",
  median: Number(
    (median(startSamples.get("import '@spartera/client'")) - median(startSamples.get(NO_FILE))).toFixed(1),
  ),
  unit: 'ms',
  spread: 'difference of the two medians above',
});

const result = {
  title: 'Client overhead: time per list request vs raw fetch, and import cost',
  rows,
  notes: [
    `One node:http loopback server returning a fixed ${bodyBytes}-byte list of 20 connections; each request parses the JSON.`,
    `Per variant: ${samples.get(`raw fetch|sequential`).length} timed sequential requests, and ${samples.get(`raw fetch|${CONCURRENCY} concurrent`).length} timed bursts of ${CONCURRENCY} concurrent ones (time per burst / ${CONCURRENCY}); variants take turns sample by sample in rotating order; ratios are of medians.`,
    'Spartera connections.list includes the retrying transport (timer, abort wiring, body buffered inside the attempt), the checks of its arguments, envelope unwrapping and the APIPromise.',
    `Import cost: ${IMPORT_SAMPLES} starts of each program per variant (\`node program.mjs\`), in rotating order; the programs sit in bench/, so the built packages resolve as from an app's node_modules. A variant's figure is its median start minus the median start of the empty program: what its one import line costs.`,
    `The bare start is an empty program file, as an app is a file: in this run it took ${(median(startSamples.get(BARE)) - median(startSamples.get(NO_FILE))).toFixed(1)} ms more than \`node -e ''\` (the ESM loader reading, resolving and linking a first file). The last row shows the client's import over \`node -e ''\` too, for the reader who counts that in.`,
    ...(cutShort.length
      ? [`Cut short by the time limit (a loaded machine), samples per variant: ${cutShort.join('; ')}.`]
      : []),
    ...(quick ? ['Quick smoke run: figures are indicative only; its budget verdicts prove nothing.'] : []),
  ],
};

console.table(
  rows.map(({ name, median: m, unit, spread, ratio, budget, pass }) => ({
    measure: name,
    value: `${m} ${unit}`,
    spread,
    ratio: ratio === undefined ? '' : `${ratio}x`,
    budget: budget ?? '',
    pass: pass === undefined ? '' : pass ? 'yes' : 'NO',
  })),
);
await writeResult('client-overhead', result);
