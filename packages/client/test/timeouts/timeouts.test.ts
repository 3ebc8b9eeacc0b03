import { describe, expect, it, vi } from 'vitest';
import { APIConnectionError, APITimeoutError, Spartera, SparteraError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

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
    // The first attempt hangs until the client gives up on it; the second is answered from memory,
    // so no loaded machine can make the prompt answer itself run out of time.
    let attempts = 0;
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 1_000,
      maxRetries: 1,
      fetch: (_input, init) => {
        attempts += 1;
        if (attempts === 1) {
          const signal = init.signal;
          return new Promise<Response>((_resolve, reject) => {
            signal?.addEventListener(
              'abort',
              () => {
                reject(new Error('aborted by the client'));
              },
              { once: true },
            );
          });
        }
        return Promise.resolve(
          new Response(JSON.stringify({ message: 'OK', data: [] }), {
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    });
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(attempts).toBe(2);
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
    const error = await rejectionOf(createRawClient(client).GET('/cloud-providers'));
    expect(error).toBeInstanceOf(APITimeoutError);
  });
});

describe('a body still streaming when the call ends', () => {
  /** A `fetch` that ignores its signal (as MSW's and test doubles do), its body endless and slow. */
  function endlessBodyFetch() {
    const stream = { pulls: 0, cancelled: false };
    const fetch = () =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              stream.pulls += 1;
              await new Promise((resolve) => setTimeout(resolve, 5));
              controller.enqueue(new Uint8Array(64));
            },
            cancel() {
              stream.cancelled = true;
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      );
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      fetch,
    });
    return { client, stream };
  }

  it('is cancelled when the timeout fires, not read on up to the limit', async () => {
    const { client, stream } = endlessBodyFetch();
    const error = await rejectionOf(client.connections.list({}, { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    await vi.waitFor(() => {
      expect(stream.cancelled).toBe(true);
    });
  });

  it('is cancelled when the caller aborts', async () => {
    const { client, stream } = endlessBodyFetch();
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
    await vi.waitFor(() => {
      expect(stream.pulls).toBeGreaterThan(2);
    });
    controller.abort(new Error('left the page'));
    await expect(call).rejects.toThrow('left the page');
    await vi.waitFor(() => {
      expect(stream.cancelled).toBe(true);
    });
  });
});
