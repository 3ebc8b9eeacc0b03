import { Spartera, SparteraError } from '@spartera/client';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mapConcurrent, median, percentile, recordFigures } from './helpers/figures.js';
import type { Figure } from './helpers/figures.js';

// 20% of requests fail at random with 429, 500, 503 or a connection reset, under random latency.
const FAIL_RATE = 0.2;
const READS = 2000;
const WRITES = 200;
// With 20% failures, 9 attempts all failing has odds 0.2^9 ≈ 5e-7 per read: thousands of reads
// must all get through within this budget.
const MAX_RETRIES = 8;

let server: MockServer;
let client: Spartera;
const figures: Figure[] = [];

beforeAll(async () => {
  server = await createMockServer({ seed: 7, requestLogLimit: 20_000 });
  client = new Spartera({
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    baseUrl: server.url,
    maxRetries: MAX_RETRIES,
  });
});

afterAll(async () => {
  await server.close();
  await recordFigures('faults', 'Reliability: the client against a mock failing 20% of requests', figures, [
    `failures drawn from 429, 500, 503 and connection resets; latency 0–5 ms; maxRetries ${MAX_RETRIES}`,
  ]);
});

describe('reads under injected faults', () => {
  test(`${READS} reads of every kind all succeed within the retry budget`, async () => {
    const connections = await client.connections.list({ limit: 100 });
    expect(connections.length).toBeGreaterThan(5);
    server.requests.clear();
    server.faults.setLatency([0, 5]).setFailRate(FAIL_RATE);

    const durations: number[] = [];
    const failures: unknown[] = [];
    await mapConcurrent(
      Array.from({ length: READS }, (_, index) => index),
      16,
      async (index) => {
        const target = connections[index % connections.length]!;
        const started = performance.now();
        try {
          switch (index % 4) {
            case 0:
              expect(await client.connections.list({ limit: 100 })).toHaveLength(connections.length);
              break;
            case 1:
              expect((await client.connections.get(target.connection_id)).connection_id).toBe(
                target.connection_id,
              );
              break;
            case 2:
              expect(
                (await client.connections.infoSchema(target.connection_id)).schemas.length,
              ).toBeGreaterThan(0);
              break;
            default:
              expect((await client.connections.test(target.connection_id)).connection_id).toBe(
                target.connection_id,
              );
          }
        } catch (error) {
          failures.push(error);
        }
        durations.push(performance.now() - started);
      },
    );
    server.faults.clear();

    const served = server.requests.all();
    const injected = served.filter((request) => request.fault !== undefined).length;
    expect(failures).toEqual([]);
    // The faults really fired: roughly a fifth of all attempts, and every one was retried.
    expect(injected / served.length).toBeGreaterThan(0.12);
    expect(injected / served.length).toBeLessThan(0.28);
    expect(served.length).toBe(READS + injected);

    figures.push(
      {
        name: 'reads that succeeded',
        median: READS - failures.length,
        unit: `of ${READS}`,
        budget: `all ${READS}`,
        pass: failures.length === 0,
      },
      { name: 'attempts failed by injection', median: injected, unit: `of ${served.length} attempts` },
      {
        name: 'read latency with retries',
        median: Number(median(durations).toFixed(2)),
        unit: 'ms',
        spread: `p99 ${percentile(durations, 99).toFixed(0)} ms`,
      },
    );
  });
});

describe('writes under injected faults', () => {
  test('POST and PATCH are never retried, none is duplicated, and every acknowledged write is stored', async () => {
    server.requests.clear();
    const before = server.store.connections(DEMO_COMPANY_ID).length;
    server.faults.setLatency([0, 5]).setFailRate(FAIL_RATE);

    const acknowledged: string[] = [];
    const refused: SparteraError[] = [];
    await mapConcurrent(
      Array.from({ length: WRITES }, (_, index) => index),
      8,
      async (index) => {
        try {
          const { connection_id } = await client.connections.create({
            engine_id: 1,
            name: `reliability ${index}`,
            credential_type: 'SERVICE_ACCOUNT',
            credentials: `{"private_key":"reliability-secret-${index}"}`,
          });
          acknowledged.push(connection_id);
        } catch (error) {
          if (!(error instanceof SparteraError)) throw error;
          refused.push(error);
        }
      },
    );
    const renamed: string[] = [];
    let renameRefused = 0;
    await mapConcurrent(acknowledged, 8, async (id) => {
      try {
        await client.connections.update(id, { description: `renamed ${id}` });
        renamed.push(id);
      } catch (error) {
        if (!(error instanceof SparteraError)) throw error;
        renameRefused += 1;
      }
    });
    server.faults.clear();

    const posts = server.requests.ofOperation('createConnection');
    const patches = server.requests.ofOperation('updateConnection');
    // Exactly one attempt per call: a failed write is reported, never re-sent.
    expect(posts).toHaveLength(WRITES);
    expect(patches).toHaveLength(acknowledged.length);
    expect(refused.length + acknowledged.length).toBe(WRITES);
    expect(refused.length).toBeGreaterThan(0);

    const stored = server.store.connections(DEMO_COMPANY_ID);
    expect(stored.length).toBe(before + acknowledged.length);
    const names = stored
      .map((connection) => connection.name)
      .filter((name) => name?.startsWith('reliability '));
    expect(new Set(names).size).toBe(names.length);
    for (const id of acknowledged) expect(server.store.getConnection(DEMO_COMPANY_ID, id)).toBeDefined();
    for (const id of renamed) {
      expect(server.store.getConnection(DEMO_COMPANY_ID, id)?.description).toBe(`renamed ${id}`);
    }
    expect(renamed.length + renameRefused).toBe(acknowledged.length);

    figures.push(
      {
        name: 'creates acknowledged and stored',
        median: acknowledged.length,
        unit: `of ${WRITES}`,
        budget: 'every acknowledged write stored',
        pass: true,
      },
      {
        name: 'creates refused by injected faults',
        median: refused.length,
        unit: `of ${WRITES}`,
        budget: 'reported, not retried',
        pass: posts.length === WRITES,
      },
      {
        name: 'duplicate writes',
        median: names.length - new Set(names).size,
        unit: 'count',
        budget: '0',
        pass: true,
      },
    );
  });
});
