/**
 * apply against a mock that fails writes: it stops at the first failure, says exactly what was
 * done and what was not, never makes a duplicate (even when a create was stored and its answer
 * lost), and running it again converges.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/program.js';
import { json, mockEnv, spartera } from './helpers/cli.js';
import { memoryIo } from './helpers/io.js';

let server: MockServer;
let work: string;
beforeAll(async () => {
  server = await createMockServer({ dataset: 'empty', seed: 20 });
  work = await mkdtemp(join(tmpdir(), 'spartera-cli-faults-'));
});
beforeEach(() => {
  server.reset();
});
afterAll(async () => {
  await server.close();
});

const env = () => ({
  SPARTERA_API_KEY: DEMO_API_KEY,
  SPARTERA_COMPANY_ID: DEMO_COMPANY_ID,
  SPARTERA_API_BASE_URL: server.url,
  XDG_CONFIG_HOME: work,
});

async function document(name: string, connections: Record<string, unknown>[]): Promise<string> {
  const path = join(work, name);
  await writeFile(path, toYaml({ apiVersion: 'spartera/v1', kind: 'Connections', connections }));
  return path;
}

describe('apply when writes fail', () => {
  it('stops at the first failure and reports what was done, what failed and what never started', async () => {
    const seedPath = await document('seed.yaml', [{ name: 'Existing', engine: 'BigQuery' }]);
    expect((await spartera(['apply', '-f', seedPath, '--yes'], { env: mockEnv(server.url) })).status).toBe(0);
    const path = await document('three.yaml', [
      { name: 'Created first', engine: 'BigQuery' },
      { name: 'Existing', engine: 'BigQuery', description: 'changed' },
      { name: 'Never started', engine: 'BigQuery' },
    ]);
    server.faults.nextResponses({ status: 500, method: 'PATCH', message: 'the database is on fire' });
    const result = await spartera(['apply', '-f', path, '--yes', '--concurrency', '1'], {
      env: mockEnv(server.url),
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✓ created "Created first" \(conn_\w+\)/);
    expect(result.stdout).toContain('✗ could not update "Existing": 500 the database is on fire');
    expect(result.stdout).toContain('· not started: create "Never started"');
    expect(result.stdout).toContain(
      'Stopped at the first failure: 1 done, 1 failed, 1 not started. Run apply again to finish',
    );
    expect(result.stderr).toMatch(
      /^spartera: could not update "Existing": 500 the database is on fire \(PATCH \/companies\/acme_analytics\/connections\/conn_\w+\)\n$/,
    );
    const again = await spartera(['apply', '-f', path, '--yes', '--format', 'json'], {
      env: mockEnv(server.url),
    });
    expect(again.status).toBe(0);
    expect(json(again)).toMatchObject({ summary: { create: 1, update: 1, delete: 0, unchanged: 1 } });
  });

  it('never duplicates a connection when a create is stored but its answer is lost, and a re-run converges', async () => {
    const path = await document('lost.yaml', [
      { name: 'Lost answer', engine: 'Snowflake' },
      { name: 'Second', engine: 'Snowflake' },
    ]);
    server.faults.dropConnections({ method: 'POST', when: 'after', count: 1 });
    const io = memoryIo(env());
    expect(await run(['apply', '-f', path, '--yes', '--concurrency', '1'], io)).toBe(1);
    expect(io.out()).toContain('the request may have reached the API; apply again to find out');
    expect(server.store.connections(DEMO_COMPANY_ID).map((connection) => connection.name)).toEqual([
      'Lost answer',
    ]);
    const rerun = memoryIo(env());
    expect(await run(['apply', '-f', path, '--yes'], rerun)).toBe(0);
    expect(rerun.out()).toContain('1 to create, 0 to update, 0 to delete, 1 unchanged');
    expect(
      server.store
        .connections(DEMO_COMPANY_ID)
        .map((connection) => connection.name)
        .sort(),
    ).toEqual(['Lost answer', 'Second']);
  });

  it('with 20% of requests failing (and some answers to creates lost) converges in a few runs, with no duplicate', async () => {
    const connections = Array.from({ length: 12 }, (_, index) => ({
      name: `Warehouse ${index}`,
      engine: index % 2 === 0 ? 'BigQuery' : 'PostgreSQL',
      description: `number ${index}`,
    }));
    const path = await document('many.yaml', connections);
    // Some of the company's connections exist already, some with other values, one is extra.
    server.store.insertConnection({
      connection_id: 'conn_existing01',
      company_id: DEMO_COMPANY_ID,
      engine_id: 1,
      name: 'Warehouse 0',
      description: 'stale',
    });
    server.store.insertConnection({
      connection_id: 'conn_extra00001',
      company_id: DEMO_COMPANY_ID,
      engine_id: 1,
      name: 'Extra',
    });
    let runs = 0;
    let status = -1;
    while (status !== 0 && runs < 40) {
      runs += 1;
      server.faults.clear().setFailRate(0.2);
      if (runs % 2 === 1) server.faults.dropConnections({ method: 'POST', when: 'after', count: 1 });
      status = await run(['apply', '-f', path, '--prune', '--yes', '--concurrency', '4'], memoryIo(env()));
      expect([0, 1]).toContain(status);
      const names = server.store.connections(DEMO_COMPANY_ID).map((connection) => connection.name);
      expect(new Set(names).size, `duplicate after run ${runs}: ${names.join(', ')}`).toBe(names.length);
    }
    expect(status).toBe(0);
    expect(runs).toBeGreaterThan(1);
    server.faults.clear();
    const stored = server.store.connections(DEMO_COMPANY_ID);
    expect(stored.map((connection) => connection.name).sort()).toEqual(
      connections.map((connection) => connection.name).sort(),
    );
    for (const connection of stored)
      expect(connection.description).toBe(`number ${connection.name?.split(' ')[1] ?? ''}`);
    // Converged: the next plan is empty.
    expect(await run(['plan', '-f', path, '--prune', '--detailed-exitcode'], memoryIo(env()))).toBe(0);
  });
});
