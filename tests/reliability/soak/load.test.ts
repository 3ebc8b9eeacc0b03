// The soak (`pnpm test:soak`, run by CI, not by the quick test command): the mock under a sustained
// 30 s load from 16 keep-alive clients. It asserts behaviour only: no unexpected answer, and a heap
// after a full GC that does not grow with the requests served. Throughput, latency and the resident
// set are recorded as figures for `pnpm bench`, never asserted: they measure the machine.
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { median, percentile, recordFigures } from '../test/helpers/figures.js';
import {
  allowedGrowthPerRequest,
  growthPerRequest,
  startProbedMock,
  usedHeapAfterGc,
} from '../test/helpers/heap.js';
import { browsingMix, sendMix } from '../test/helpers/load.js';
import type { LoadResult } from '../test/helpers/load.js';
import { residentMiB } from '../test/helpers/processes.js';

const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 30);
const CONCURRENCY = 16;
// Heap samples: the first once a third of the run is over (warm), then evenly to the end.
const SAMPLES = 6;

let mock: MockProcess;

beforeAll(async () => {
  mock = await startProbedMock(['--port', '0', '--extra-connections', '2000', '--seed', '3']);
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

test(`the mock holds a sustained ${SECONDS} s load with no unexpected answer and a flat heap`, async () => {
  const pid = mock.child.pid!;
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const warmUntil = started + (SECONDS * 1000) / 3;

  // The load runs until the deadline. The heap is sampled at points in time, each noted with the
  // number of requests sent by then: the slope is per request, so a slow machine changes the count
  // of requests, not the answer.
  const progress: LoadResult = { sent: 0, unexpected: [], latencies: [] };
  const load = sendMix(browsingMix(mock.url), {
    concurrency: CONCURRENCY,
    until: () => Date.now() >= deadline,
    into: progress,
  });
  const samples: { requests: number; heapBytes: number }[] = [];
  const resident: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    await pause(warmUntil + (index * (deadline - warmUntil)) / SAMPLES - Date.now());
    const requests = progress.sent;
    samples.push({ requests, heapBytes: await usedHeapAfterGc(mock) });
    resident.push(await residentMiB(pid));
  }
  const result = await load;
  samples.push({ requests: result.sent, heapBytes: await usedHeapAfterGc(mock) });
  resident.push(await residentMiB(pid));

  const measured = samples.at(-1)!.requests - samples[0]!.requests;
  const perRequest = growthPerRequest(samples);
  const allowed = allowedGrowthPerRequest(measured);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  await recordFigures('load', `Reliability: sustained load on spartera-mock (${SECONDS} s)`, [
    {
      name: 'requests served',
      median: result.sent,
      unit: 'requests',
      budget: 'zero unexpected answers',
      pass: result.unexpected.length === 0,
    },
    {
      name: 'throughput',
      median: Math.round(result.sent / SECONDS),
      unit: 'req/s',
      spread: `${CONCURRENCY} concurrent keep-alive clients`,
    },
    {
      name: 'latency',
      median: Number(median(result.latencies).toFixed(2)),
      unit: 'ms',
      spread: `p99 ${percentile(result.latencies, 99).toFixed(1)} ms`,
    },
    {
      name: 'heap growth per request (after a full GC)',
      median: Number(perRequest.toFixed(1)),
      unit: 'bytes',
      spread: `${samples.map((sample) => mib(sample.heapBytes)).join(' → ')} MiB over ${measured} requests`,
      budget: `< ${allowed.toFixed(0)} bytes`,
      pass: perRequest < allowed,
    },
    {
      name: 'server RSS after warm-up (not asserted)',
      median: Number(resident.at(-1)!.toFixed(1)),
      unit: 'MiB',
      spread: `${resident.map((value) => value.toFixed(0)).join(' → ')} MiB`,
    },
  ]);

  expect(result.unexpected.slice(0, 5)).toEqual([]);
  expect(perRequest).toBeLessThan(allowed);
});
