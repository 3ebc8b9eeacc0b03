// x-api-key is always the client's: per-call headers cannot replace it, on the methods or on raw.
import { describe, expect, it } from 'vitest';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, TEST_KEY } from '../helpers/observed.js';

describe('x-api-key', () => {
  it('a raw call cannot replace it through its headers, in any case', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ok([]));
    const raw = createRawClient(client);
    await raw.GET('/cloud-providers', { headers: { 'x-api-key': 'someone_else' } });
    await raw.GET('/cloud-providers', { headers: { 'X-API-KEY': 'someone_else' } });
    expect(requests.map((r) => r.headers['x-api-key'])).toEqual([TEST_KEY, TEST_KEY]);
  });

  it('nor a method call', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ok([]));
    await client.connections.list({}, { headers: { 'X-Api-Key': 'someone_else' } });
    expect(requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
  });
});
