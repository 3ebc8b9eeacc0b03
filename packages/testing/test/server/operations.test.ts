import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_COMPANY_ID } from '../../src/index.js';
import { call, connectionPath, connectionsPath } from '../support/api.js';

const clock = { now: new Date('2026-11-27T12:00:00.000Z') };
const server = await createMockServer({ now: () => clock.now });
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  clock.now = new Date('2026-11-27T12:00:00.000Z');
});

describe('listConnections', () => {
  it('returns the first page of the demo company, newest first, 20 by default', async () => {
    const { status, body } = await call(server, 'GET', connectionsPath());
    expect(status).toBe(200);
    expect(body.message).toBe('Successfully retrieved connections');
    const all = server.store.connections(DEMO_COMPANY_ID);
    expect(body.data).toHaveLength(Math.min(20, all.length));
    const created = body.data.map((c: { date_created: string }) => c.date_created);
    expect(created).toEqual([...created].sort().reverse());
    expect(body.data.every((c: { company_id: string }) => c.company_id === DEMO_COMPANY_ID)).toBe(true);
  });

  it('pages with page and limit, a short page being the last', async () => {
    const total = server.store.connections(DEMO_COMPANY_ID).length;
    const seen: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const { body } = await call(server, 'GET', connectionsPath(), { query: { page, limit: 5 } });
      seen.push(...body.data.map((c: { connection_id: string }) => c.connection_id));
      if (body.data.length < 5) break;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('sorts by a field in either order and searches name and description ignoring case', async () => {
    const asc = await call(server, 'GET', connectionsPath(), {
      query: { sort_by: 'name', sort_order: 'asc', limit: 100 },
    });
    const names = asc.body.data.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    const desc = await call(server, 'GET', connectionsPath(), {
      query: { sort_by: 'name', sort_order: 'desc', limit: 100 },
    });
    expect(desc.body.data.map((c: { name: string }) => c.name)).toEqual([...names].reverse());

    const search = await call(server, 'GET', connectionsPath(), { query: { search: 'BIGQUERY' } });
    expect(search.body.data.map((c: { connection_id: string }) => c.connection_id).sort()).toEqual([
      'conn_7Hq2xK9pLm',
      'conn_BqPrdEvnts',
    ]);
    const byDescription = await call(server, 'GET', connectionsPath(), { query: { search: 'netsuite' } });
    expect(byDescription.body.data.map((c: { name: string }) => c.name)).toEqual(['Finance on Snowflake']);
  });

  it('lists another company the key may access, and an accessible company without connections as empty', async () => {
    const multi = await createMockServer({ apiKeys: { k_multi_company_key: ['globex_retail', 'newco'] } });
    try {
      const globex = await call(multi, 'GET', connectionsPath('globex_retail'), {
        apiKey: 'k_multi_company_key',
      });
      expect(globex.body.data).toHaveLength(2);
      const empty = await call(multi, 'GET', connectionsPath('newco'), { apiKey: 'k_multi_company_key' });
      expect(empty.body.data).toEqual([]);
    } finally {
      await multi.close();
    }
  });

  it('serves 10,000 extra connections for load tests page by page', async () => {
    const big = await createMockServer({ dataset: 'empty', extraConnections: 10_000 });
    try {
      const last = await call(big, 'GET', connectionsPath(), { query: { page: 100, limit: 100 } });
      expect(last.body.data).toHaveLength(100);
      const beyond = await call(big, 'GET', connectionsPath(), { query: { page: 101, limit: 100 } });
      expect(beyond.body.data).toEqual([]);
    } finally {
      await big.close();
    }
  });
});

describe('create, get, update, delete', () => {
  it('creates with 200 and a new id, stores the fields and server-set ISO dates, never returns credentials', async () => {
    const input = {
      company_id: DEMO_COMPANY_ID,
      engine_id: 5,
      name: 'New Snowflake',
      credential_type: 'KEY_PAIR',
      credentials: 'super-secret-private-key-material',
      visibility: 'PRIVATE',
    };
    const created = await call(server, 'POST', connectionsPath(), { body: input });
    expect(created.status).toBe(200);
    const id = created.body.data.connection_id;
    expect(id).toMatch(/^conn_[A-Za-z0-9]{10}$/);

    const fetched = await call(server, 'GET', connectionPath(id));
    expect(fetched.body.data).toEqual({
      connection_id: id,
      company_id: DEMO_COMPANY_ID,
      engine_id: 5,
      name: 'New Snowflake',
      credential_type: 'KEY_PAIR',
      visibility: 'PRIVATE',
      date_created: '2026-11-27T12:00:00.000Z',
      last_updated: '2026-11-27T12:00:00.000Z',
    });
    expect(fetched.text).not.toContain('super-secret');
    expect(server.store.hasCredentials(DEMO_COMPANY_ID, id)).toBe(true);
    const listed = await call(server, 'GET', connectionsPath(), { query: { limit: 100 } });
    expect(listed.body.data[0].connection_id).toBe(id);
    expect(listed.text).not.toContain('super-secret');
  });

  it('updates only the given fields and last_updated', async () => {
    const before = server.store.getConnection(DEMO_COMPANY_ID, 'conn_7Hq2xK9pLm')!;
    clock.now = new Date('2026-11-28T08:00:00.000Z');
    const updated = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), {
      body: { description: 'Moved to the EU region', credentials: 'rotated-secret-value' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ connection_id: 'conn_7Hq2xK9pLm' });
    const after = (await call(server, 'GET', connectionPath('conn_7Hq2xK9pLm'))).body.data;
    expect(after).toEqual({
      ...before,
      description: 'Moved to the EU region',
      last_updated: '2026-11-28T08:00:00.000Z',
    });
    expect(server.store.credentialsEqual(DEMO_COMPANY_ID, 'conn_7Hq2xK9pLm', 'rotated-secret-value')).toBe(
      true,
    );
  });

  it('deletes, after which the connection is gone from get, list and a second delete', async () => {
    const deleted = await call(server, 'DELETE', connectionPath('conn_Pg0rdersDb'));
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ connection_id: 'conn_Pg0rdersDb' });
    expect((await call(server, 'GET', connectionPath('conn_Pg0rdersDb'))).status).toBe(404);
    expect((await call(server, 'DELETE', connectionPath('conn_Pg0rdersDb'))).status).toBe(404);
    const listed = await call(server, 'GET', connectionsPath(), { query: { limit: 100 } });
    expect(listed.body.data.map((c: { connection_id: string }) => c.connection_id)).not.toContain(
      'conn_Pg0rdersDb',
    );
  });

  it('reset brings the store back to the seed', async () => {
    const before = server.store.snapshot();
    await call(server, 'DELETE', connectionPath('conn_7Hq2xK9pLm'));
    await call(server, 'POST', connectionsPath(), { body: { company_id: DEMO_COMPANY_ID, engine_id: 1 } });
    expect(server.store.snapshot()).not.toBe(before);
    server.reset();
    expect(server.store.snapshot()).toBe(before);
    expect(server.requests.count).toBe(0);
  });

  it('gives the same new ids for the same seed', async () => {
    const ids: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const seeded = await createMockServer({ seed: 77 });
      try {
        const created = await call(seeded, 'POST', connectionsPath(), {
          body: { company_id: DEMO_COMPANY_ID, engine_id: 1 },
        });
        const second = await call(seeded, 'POST', connectionsPath(), {
          body: { company_id: DEMO_COMPANY_ID, engine_id: 2 },
        });
        ids.push([created.body.data.connection_id, second.body.data.connection_id]);
      } finally {
        await seeded.close();
      }
    }
    expect(ids[1]).toEqual(ids[0]);
  });
});

describe('test, infoschema, sample data', () => {
  it('tests a reachable connection as a success and an unreachable one as a 200 with success false', async () => {
    const ok = await call(server, 'GET', `${connectionPath('conn_7Hq2xK9pLm')}/test`);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({
      connection_id: 'conn_7Hq2xK9pLm',
      success: true,
      tested_at: '2026-11-27T12:00:00.000Z',
    });
    expect(ok.body.data.message).toContain('BigQuery');
    const down = await call(server, 'GET', `${connectionPath('conn_MySqLLegcy')}/test`);
    expect(down.status).toBe(200);
    expect(down.body.data.success).toBe(false);
    expect(down.body.data.message).toMatch(/could not reach/i);
  });

  it('fails the test of a created connection without credentials, and passes it once they are added', async () => {
    const created = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 8, credential_type: 'USERNAME_PASSWORD' },
    });
    const id = created.body.data.connection_id;
    expect((await call(server, 'GET', `${connectionPath(id)}/test`)).body.data.success).toBe(false);
    await call(server, 'PATCH', connectionPath(id), { body: { credentials: 'user:pass' } });
    expect((await call(server, 'GET', `${connectionPath(id)}/test`)).body.data.success).toBe(true);
  });

  it('returns the information schema as a tree, also for a created connection', async () => {
    const info = await call(server, 'GET', `${connectionPath('conn_Sn0wF1nAnc')}/infoschema`);
    expect(info.body.data.connection_id).toBe('conn_Sn0wF1nAnc');
    expect(info.body.data.schemas[0].schema_name).toBe('finance');
    expect(info.body.data.schemas[0].tables.map((t: { table_name: string }) => t.table_name)).toEqual([
      'invoices',
      'payments',
      'gl_entries',
    ]);
    const created = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1 },
    });
    const fresh = await call(server, 'GET', `${connectionPath(created.body.data.connection_id)}/infoschema`);
    expect(fresh.body.data.schemas.length).toBeGreaterThan(0);
  });

  it('samples a table honouring schema_name, table_name and limit (default 1000)', async () => {
    const path = `${connectionPath('conn_7Hq2xK9pLm')}/sample-data`;
    const three = await call(server, 'GET', path, {
      query: { schema_name: 'sales', table_name: 'orders', limit: 3 },
    });
    expect(Object.keys(three.body.data)).toContain('order_total');
    expect(Object.values(three.body.data).every((values) => (values as unknown[]).length === 3)).toBe(true);
    const byDefault = await call(server, 'GET', path, {
      query: { schema_name: 'marketing', table_name: 'web_sessions' },
    });
    const lengths = Object.values(byDefault.body.data).map((values) => (values as unknown[]).length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(1000);
    expect(new Set(lengths).size).toBe(1);
    const missing = await call(server, 'GET', path, {
      query: { schema_name: 'finance', table_name: 'orders' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('finance.orders');
  });
});

describe('cloud providers and storage engines', () => {
  it('lists providers, a provider\u2019s engines and one engine', async () => {
    const providers = await call(server, 'GET', '/cloud-providers');
    expect(providers.body.data.map((p: { name: string }) => p.name)).toContain('Google Cloud');
    const engines = await call(server, 'GET', '/cloud-providers/1/storage-engines');
    expect(engines.body.data.map((e: { service_name: string }) => e.service_name)).toContain('BigQuery');
    const one = await call(server, 'GET', '/cloud-providers/1/storage-engines/1');
    expect(one.body.data).toMatchObject({
      engine_id: 1,
      provider_id: 1,
      service_name: 'BigQuery',
      engine_type: 'EDW',
    });
    const searched = await call(server, 'GET', '/cloud-providers', { query: { search: 'azure' } });
    expect(searched.body.data.map((p: { name: string }) => p.name)).toEqual(['Microsoft Azure']);
  });

  it('answers 404 for an unknown provider or an engine of another provider', async () => {
    expect((await call(server, 'GET', '/cloud-providers/99/storage-engines')).status).toBe(404);
    expect((await call(server, 'GET', '/cloud-providers/2/storage-engines/1')).status).toBe(404);
    expect((await call(server, 'GET', '/cloud-providers/1/storage-engines/999')).status).toBe(404);
  });
});
