import { describe, expect, it, vi } from 'vitest';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, rejectionOf } from '../helpers/observed.js';

/**
 * openapi-fetch rethrows only a truthy error from its `fetch`: a raw call aborted with a falsy
 * reason must still reject with that reason, as a method call does, not with a TypeError about
 * openapi-fetch's `response`.
 */
describe('a raw call aborted with a falsy reason', () => {
  for (const reason of [null, 0, '', false]) {
    it(`abort(${JSON.stringify(reason)}) during the request rejects with that reason`, async () => {
      const { client, server, requests } = await createObservedClient({ maxRetries: 2 });
      server.setHandler(() => ({ hang: true }));
      const controller = new AbortController();
      const call = createRawClient(client).GET('/cloud-providers', { signal: controller.signal });
      await vi.waitFor(() => {
        expect(requests).toHaveLength(1);
      });
      controller.abort(reason);
      const settled = await rejectionOf(call);
      expect(settled).toBe(reason);
    });
  }

  it('abort(null) before a POST and before request() rejects with null, and nothing is sent', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ok({}));
    const raw = createRawClient(client);
    const controller = new AbortController();
    controller.abort(null);
    const signal = controller.signal;
    let posted: unknown = 'not rejected';
    await raw
      .POST('/companies/{company_id}/connections', {
        params: { path: { company_id: 'acme_analytics' } },
        body: { name: 'x' } as never,
        signal,
      })
      .catch((error: unknown) => (posted = error));
    let requested: unknown = 'not rejected';
    await raw.request('get', '/cloud-providers', { signal }).catch((error: unknown) => (requested = error));
    expect([posted, requested]).toEqual([null, null]);
    expect(requests).toHaveLength(0);
  });

  it('a truthy error still comes out as it is', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(() => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    const call = createRawClient(client).GET('/cloud-providers', { signal: controller.signal });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});
