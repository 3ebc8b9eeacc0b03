import { describe, expect, it } from 'vitest';
import { SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

const connection = {
  connection_id: 'conn_1',
  company_id: TEST_COMPANY,
  engine_id: 1,
  name: 'Acme BigQuery warehouse',
  credential_type: 'SERVICE_ACCOUNT',
};
const base = `/companies/${TEST_COMPANY}/connections`;

describe('connections', () => {
  it('list sends the query and returns the unwrapped page', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok([connection]));
    const page = await client.connections.list({
      page: 2,
      limit: 50,
      sort_by: 'name',
      sort_order: 'asc',
      search: 'big query',
    });
    expect(page).toEqual([connection]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.path).toBe(base);
    expect(Object.fromEntries(requests[0]!.query)).toEqual({
      page: '2',
      limit: '50',
      sort_by: 'name',
      sort_order: 'asc',
      search: 'big query',
    });
  });

  it('list without a query sends none', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(requests[0]!.url).toBe(base);
  });

  it('get returns one connection', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok(connection));
    await expect(client.connections.get('conn_1')).resolves.toEqual(connection);
    expect(requests[0]).toMatchObject({ method: 'GET', path: `${base}/conn_1` });
  });

  it('create posts the body and fills company_id from the client', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_new' }, 'Successfully created connection'));
    const created = await client.connections.create({
      engine_id: 1,
      name: 'Warehouse',
      credential_type: 'SERVICE_ACCOUNT',
      credentials: '{"type":"service_account"}',
    });
    expect(created).toEqual({ connection_id: 'conn_new' });
    expect(requests[0]).toMatchObject({ method: 'POST', path: base });
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect(requests[0]!.json).toEqual({
      engine_id: 1,
      name: 'Warehouse',
      credential_type: 'SERVICE_ACCOUNT',
      credentials: '{"type":"service_account"}',
      company_id: TEST_COMPANY,
    });
  });

  it('create with a company_id in the input addresses that company', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_new' }));
    await client.connections.create({ company_id: 'other_co', engine_id: 2 });
    expect(requests[0]!.path).toBe('/companies/other_co/connections');
    expect(requests[0]!.json).toEqual({ company_id: 'other_co', engine_id: 2 });
  });

  it('create with a per-call companyId fills the body with it', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_new' }));
    await client.connections.create({ engine_id: 2 }, { companyId: 'beta_co' });
    expect(requests[0]!.path).toBe('/companies/beta_co/connections');
    expect(requests[0]!.json).toEqual({ company_id: 'beta_co', engine_id: 2 });
  });

  it('update patches only the given fields', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_1' }));
    await expect(client.connections.update('conn_1', { name: 'Renamed' })).resolves.toEqual({
      connection_id: 'conn_1',
    });
    expect(requests[0]).toMatchObject({ method: 'PATCH', path: `${base}/conn_1`, json: { name: 'Renamed' } });
  });

  it('update refuses an empty patch before sending', async () => {
    const { client, requests } = await createObservedClient();
    await expect(client.connections.update('conn_1', {})).rejects.toThrow(/at least one field/);
    expect(requests).toHaveLength(0);
  });

  it('delete sends DELETE and returns the id', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_1' }));
    await expect(client.connections.delete('conn_1')).resolves.toEqual({ connection_id: 'conn_1' });
    expect(requests[0]).toMatchObject({ method: 'DELETE', path: `${base}/conn_1`, body: '' });
  });

  it('test returns the test result', async () => {
    const { client, server, requests } = await createObservedClient();
    const result = {
      connection_id: 'conn_1',
      success: false,
      message: 'Could not reach the warehouse',
      latency_ms: 3012,
      tested_at: '2026-11-27T10:00:00Z',
    };
    server.enqueue(ok(result));
    await expect(client.connections.test('conn_1')).resolves.toEqual(result);
    expect(requests[0]).toMatchObject({ method: 'GET', path: `${base}/conn_1/test` });
  });

  it('infoSchema returns the schema tree', async () => {
    const { client, server, requests } = await createObservedClient();
    const tree = {
      connection_id: 'conn_1',
      schemas: [
        {
          schema_name: 'sales',
          tables: [
            {
              table_name: 'orders',
              columns: [{ column_name: 'id', data_type: 'INT64', is_nullable: false, ordinal_position: 1 }],
            },
          ],
        },
      ],
    };
    server.enqueue(ok(tree));
    await expect(client.connections.infoSchema('conn_1')).resolves.toEqual(tree);
    expect(requests[0]).toMatchObject({ method: 'GET', path: `${base}/conn_1/infoschema` });
  });

  it('sampleData sends schema, table and limit and returns columns', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok({ order_id: [1001, 1002], amount: [42.5, null] }));
    await expect(
      client.connections.sampleData('conn_1', { schema_name: 'sales', table_name: 'orders', limit: 2 }),
    ).resolves.toEqual({ order_id: [1001, 1002], amount: [42.5, null] });
    expect(requests[0]!.path).toBe(`${base}/conn_1/sample-data`);
    expect(Object.fromEntries(requests[0]!.query)).toEqual({
      schema_name: 'sales',
      table_name: 'orders',
      limit: '2',
    });
  });

  it('a per-call companyId and headers apply to that call only', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok(connection), ok(connection));
    await client.connections.get('conn_1', { companyId: 'beta_co', headers: { 'x-trace-id': 'trace-1' } });
    await client.connections.get('conn_1');
    expect(requests[0]!.path).toBe('/companies/beta_co/connections/conn_1');
    expect(requests[0]!.headers['x-trace-id']).toBe('trace-1');
    expect(requests[1]!.path).toBe(`${base}/conn_1`);
    expect(requests[1]!.headers['x-trace-id']).toBeUndefined();
  });

  it.each([
    ['an empty id', ''],
    ['a path traversal', '../secrets'],
    ['a slash', 'a/b'],
    ['a 256-character id', 'a'.repeat(256)],
  ])('rejects %s before sending', async (_label, id) => {
    const { client, requests } = await createObservedClient();
    for (const call of [
      () => client.connections.get(id),
      () => client.connections.delete(id),
      () => client.connections.test(id),
      () => client.connections.infoSchema(id),
      () => client.connections.update(id, { name: 'x' }),
      () => client.connections.sampleData(id, { schema_name: 's', table_name: 't' }),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toMatch(/connection_id must be 1 to 255 letters/);
    }
    expect(requests).toHaveLength(0);
  });

  it('an invalid per-call companyId is refused before sending', async () => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(client.connections.list({}, { companyId: 'a b' }));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toMatch(/company_id must be/);
    expect(requests).toHaveLength(0);
  });
});
