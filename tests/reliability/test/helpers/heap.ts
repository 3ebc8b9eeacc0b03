/**
 * Leak detection that does not depend on the machine's load: spartera-mock runs in a child process
 * with a probe (heap-probe.mjs) that, on request over IPC, forces a full GC and reports V8's used
 * heap. Samples taken after known numbers of requests give the heap's growth per request: a count,
 * not a rate, so a busy machine only makes it slower, never different.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMockProcess } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';

const probe = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'heap-probe.mjs')).href;

/**
 * What the mock may keep: 64 bytes per request, plus 512 KiB whatever the count, for what a full GC
 * leaves that is not a leak (bounded buffers such as the request log, which holds between one and
 * two times its limit, compiled code, caches that fill up once).
 */
export const LEAK_BUDGET = { bytesPerRequest: 64, fixedBytes: 512 * 1024 };

/** The growth per request allowed over `requests`: the per-request budget plus the fixed part spread over them. */
export function allowedGrowthPerRequest(requests: number): number {
  return LEAK_BUDGET.bytesPerRequest + LEAK_BUDGET.fixedBytes / requests;
}

/** spartera-mock with the heap probe preloaded and an IPC channel to it. */
export function startProbedMock(args: string[]): Promise<MockProcess> {
  return startMockProcess(args, { nodeArgs: ['--expose-gc', '--import', probe], ipc: true });
}

function ask(mock: MockProcess, message: { type: string; bytes?: number }): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: unknown) => {
      const answer = reply as Record<string, unknown>;
      if (answer.type !== message.type) return;
      mock.child.off('message', onMessage);
      resolve(answer);
    };
    mock.child.on('message', onMessage);
    mock.child.send(message, (error) => {
      if (error) reject(error);
    });
  });
}

/** The mock's V8 heap in use right after a full garbage collection, in bytes. */
export async function usedHeapAfterGc(mock: MockProcess): Promise<number> {
  const answer = await ask(mock, { type: 'heap' });
  return answer.usedHeapBytes as number;
}

/** Makes the probed mock keep `bytes` (and a little more) per request from now on. */
export async function makeMockLeak(mock: MockProcess, bytes: number): Promise<void> {
  await ask(mock, { type: 'leak', bytes });
}

/** The least-squares slope of heap bytes against requests served: bytes kept per request. */
export function growthPerRequest(samples: { requests: number; heapBytes: number }[]): number {
  const n = samples.length;
  if (n < 2) throw new Error('the slope needs two samples or more');
  const meanX = samples.reduce((sum, sample) => sum + sample.requests, 0) / n;
  const meanY = samples.reduce((sum, sample) => sum + sample.heapBytes, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const sample of samples) {
    covariance += (sample.requests - meanX) * (sample.heapBytes - meanY);
    variance += (sample.requests - meanX) ** 2;
  }
  return covariance / variance;
}
