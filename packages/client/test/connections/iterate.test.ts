import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SparteraError } from '../../src/index.js';
import { createObservedClient, ok, pagedConnections, TEST_COMPANY } from '../helpers/observed.js';

describe('connections.iterate', () => {
  it('yields every connection across pages and stops on the short page', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(250));
    const ids: string[] = [];
    for await (const connection of client.connections.iterate({ search: 'conn', sort_order: 'asc' })) {
      ids.push(connection.connection_id);
    }
    expect(ids).toHaveLength(250);
    expect(ids[0]).toBe('conn_0');
    expect(ids[249]).toBe('conn_249');
    expect(requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    for (const request of requests) {
      expect(request.query.get('limit')).toBe('100');
      expect(request.query.get('search')).toBe('conn');
      expect(request.query.get('sort_order')).toBe('asc');
    }
  });

  it('never yields a connection twice when others create connections during the walk', async () => {
    // Newest first, as the API lists by default: each creation puts a connection at the front and
    // shifts every later page back by one, over connections the loop has already had.
    const { client, server } = await createObservedClient();
    const ids = Array.from({ length: 25 }, (_, i) => `conn_${i}`);
    let created = 0;
    server.setHandler((request) => {
      const page = Number(request.query.get('page'));
      const limit = Number(request.query.get('limit'));
      const reply = ok(
        ids
          .slice((page - 1) * limit, page * limit)
          .map((id) => ({ connection_id: id, company_id: TEST_COMPANY })),
      );
      // Three creations after each page is served, before the loop asks for the next.
      for (let i = 0; i < 3; i++) ids.unshift(`new_${created++}`);
      return reply;
    });
    const seen: string[] = [];
    for await (const connection of client.connections.iterate({ limit: 10 }))
      seen.push(connection.connection_id);
    expect(new Set(seen).size).toBe(seen.length);
    // Every connection that existed when the walk began is still met.
    for (let i = 0; i < 25; i++) expect(seen).toContain(`conn_${i}`);
    // The same holds for a page's own iteration.
    const fromPage: string[] = [];
    for await (const connection of await client.connections.listPage({ limit: 10 }))
      fromPage.push(connection.connection_id);
    expect(new Set(fromPage).size).toBe(fromPage.length);
  });

  it('asks one more page when the last page is exactly full', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(20));
    let count = 0;
    for await (const _ of client.connections.iterate({ limit: 10 })) count++;
    expect(count).toBe(20);
    expect(requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
  });

  it('fetches the next page only when the loop needs it', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(1000));
    const iterator = client.connections.iterate({ limit: 5 })[Symbol.asyncIterator]();
    expect(requests).toHaveLength(0);
    for (let i = 0; i < 5; i++) await iterator.next();
    expect(requests).toHaveLength(1);
    await iterator.next();
    expect(requests).toHaveLength(2);
    await iterator.return?.();
    expect(requests).toHaveLength(2);
  });

  it('applies the per-call options to every page', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(15));
    let count = 0;
    for await (const _ of client.connections.iterate(
      { limit: 10 },
      { companyId: 'beta_co', headers: { 'x-trace-id': 't-1' } },
    )) {
      count++;
    }
    expect(count).toBe(15);
    expect(requests.map((r) => r.path)).toEqual([
      '/companies/beta_co/connections',
      '/companies/beta_co/connections',
    ]);
    expect(requests.map((r) => r.headers['x-trace-id'])).toEqual(['t-1', 't-1']);
  });

  it('starts from the given page', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(30));
    const ids: string[] = [];
    for await (const c of client.connections.iterate({ page: 2, limit: 10 })) ids.push(c.connection_id);
    expect(ids[0]).toBe('conn_10');
    expect(ids).toHaveLength(20);
    expect(requests[0]!.query.get('page')).toBe('2');
  });

  it.each([0, 101, 2.5])('refuses limit %s, which could end the loop early', async (limit) => {
    const { client, requests } = await createObservedClient();
    expect(() => client.connections.iterate({ limit })).toThrow(SparteraError);
    expect(() => client.connections.iterate({ limit })).toThrow(/limit must be a whole number from 1 to 100/);
    expect(requests).toHaveLength(0);
  });

  it('keeps memory flat: rows of earlier pages are collectable while the loop runs', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { client, server } = await createObservedClient();
    server.setHandler(pagedConnections(200 * 100));
    const firstPageRows: WeakRef<object>[] = [];
    let aliveMidway = -1;
    let seen = 0;
    for await (const connection of client.connections.iterate()) {
      if (seen < 100) firstPageRows.push(new WeakRef(connection));
      // Half-way through, with the iterator still running, page 1 must no longer be held.
      if (seen === 10_000) {
        gc();
        aliveMidway = firstPageRows.filter((ref) => ref.deref() !== undefined).length;
      }
      seen++;
    }
    expect(seen).toBe(20_000);
    expect(firstPageRows).toHaveLength(100);
    expect(aliveMidway).toBe(0);
  });
});
