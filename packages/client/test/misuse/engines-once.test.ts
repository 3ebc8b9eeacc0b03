// The engine listing is built at most once per client, however many look-ups ask at once, and a
// look-up that the listing answers sends nothing.
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/index.js';
import { createObservedClient, ok, type RecordedRequest, type Reply } from '../helpers/observed.js';

const providers = [
  { provider_id: 1, name: 'Google Cloud' },
  { provider_id: 2, name: 'Snowflake' },
];
const engines: Record<string, object[]> = {
  '1': [
    { engine_id: 1, provider_id: 1, service_name: 'BigQuery', engine_type: 'EDW' },
    { engine_id: 4, provider_id: 1, service_name: 'Cloud SQL', engine_type: 'RDBMS' },
  ],
  '2': [{ engine_id: 7, provider_id: 2, service_name: 'Snowflake', engine_type: 'EDW' }],
};

function catalogue(request: RecordedRequest): Reply {
  if (request.path === '/cloud-providers') return ok(providers);
  const list = /^\/cloud-providers\/(\d+)\/storage-engines$/.exec(request.path);
  if (list) return ok(engines[list[1]!] ?? []);
  const one = /^\/cloud-providers\/(\d+)\/storage-engines\/(\d+)$/.exec(request.path);
  const engine =
    one && engines[one[1]!]?.find((e) => (e as { engine_id: number }).engine_id === Number(one[2]));
  return engine ? ok(engine) : { status: 404, json: { code: 404, message: 'Resource not found' } };
}

describe('engines.get', () => {
  it('12 concurrent look-ups build the listing once: 3 requests, not 120', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler((request) => ({ ...catalogue(request), delayMs: 20 }));
    const ids = [1, 4, 7, 1, 4, 7, 1, 4, 7, 1, 4, 7];
    const found = await Promise.all(ids.map((id) => client.engines.get(id)));
    expect(found.map((engine) => engine.engine_id)).toEqual(ids);
    expect(requests.map((r) => r.path).sort()).toEqual([
      '/cloud-providers',
      '/cloud-providers/1/storage-engines',
      '/cloud-providers/2/storage-engines',
    ]);
  });

  it('12 more look-ups answered by the cached listing send nothing', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    await client.engines.list();
    const before = requests.length;
    await Promise.all([1, 4, 7, 1, 4, 7, 1, 4, 7, 1, 4, 7].map((id) => client.engines.get(id)));
    expect(requests).toHaveLength(before);
  });

  it('concurrent misses on a cached listing share one refresh', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    await client.engines.list();
    const before = requests.length;
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.engines.get(99)));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof NotFoundError)).toBe(true);
    expect(requests.length - before).toBe(3);
  });

  it("one caller's abort does not fail the others sharing the listing", async () => {
    const { client, server } = await createObservedClient();
    server.setHandler((request) => ({ ...catalogue(request), delayMs: 50 }));
    const controller = new AbortController();
    const aborted = client.engines.get(1, { signal: controller.signal });
    const other = client.engines.get(7);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).resolves.toMatchObject({ service_name: 'Snowflake' });
  });

  it('clients derived with withOptions share the listing', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(catalogue);
    await client.engines.list();
    const before = requests.length;
    await client.withOptions({ companyId: 'globex_retail' }).engines.get(4);
    expect(requests).toHaveLength(before);
  });
});
