import { describe, expect, it } from 'vitest';
import { NotFoundError, SparteraError } from '../../src/index.js';
import {
  createObservedClient,
  ok,
  rejectionOf,
  type RecordedRequest,
  type Reply,
} from '../helpers/observed.js';

const providers = [
  { provider_id: 1, name: 'Google Cloud' },
  { provider_id: 2, name: 'Snowflake' },
];
const enginesOf: Record<string, object[]> = {
  '1': [
    { engine_id: 1, provider_id: 1, service_name: 'BigQuery', engine_type: 'EDW' },
    { engine_id: 4, provider_id: 1, service_name: 'Cloud SQL', engine_type: 'RDBMS' },
  ],
  '2': [{ engine_id: 7, provider_id: 2, service_name: 'Snowflake', engine_type: 'EDW' }],
};

/** A catalogue server that pages with the requested limit. */
function catalogue(request: RecordedRequest): Reply {
  const page = Number(request.query.get('page') ?? '1');
  const limit = Number(request.query.get('limit') ?? '20');
  const slice = (items: object[]) => ok(items.slice((page - 1) * limit, page * limit));
  if (request.path === '/cloud-providers') return slice(providers);
  const one = /^\/cloud-providers\/(\d+)\/storage-engines\/(\d+)$/.exec(request.path);
  if (one) {
    const engine = enginesOf[one[1]!]?.find((e) => (e as { engine_id: number }).engine_id === Number(one[2]));
    return engine ? ok(engine) : { status: 404, json: { code: 404, message: 'Resource not found' } };
  }
  const list = /^\/cloud-providers\/(\d+)\/storage-engines$/.exec(request.path);
  if (list) return slice(enginesOf[list[1]!] ?? []);
  return { status: 404, json: { code: 404, message: 'Resource not found' } };
}

describe('engines', () => {
  it('providers lists every cloud provider', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    await expect(client.engines.providers()).resolves.toEqual(providers);
    expect(requests[0]!.path).toBe('/cloud-providers');
    expect(requests[0]!.query.get('limit')).toBe('100');
  });

  it('providers follows pages', async () => {
    const { client, server, requests } = await createObservedClient();
    const many = Array.from({ length: 150 }, (_, i) => ({ provider_id: i + 1, name: `P${i + 1}` }));
    server.setHandler((request) => {
      const page = Number(request.query.get('page'));
      return ok(many.slice((page - 1) * 100, page * 100));
    });
    await expect(client.engines.providers()).resolves.toHaveLength(150);
    expect(requests.map((r) => r.query.get('page'))).toEqual(['1', '2']);
  });

  it('list gathers the engines of every provider', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(catalogue);
    const engines = await client.engines.list();
    expect(engines.map((e) => e.engine_id).sort()).toEqual([1, 4, 7]);
  });

  it('list is fetched once per client; callers get their own array', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    const first = await client.engines.list();
    const count = requests.length;
    first.length = 0;
    const second = await client.engines.list();
    expect(requests).toHaveLength(count);
    expect(second).toHaveLength(3);
  });

  it('get answers from the listing: one listing, then no request per look-up', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    const engine = await client.engines.get(7);
    expect(engine).toEqual({ engine_id: 7, provider_id: 2, service_name: 'Snowflake', engine_type: 'EDW' });
    expect(requests.map((r) => r.path)).toEqual([
      '/cloud-providers',
      '/cloud-providers/1/storage-engines',
      '/cloud-providers/2/storage-engines',
    ]);
    await expect(client.engines.get(1)).resolves.toMatchObject({ service_name: 'BigQuery' });
    expect(requests).toHaveLength(3);
    // Each caller gets its own copy: changing it changes nothing for the next.
    engine.service_name = 'changed';
    await expect(client.engines.get(7)).resolves.toMatchObject({ service_name: 'Snowflake' });
  });

  it('get of an unknown engine refreshes the cached listing once, then throws NotFoundError', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    await client.engines.list();
    const before = requests.length;
    const error = await rejectionOf(client.engines.get(99));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as Error).message).toMatch(/Storage engine 99 is not offered by any cloud provider/);
    expect(requests.slice(before).map((r) => r.path)).toEqual([
      '/cloud-providers',
      '/cloud-providers/1/storage-engines',
      '/cloud-providers/2/storage-engines',
    ]);
  });

  it('get finds an engine added after the listing was cached', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(catalogue);
    await client.engines.list();
    enginesOf['2']!.push({ engine_id: 8, provider_id: 2, service_name: 'Snowpark', engine_type: 'LLM' });
    try {
      await expect(client.engines.get(8)).resolves.toMatchObject({ service_name: 'Snowpark' });
    } finally {
      enginesOf['2']!.pop();
    }
  });

  it('a failed listing is not cached', async () => {
    const { client, server } = await createObservedClient({ maxRetries: 0 });
    server.enqueue({ status: 500, json: { code: 500, message: 'boom' } });
    server.setHandler(catalogue);
    await expect(client.engines.list()).rejects.toThrow(/500 boom/);
    await expect(client.engines.list()).resolves.toHaveLength(3);
  });

  it.each([0, -1, 1.5, Number.NaN])('get refuses engine id %s before sending', async (id) => {
    const { client, requests } = await createObservedClient();
    await expect(client.engines.get(id)).rejects.toThrow(SparteraError);
    await expect(client.engines.get(id)).rejects.toThrow(/engineId must be a whole number/);
    expect(requests).toHaveLength(0);
  });
});
