#!/usr/bin/env node
// `connections.iterate()` over 100,000 connections served by the mock: throughput, and heap growth
// while it runs (it holds one page at a time, so the heap must stay flat). The anchor is a raw-fetch
// loop over the same pages in the same run. The mock runs as `spartera-mock` in its own process, so the
// heap measured here is the client's alone. Run after a build: `node bench/client-iterate.mjs [--quick]`.
import { writeResult } from './lib/results.mjs';
import { median } from './lib/stats.mjs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Spartera } from '@spartera/client';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const quick = process.argv.includes('--quick');
const TOTAL = quick ? 10_000 : 100_000;
const ROUNDS = quick ? 1 : 3;
const PAGE = 100;
// Heap growth from the first tenth of the walk to its end, after a full GC each time.
const GROWTH_BUDGET_MB = 10;

const require = createRequire(import.meta.url);
const testingDir = path.dirname(require.resolve('@spartera/testing/package.json'));
const mock = spawn(
  process.execPath,
  [
    path.join(testingDir, 'dist/cli.js'),
    '--port',
    '0',
    '--dataset',
    'empty',
    '--extra-connections',
    String(TOTAL),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const baseUrl = await new Promise((resolve, reject) => {
  let output = '';
  mock.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match) resolve(match[1]);
  });
  mock.once('exit', (code) => reject(new Error(`spartera-mock exited ${code}: ${output}`)));
});
const server = { url: baseUrl };
const companyId = DEMO_COMPANY_ID;
const spartera = new Spartera({ apiKey: DEMO_API_KEY, companyId, baseUrl });
const headers = { 'x-api-key': DEMO_API_KEY, accept: 'application/json' };
const heapMB = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function walkWithClient() {
  let count = 0;
  let early = 0;
  for await (const connection of spartera.connections.iterate({ limit: PAGE }, { companyId })) {
    if (connection.connection_id) count += 1;
    if (count === TOTAL / 10) early = heapMB();
  }
  return { count, growth: heapMB() - early };
}

async function walkWithRawFetch() {
  let count = 0;
  for (let page = 1; ; page += 1) {
    const response = await fetch(
      `${server.url}/companies/${companyId}/connections?page=${page}&limit=${PAGE}`,
      { headers },
    );
    const { data } = await response.json();
    count += data.length;
    if (data.length < PAGE) return { count };
  }
}

const timings = { client: [], raw: [] };
const growths = [];
await walkWithClient(); // warm-up: JIT and the mock's page cache
for (let round = 0; round < ROUNDS; round += 1) {
  let started = performance.now();
  const raw = await walkWithRawFetch();
  timings.raw.push(performance.now() - started);
  started = performance.now();
  const client = await walkWithClient();
  timings.client.push(performance.now() - started);
  if (client.count !== TOTAL || raw.count !== TOTAL) {
    throw new Error(`walked ${client.count} (client) and ${raw.count} (raw) of ${TOTAL} connections`);
  }
  growths.push(client.growth);
}
mock.kill('SIGTERM');

const perSecond = (ms) => Math.round(TOTAL / (ms / 1000));
const clientRate = perSecond(median(timings.client));
const rawRate = perSecond(median(timings.raw));
const growth = median(growths);
const rows = [
  {
    name: `iterate() over ${TOTAL.toLocaleString('en')} connections`,
    median: clientRate,
    unit: 'connections/s',
    spread: `${ROUNDS} walks, ${perSecond(Math.max(...timings.client))}–${perSecond(Math.min(...timings.client))}`,
    ratio: Number((rawRate / clientRate).toFixed(3)),
    anchor: 'raw fetch page loop',
  },
  { name: 'raw fetch page loop (anchor)', median: rawRate, unit: 'connections/s' },
  {
    name: 'heap growth during iterate()',
    median: Number(growth.toFixed(2)),
    unit: 'MB',
    spread: `after GC, from ${(TOTAL / 10).toLocaleString('en')} rows to the end`,
    budget: `< ${GROWTH_BUDGET_MB} MB (flat)`,
    pass: growth < GROWTH_BUDGET_MB,
  },
];
const result = {
  title: `iterate() over ${TOTAL.toLocaleString('en')} connections (pages of ${PAGE}, spartera-mock)`,
  rows,
  notes: [
    'spartera-mock serves the pages from its own process; both loops run against it alike. Ratio: the time iterate() takes over the time the raw fetch loop takes for the same pages.',
    'The raw loop only parses pages; iterate() also hands every connection to the loop body through an async iterator, about a microsecond each.',
  ],
};
console.table(rows);
await writeResult('client-iterate', result);
