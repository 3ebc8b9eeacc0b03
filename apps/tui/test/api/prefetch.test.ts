import { describe, expect, it } from 'vitest';
import { Failure } from '../../src/api/failure.js';
import { withPrefetch } from '../../src/api/prefetch.js';
import { firstPageQuery } from '../../src/state/list.js';
import { FakeSource } from '../helpers/fake-source.js';

describe('the startup prefetch', () => {
  it('asks for the first page and the engines at once, and hands them to the first matching calls', async () => {
    const source = new FakeSource(3);
    const prefetched = withPrefetch(source, firstPageQuery());
    expect(source.calls.map((call) => call.method)).toEqual(['listConnections', 'listEngines']);
    // Peeking does not use it up: a slow first page is still handed to the app's own request.
    expect(await prefetched.firstPage).toHaveLength(3);
    expect(await prefetched.listConnections(firstPageQuery())).toHaveLength(3);
    expect(await prefetched.listEngines()).toHaveLength(3);
    expect(source.calls).toHaveLength(2);
    // A refresh asks again.
    await prefetched.listConnections(firstPageQuery());
    await prefetched.listEngines();
    expect(source.calls).toHaveLength(4);
  });

  it('asks again for a first page that was shown from the peek (a refresh is never stale)', async () => {
    const source = new FakeSource(3);
    const prefetched = withPrefetch(source, firstPageQuery());
    await prefetched.firstPage;
    prefetched.forgetFirstPage();
    await prefetched.listConnections(firstPageQuery());
    expect(source.callsOf('listConnections')).toHaveLength(2);
  });

  it('peeks at a failed first page as undefined, and reports the failure to the app’s request', async () => {
    const source = new FakeSource(3);
    source.hanging.add('listEngines');
    source.failures.set('listConnections', new Failure('network', 'down'));
    const prefetched = withPrefetch(source, firstPageQuery());
    expect(await prefetched.firstPage).toBeUndefined();
    await expect(prefetched.listConnections(firstPageQuery())).rejects.toMatchObject({ kind: 'network' });
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
