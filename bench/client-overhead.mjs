#!/usr/bin/env node
// Time per request of @spartera/client against raw fetch and bare openapi-fetch, side by side in one
// run, on one loopback server that returns a fixed connection list, sequentially and 10 in flight;
// then what importing the client adds to a bare `node` start. Budgets: `connections.list` within
// 1.10x of raw fetch in both modes, and the import at most 10 ms over a bare start. Beside the
// import, an anchor measured in the same rotation: importing an empty ESM package by bare
// specifier, Node's own resolver-and-loader floor under any package; the client's figure over that
// floor is what the client itself costs (no budget).
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

/**
 * Milliseconds for `node` to start, run `code` and exit, from the bench folder (where
 * `@spartera/client` resolves to the built package, as in an app's node_modules).
 */
function startupMs(code, cwd = fileURLToPath(new URL('.', import.meta.url))) {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`node -e ${JSON.stringify(code)} exited ${child.status}`);
  return performance.now() - t0;
}
// The floor: an empty ESM package (`"type": "module"`, an `exports` field), imported by bare
// specifier from a node_modules of its own, as `@spartera/client` is from bench/.
const EMPTY_PACKAGE = 'empty-esm-package';
const floorDir = mkdtempSync(join(tmpdir(), 'spartera-import-floor-'));
const emptyPackageDir = join(floorDir, 'node_modules', EMPTY_PACKAGE);
mkdirSync(emptyPackageDir, { recursive: true });
writeFileSync(
  join(emptyPackageDir, 'package.json'),
  JSON.stringify({ name: EMPTY_PACKAGE, version: '0.0.0', type: 'module', exports: { '.': './index.js' } }),
);
writeFileSync(join(emptyPackageDir, 'index.js'), 'export {};\n');
const EMPTY_IMPORT = `import '${EMPTY_PACKAGE}' (an empty ESM package)`;
const starts = [
  { name: 'bare node start', code: '' },
  { name: "import '@spartera/client'", code: "import '@spartera/client';" },
  { name: "import 'openapi-fetch'", code: "import 'openapi-fetch';" },
  { name: EMPTY_IMPORT, code: `import '${EMPTY_PACKAGE}';`, cwd: floorDir },
];
const startSamples = new Map(starts.map(({ name }) => [name, []]));
try {
  for (let i = 0; i < IMPORT_SAMPLES; i++) {
    // Rotating order again: a burst of load falls on every variant alike.
    for (let k = 0; k < starts.length; k++) {
      const { name, code, cwd } = starts[(i + k) % starts.length];
      startSamples.get(name).push(startupMs(code, cwd));
    }
  }
} finally {
  rmSync(floorDir, { recursive: true, force: true });
}
const bareStart = median(startSamples.get('bare node start'));
for (const { name } of starts) {
  const values = startSamples.get(name);
  const value = median(values);
  const isClient = name.includes('@spartera/client');
  rows.push({
    name: name === 'bare node start' ? 'bare node start' : `${name}, over a bare node start`,
    median: Number((name === 'bare node start' ? value : value - bareStart).toFixed(1)),
    unit: 'ms',
    spread: `p10–p90 ${percentile(values, 10).toFixed(0)}–${percentile(values, 90).toFixed(0)} ms in all`,
    ...(isClient ? { budget: `≤ ${IMPORT_BUDGET_MS} ms`, pass: value - bareStart <= IMPORT_BUDGET_MS } : {}),
  });
}
// What the client itself adds over Node's floor for any package: no budget, the budget above is
// defined over a bare start.
rows.push({
  name: "import '@spartera/client', over the empty-package floor",
  median: Number(
    (median(startSamples.get("import '@spartera/client'")) - median(startSamples.get(EMPTY_IMPORT))).toFixed(
      1,
    ),
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
    `Import cost: ${IMPORT_SAMPLES} starts of \`node --input-type=module -e\` per variant, in rotating order, from bench/ (the built packages); the figure is the median start minus the median bare start.`,
    `The empty-package row is Node's own floor for importing any package by bare specifier (ESM loader start-up, package resolution, one module): most of what the client's import costs over a bare start is that floor; the last import row is the client's own share (reading, compiling and evaluating dist/index.js).`,
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
