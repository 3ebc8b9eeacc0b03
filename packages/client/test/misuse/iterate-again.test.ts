// iterate() returns an AsyncIterable that can be looped more than once, each loop from the first page.
import { describe, expect, it } from 'vitest';
import { createObservedClient, pagedConnections } from '../helpers/observed.js';

async function ids(iterable: AsyncIterable<{ connection_id: string }>): Promise<string[]> {
  const seen: string[] = [];
  for await (const connection of iterable) seen.push(connection.connection_id);
  return seen;
}

const all = Array.from({ length: 25 }, (_, i) => `conn_${i}`);

describe('iterate()', () => {
  it('can be looped twice, each loop starting again from the first page', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(pagedConnections(25, { delayMs: 5 }));
    const connections = client.connections.iterate({ limit: 10 });
    expect(await ids(connections)).toEqual(all);
    expect(await ids(connections)).toEqual(all);
  });

  it('a loop broken early does not shorten the next one', async () => {
    const { client, server } = await createObservedClient();
    server.setHandler(pagedConnections(25, { delayMs: 5 }));
    const connections = client.connections.iterate({ limit: 10 });
    for await (const connection of connections) if (connection.connection_id === 'conn_3') break;
    expect(await ids(connections)).toEqual(all);
  });

  it('two concurrent loops over one iterable each see every connection', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(pagedConnections(25, { delayMs: 5 }));
    const connections = client.connections.iterate({ limit: 10 });
    const [first, second] = await Promise.all([ids(connections), ids(connections)]);
    expect(first).toEqual(all);
    expect(second).toEqual(all);
    expect(requests).toHaveLength(6);
  });
});
