import { describe, expect, it } from 'vitest';
import { APITimeoutError, Spartera } from '../../src/index.js';
import { rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

/** A `fetch` option that ignores its signal and never answers: a broken wrapper, a test double. */
function neverSettlingFetch() {
  const calls: RequestInit[] = [];
  const fetch = (_url: string, init: RequestInit) => {
    calls.push(init);
    return new Promise<Response>(() => undefined);
  };
  return { fetch, calls };
}

describe('a fetch that ignores its signal and never settles', () => {
  it('does not hold the call past its timeout', async () => {
    const { fetch, calls } = neverSettlingFetch();
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      fetch,
      maxRetries: 0,
      timeoutMs: 100,
    });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(
      `Request timed out after 100 ms (GET /companies/${TEST_COMPANY}/connections)`,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal?.aborted).toBe(true);
  });

  it("does not hold the call past the caller's abort, with or without middleware", async () => {
    for (const middleware of [[], [{ onRequest: () => undefined }]]) {
      const { fetch } = neverSettlingFetch();
      const client = new Spartera({
        apiKey: TEST_KEY,
        companyId: TEST_COMPANY,
        fetch,
        timeoutMs: 0,
        middleware,
      });
      const controller = new AbortController();
      const call = client.connections.list({}, { signal: controller.signal });
      setTimeout(() => {
        controller.abort(new Error('the user moved on'));
      }, 10);
      await expect(call).rejects.toThrow('the user moved on');
    }
  });

  it('is retried after its timeout like any attempt that got no answer', async () => {
    let calls = 0;
    const fetch = () =>
      ++calls === 1
        ? new Promise<Response>(() => undefined)
        : Promise.resolve(Response.json({ message: 'OK', data: [] }));
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      fetch,
      maxRetries: 1,
      timeoutMs: 100,
    });
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(calls).toBe(2);
  });
});
