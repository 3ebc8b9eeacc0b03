import { describe, expect, it } from 'vitest';
import { withPrefetch } from '../../src/api/prefetch.js';
import { firstPageQuery } from '../../src/state/list.js';
import { FakeSource } from '../helpers/fake-source.js';

describe('the startup prefetch', () => {
  it('asks for the first page and the engines at once, and hands them to the first matching calls', async () => {
    const source = new FakeSource(3);
    const prefetched = withPrefetch(source, firstPageQuery());
    expect(source.calls.map((call) => call.method)).toEqual(['listConnections', 'listEngines']);
    expect(await prefetched.listConnections(firstPageQuery())).toHaveLength(3);
    expect(await prefetched.listEngines()).toHaveLength(3);
    expect(source.calls).toHaveLength(2);
    // A refresh asks again.
    await prefetched.listConnections(firstPageQuery());
    await prefetched.listEngines();
    expect(source.calls).toHaveLength(4);
  });

  it('does not answer a different query with the prefetched page', async () => {
    const source = new FakeSource(3);
    const prefetched = withPrefetch(source, firstPageQuery());
    await prefetched.listConnections({ ...firstPageQuery(), search: 'Warehouse 00001' });
    expect(source.callsOf('listConnections')).toEqual([
      [firstPageQuery()],
      [{ ...firstPageQuery(), search: 'Warehouse 00001' }],
    ]);
  });
});
