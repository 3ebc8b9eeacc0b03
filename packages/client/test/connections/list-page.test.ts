import { describe, expect, it } from 'vitest';
import { Page, SparteraError } from '../../src/index.js';
import { createObservedClient, pagedConnections } from '../helpers/observed.js';

describe('connections.listPage', () => {
  it('returns a Page with data, page, limit, and the API default of 20 sent', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(45));
    const page = await client.connections.listPage({ search: 'conn' });
    expect(page).toBeInstanceOf(Page);
    expect(page.data).toHaveLength(20);
    expect(page.page).toBe(1);
    expect(page.limit).toBe(20);
    expect(page.hasNextPage()).toBe(true);
    expect(Object.fromEntries(requests[0]!.query)).toEqual({ search: 'conn', page: '1', limit: '20' });
  });

  it('getNextPage keeps the query and options, and a short page is the last', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(25));
    const first = await client.connections.listPage(
      { limit: 10, sort_order: 'asc' },
      { headers: { 'x-trace-id': 't' } },
    );
    const second = await first.getNextPage();
    const third = await second.getNextPage();
    expect([first.page, second.page, third.page]).toEqual([1, 2, 3]);
    expect(third.data.map((c) => c.connection_id)).toEqual([
      'conn_20',
      'conn_21',
      'conn_22',
      'conn_23',
      'conn_24',
    ]);
    expect(third.hasNextPage()).toBe(false);
    expect(() => third.getNextPage()).toThrow(SparteraError);
    expect(
      requests.map((r) => [r.query.get('page'), r.query.get('sort_order'), r.headers['x-trace-id']]),
    ).toEqual([
      ['1', 'asc', 't'],
      ['2', 'asc', 't'],
      ['3', 'asc', 't'],
    ]);
  });

  it('a full last page has a next page, which is empty', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(pagedConnections(10));
    const first = await client.connections.listPage({ limit: 10 });
    expect(first.hasNextPage()).toBe(true);
    const next = await first.getNextPage();
    expect(next.data).toEqual([]);
    expect(next.hasNextPage()).toBe(false);
  });

  it('for await over a page walks on from that page to the end, fetching as it goes', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(35));
    const second = await client.connections.listPage({ page: 2, limit: 10 });
    const ids: string[] = [];
    for await (const connection of second) ids.push(connection.connection_id);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `conn_${i + 10}`));
    expect(requests.map((r) => r.query.get('page'))).toEqual(['2', '3', '4']);
    // A second loop walks again from the same page, without fetching it again.
    const again: string[] = [];
    for await (const connection of second) again.push(connection.connection_id);
    expect(again).toEqual(ids);
    expect(requests.map((r) => r.query.get('page'))).toEqual(['2', '3', '4', '3', '4']);
  });

  it('a bad limit gets the API’s own 400 as a BadRequestError', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({
      status: 400,
      json: { code: 400, message: 'Invalid input', errors: { limit: ['must be at most 100'] } },
    });
    await expect(client.connections.listPage({ limit: 500 })).rejects.toThrow(/limit: must be at most 100/);
  });
});
