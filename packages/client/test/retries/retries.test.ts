import { describe, expect, it } from 'vitest';
import { InternalServerError, NotFoundError, RateLimitError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf } from '../helpers/observed.js';

/** `retry-after: 0` makes the client retry at once, so counts can be tested on real sockets quickly. */
const unavailableNow = {
  status: 503,
  json: { code: 503, message: 'Unavailable' },
  headers: { 'retry-after': '0' },
};

describe('retries through the client', () => {
  it('retries a GET on 503 and returns the later success', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(unavailableNow, unavailableNow, ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it('gives up after maxRetries (default 2) and throws the last error', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => unavailableNow);
    const error = await rejectionOf(client.connections.get('conn_1'));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(3);
  });

  it('honours the client-wide and the per-call maxRetries', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 4 });
    server.setHandler(() => unavailableNow);
    await rejectionOf(client.connections.list());
    expect(requests).toHaveLength(5);
    await rejectionOf(client.connections.list({}, { maxRetries: 0 }));
    expect(requests).toHaveLength(6);
  });

  it.each([408, 429, 500, 502, 504])('retries status %i', async (status) => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue({ status, json: { code: status, message: 'x' }, headers: { 'retry-after': '0' } }, ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry status %i', async (status) => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ({
      status,
      json: { code: status, message: 'x' },
      headers: { 'retry-after': '0' },
    }));
    await rejectionOf(client.connections.get('conn_1'));
    expect(requests).toHaveLength(1);
  });

  it('retries DELETE, which is idempotent', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(unavailableNow, ok({ connection_id: 'conn_1' }));
    await expect(client.connections.delete('conn_1')).resolves.toEqual({ connection_id: 'conn_1' });
    expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('never retries POST: a second create could duplicate the connection', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 5 });
    server.setHandler(() => unavailableNow);
    await rejectionOf(client.connections.create({ engine_id: 1 }));
    expect(requests).toHaveLength(1);
  });

  it('never retries PATCH', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 5 });
    server.setHandler(() => unavailableNow);
    await rejectionOf(client.connections.update('conn_1', { name: 'n' }));
    expect(requests).toHaveLength(1);
  });

  it('never retries POST after a network error either', async () => {
    const { client, server, requests } = await createObservedClient({ maxRetries: 5 });
    server.setHandler(() => ({ destroy: true }));
    await rejectionOf(client.connections.create({ engine_id: 1 }));
    expect(requests).toHaveLength(1);
  });

  it('surfaces a 429 at once when the server asks for more than a minute', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue({ status: 429, json: { code: 429, message: 'Slow down', retry_after: 3600 } });
    const error = (await rejectionOf(client.connections.list())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(3600);
    expect(requests).toHaveLength(1);
  });
});

describe('abort', () => {
  it('aborting during a backoff stops the wait and sends nothing more', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ({ ...unavailableNow, headers: { 'retry-after': '30' } }));
    const controller = new AbortController();
    const pending = client.connections.list({}, { signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    controller.abort();
    const error = await rejectionOf(pending);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(requests).toHaveLength(1);
  });

  it('aborting during an attempt stops it and rejects with the given reason', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = client.connections.get('conn_1', { signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('user left the screen');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(client.connections.list({}, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(requests).toHaveLength(0);
  });

  it('an abort does not turn into an error class of its own', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = client.connections.get('conn_1', { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 30);
    const error = await rejectionOf(pending);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(DOMException);
  });
});
