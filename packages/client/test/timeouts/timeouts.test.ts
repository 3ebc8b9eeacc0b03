import { describe, expect, it } from 'vitest';
import { APIConnectionError, APITimeoutError, SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY } from '../helpers/observed.js';

describe('timeouts', () => {
  it('a server that never answers times out with APITimeoutError', async () => {
    const { client, server } = await createObservedClient({ timeoutMs: 100, maxRetries: 0 });
    server.setHandler(() => ({ hang: true }));
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toBe(
      `Request timed out after 100 ms (GET /companies/${TEST_COMPANY}/connections)`,
    );
  });

  it('covers reading the body: headers then a stalled body still time out', async () => {
    const { client, server } = await createObservedClient({ timeoutMs: 150, maxRetries: 0 });
    server.setHandler(() => ({ stallAfter: '{"message":"ok","data":[' }));
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it('applies per attempt: a GET that timed out is retried and can succeed', async () => {
    // Generous enough that the second, prompt answer never times out on a loaded machine.
    const { client, server, requests } = await createObservedClient({ timeoutMs: 500, maxRetries: 1 });
    server.enqueue({ hang: true }, ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it('a per-call timeoutMs overrides the client one', async () => {
    const { client, server } = await createObservedClient({ timeoutMs: 60_000, maxRetries: 0 });
    server.setHandler(() => ({ hang: true }));
    const error = await rejectionOf(client.connections.get('conn_1', { timeoutMs: 80 }));
    expect((error as Error).message).toMatch(/timed out after 80 ms/);
  });

  it('a POST that times out is not retried', async () => {
    // Attempts are counted where the client makes them: on a busy machine the 100 ms can run out
    // before the request reaches the server, which then sees none.
    let attempts = 0;
    const { client, server } = await createObservedClient({
      timeoutMs: 100,
      maxRetries: 3,
      fetch: (input, init) => {
        attempts += 1;
        return globalThis.fetch(input, init);
      },
    });
    server.setHandler(() => ({ hang: true }));
    const error = await rejectionOf(client.connections.create({ engine_id: 1 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(attempts).toBe(1);
  });

  it('the raw client shares the timeout', async () => {
    const { client, server } = await createObservedClient({ timeoutMs: 100, maxRetries: 0 });
    server.setHandler(() => ({ hang: true }));
    const error = await rejectionOf(client.raw.GET('/cloud-providers'));
    expect(error).toBeInstanceOf(APITimeoutError);
  });
});
