import { DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { median, percentile, recordFigures } from './helpers/figures.js';
import { residentMiB, startMockProcess } from './helpers/processes.js';
import type { MockProcess } from './helpers/processes.js';

// The sustained-load run of the reliability suite: 30 s by default, shorter only when asked.
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 30);
const CONCURRENCY = 16;
// Memory is "flat" when the server's resident set grows less than this between mid-run and the end.
const MAX_GROWTH_MIB = 16;

let mock: MockProcess;

beforeAll(async () => {
  mock = await startMockProcess(['--port', '0', '--extra-connections', '2000', '--seed', '3']);
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

test(`the mock holds a sustained ${SECONDS} s load with zero unexpected errors and flat memory`, async () => {
  const pid = mock.child.pid!;
  const headers = { 'x-api-key': DEMO_API_KEY, accept: 'application/json' };
  const base = `${mock.url}/companies/${DEMO_COMPANY_ID}/connections`;
  // A mix a browsing client makes: pages of the list, searches, single reads, and some misses (404s
  // are expected answers, not errors).
  const requests = [
    { url: `${base}?limit=20`, expected: 200 },
    { url: `${base}?page=7&limit=50&sort_by=name&sort_order=asc`, expected: 200 },
    { url: `${base}?search=warehouse&limit=100`, expected: 200 },
    { url: `${base}/missing_connection`, expected: 404 },
  ];

  const deadline = Date.now() + SECONDS * 1000;
  const unexpected: string[] = [];
  const latencies: number[] = [];
  const memory: { atSecond: number; rss: number }[] = [];
  let served = 0;
  const started = Date.now();
  const sampler = setInterval(() => {
    void residentMiB(pid).then((rss) => memory.push({ atSecond: (Date.now() - started) / 1000, rss }));
  }, 1000);

  const worker = async (offset: number) => {
    for (let index = offset; Date.now() < deadline; index += CONCURRENCY) {
      const request = requests[index % requests.length]!;
      const sent = performance.now();
      try {
        const response = await fetch(request.url, { headers });
        await response.arrayBuffer();
        if (response.status !== request.expected) unexpected.push(`${request.url} → ${response.status}`);
      } catch (error) {
        unexpected.push(`${request.url} → ${String(error)}`);
      }
      latencies.push(performance.now() - sent);
      served += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, offset) => worker(offset)));
  clearInterval(sampler);
  memory.push({ atSecond: (Date.now() - started) / 1000, rss: await residentMiB(pid) });

  // Flat means no upward trend once warm: the median RSS of the last part of the run against that
  // of the part after warm-up (V8 grows its heap to a working size in the first seconds).
  const warmFrom = SECONDS / 3;
  const lateFrom = (SECONDS * 2) / 3;
  const middle = memory.filter((sample) => sample.atSecond >= warmFrom && sample.atSecond < lateFrom);
  const late = memory.filter((sample) => sample.atSecond >= lateFrom);
  const baseline = median(middle.map((sample) => sample.rss));
  const end = median(late.map((sample) => sample.rss));
  const growth = end - baseline;
  const throughput = served / SECONDS;

  await recordFigures('load', `Reliability: sustained load on spartera-mock (${SECONDS} s)`, [
    {
      name: 'requests served',
      median: served,
      unit: 'requests',
      budget: 'zero unexpected errors',
      pass: unexpected.length === 0,
    },
    {
      name: 'throughput',
      median: Math.round(throughput),
      unit: 'req/s',
      spread: `${CONCURRENCY} concurrent keep-alive clients`,
    },
    {
      name: 'latency',
      median: Number(median(latencies).toFixed(2)),
      unit: 'ms',
      spread: `p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    },
    {
      name: 'server RSS growth after warm-up',
      median: Number(growth.toFixed(1)),
      unit: 'MiB',
      spread: `median ${baseline.toFixed(0)} MiB mid-run → ${end.toFixed(0)} MiB at the end`,
      budget: `< ${MAX_GROWTH_MIB} MiB`,
      pass: growth < MAX_GROWTH_MIB,
    },
  ]);

  expect(unexpected.slice(0, 5)).toEqual([]);
  expect(served).toBeGreaterThan(SECONDS * 100);
  expect(growth).toBeLessThan(MAX_GROWTH_MIB);
});
