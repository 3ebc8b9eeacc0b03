// The mock keeps nothing per request: its V8 heap after a forced GC, sampled after known numbers of
// requests, does not grow with them. Counts, not time, so a busy machine cannot fail it.
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { recordFigures } from './helpers/figures.js';
import {
  allowedGrowthPerRequest,
  growthPerRequest,
  makeMockLeak,
  startProbedMock,
  usedHeapAfterGc,
} from './helpers/heap.js';
import { browsingMix, sendMix } from './helpers/load.js';

const CONCURRENCY = 16;
// Enough to fill the request log and the caches, and to compile the hot paths.
const WARM_UP = 2000;
const INTERVAL = 2000;
const SAMPLES = 5;

let mock: MockProcess;

beforeAll(async () => {
  mock = await startProbedMock(['--port', '0', '--extra-connections', '2000', '--seed', '3']);
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

async function heapGrowth(requestsPerInterval: number) {
  const mix = browsingMix(mock.url);
  const unexpected: string[] = [];
  const samples = [{ requests: 0, heapBytes: await usedHeapAfterGc(mock) }];
  for (let index = 1; index < SAMPLES; index += 1) {
    const load = await sendMix(mix, { concurrency: CONCURRENCY, count: requestsPerInterval });
    unexpected.push(...load.unexpected);
    samples.push({ requests: index * requestsPerInterval, heapBytes: await usedHeapAfterGc(mock) });
  }
  const requests = (SAMPLES - 1) * requestsPerInterval;
  return { samples, requests, unexpected, perRequest: growthPerRequest(samples) };
}

test('the mock keeps no memory per request: its heap after a full GC stays flat as requests pass', async () => {
  const warmUp = await sendMix(browsingMix(mock.url), { concurrency: CONCURRENCY, count: WARM_UP });
  expect(warmUp.unexpected.slice(0, 5)).toEqual([]);

  const growth = await heapGrowth(INTERVAL);
  const allowed = allowedGrowthPerRequest(growth.requests);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  await recordFigures('memory', 'Reliability: the mock’s heap after a full GC', [
    {
      name: 'heap growth per request',
      median: Number(growth.perRequest.toFixed(1)),
      unit: 'bytes',
      spread: `${growth.samples.map((sample) => mib(sample.heapBytes)).join(' → ')} MiB over ${growth.requests} requests`,
      budget: `< ${allowed.toFixed(0)} bytes`,
      pass: growth.perRequest < allowed,
    },
  ]);
  expect(growth.unexpected.slice(0, 5)).toEqual([]);
  expect(growth.perRequest).toBeLessThan(allowed);
});

test('the measurement sees a leak: a mock made to keep 4 KiB per request is flagged', async () => {
  await makeMockLeak(mock, 4096);
  const growth = await heapGrowth(250);
  expect(growth.unexpected.slice(0, 5)).toEqual([]);
  // Most of the kept string per request: the slope is a fit over samples in which the request log's
  // bounded buffer also grows and shrinks (up to ~220 KB over 1,000 requests), so the figure can land
  // a little under 4096. Half of it is still many times what a healthy mock is allowed.
  expect(growth.perRequest).toBeGreaterThan(2048);
  expect(growth.perRequest).toBeGreaterThan(allowedGrowthPerRequest(growth.requests));
});
