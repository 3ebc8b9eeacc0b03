#!/usr/bin/env node
// Time per request of @spartera/client against raw fetch and bare openapi-fetch, side by side in one
// run, on one loopback server that returns a fixed connection list. Budget: the client
// within 1.15x of raw fetch. Run after a build: `node bench/client-overhead.mjs [--quick]`.
import { writeResult } from './lib/results.mjs';
import { median, percentile } from './lib/stats.mjs';
import { createServer } from 'node:http';
import { Spartera } from '@spartera/client';
import createClient from 'openapi-fetch';

const quick = process.argv.includes('--quick');
const BUDGET = 1.15;
const SEQUENTIAL_SAMPLES = quick ? 2_000 : 20_000;
const CONCURRENT_SAMPLES = quick ? 300 : 3_000;
const CONCURRENCY = 10;
const WARMUP_REQUESTS = quick ? 300 : 1000;
const DEADLINE_MS = quick ? 15_000 : 8 * 60_000;

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

const started = Date.now();
const outOfTime = () => Date.now() - started > DEADLINE_MS;

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

// The variants take turns sample by sample, in a rotating order, so that the load of a shared
// machine falls on all of them alike; medians then shed the bursts.
for (const mode of modes) {
  for (let i = 0; i < mode.samples && !outOfTime(); i++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(i + k) % variants.length];
      samples.get(`${variant.name}|${mode.name}`).push(await mode.measure(variant.run));
    }
  }
}
server.close();

const rows = [];
for (const mode of modes) {
  const anchor = median(samples.get(`raw fetch|${mode.name}`));
  for (const variant of variants) {
    const values = samples.get(`${variant.name}|${mode.name}`);
    const value = median(values);
    const isClient = variant.name.startsWith('Spartera');
    rows.push({
      name: `${variant.name} (${mode.name})`,
      median: Number(value.toFixed(1)),
      unit: 'µs/request',
      spread: `p10–p90 ${percentile(values, 10).toFixed(0)}–${percentile(values, 90).toFixed(0)}`,
      ratio: Number((value / anchor).toFixed(3)),
      anchor: `raw fetch (${mode.name})`,
      ...(isClient ? { budget: `≤ ${BUDGET}x`, pass: value / anchor <= BUDGET } : {}),
    });
  }
}

const result = {
  title: 'Client overhead: time per list request vs raw fetch',
  rows,
  notes: [
    `One node:http loopback server returning a fixed ${bodyBytes}-byte list of 20 connections; each request parses the JSON.`,
    `Per variant: ${samples.get(`raw fetch|sequential`).length} timed sequential requests, and ${samples.get(`raw fetch|${CONCURRENCY} concurrent`).length} timed bursts of ${CONCURRENCY} concurrent ones (time per burst / ${CONCURRENCY}); variants take turns sample by sample in rotating order; ratios are of medians.`,
    'Spartera connections.list includes the retrying transport (timer, abort wiring, body buffered inside the attempt) and envelope unwrapping.',
    ...(quick ? ['Quick smoke run: figures are indicative only.'] : []),
  ],
};

console.table(
  rows.map(({ name, median: m, spread, ratio, budget, pass }) => ({
    measure: name,
    'µs/request': m,
    spread,
    ratio: `${ratio}x`,
    budget: budget ?? '',
    pass: pass === undefined ? '' : pass ? 'yes' : 'NO',
  })),
);
await writeResult('client-overhead', result);
