import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

const created = {
  ...ok({ connection_id: 'conn_new' }, 'Successfully created connection'),
  headers: { 'x-request-id': 'req_42', 'x-ratelimit-remaining': '99' },
};

describe('withResponse() and asResponse()', () => {
  it('withResponse resolves with the data, the response, its request id and the envelope message', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(created);
    const { data, response, requestId, message } = await client.connections
      .create({ engine_id: 1, name: 'Warehouse' })
      .withResponse();
    expect(data).toEqual({ connection_id: 'conn_new' });
    expect(requestId).toBe('req_42');
    expect(message).toBe('Successfully created connection');
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(response.url).toBe(`${client.baseUrl}/companies/${TEST_COMPANY}/connections`);
    // The body was read by the client; this copy can be read again.
    expect(await response.json()).toEqual({
      message: 'Successfully created connection',
      data: { connection_id: 'conn_new' },
    });
  });

  it('asResponse resolves with the Response, its body readable', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(ok([{ connection_id: 'conn_1', company_id: TEST_COMPANY, engine_id: 1 }]));
    const response = await client.connections.list().asResponse();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('the plain promise, withResponse and asResponse settle from one request', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(created);
    const call = client.connections.create({ engine_id: 1 });
    const [data, withResponse, response] = await Promise.all([call, call.withResponse(), call.asResponse()]);
    expect(data).toEqual(withResponse.data);
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(1);
  });

  it('a plain await is a promise of the data, as before', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(ok({ connection_id: 'conn_1', company_id: TEST_COMPANY, engine_id: 1 }));
    const connection = await client.connections.get('conn_1');
    expect(connection.connection_id).toBe('conn_1');
    const chained = await client.connections.get('conn_1').then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(chained).toBeInstanceOf(Error);
  });

  it('an error rejects withResponse and asResponse with the same APIError, and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { client, server } = await createObservedClient();
      server.setHandler(() => ({
        status: 409,
        json: { code: 409, message: 'A connection with this name already exists' },
      }));
      const viaWithResponse = await rejectionOf(client.connections.create({ engine_id: 1 }).withResponse());
      const viaAsResponse = await rejectionOf(client.connections.create({ engine_id: 1 }).asResponse());
      expect(viaWithResponse).toBeInstanceOf(ConflictError);
      expect(viaAsResponse).toBeInstanceOf(ConflictError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('every connections method has them', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler((request) =>
      ok(
        request.path.endsWith('/connections') && request.method === 'GET'
          ? []
          : { connection_id: 'c', schemas: [] },
      ),
    );
    const c = client.connections;
    const calls = [
      c.list(),
      c.listPage(),
      c.get('c'),
      c.create({ engine_id: 1 }),
      c.update('c', { name: 'n' }),
      c.delete('c'),
      c.test('c'),
      c.infoSchema('c'),
      c.sampleData('c', { schema_name: 's', table_name: 't' }),
    ];
    for (const call of calls) expect((await call.withResponse()).response.status).toBe(200);
  });
});
