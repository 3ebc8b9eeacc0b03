import { describe, expect, it } from 'vitest';
import { createTransport } from '../../src/core/transport.js';
import { APIConnectionError } from '../../src/index.js';
import { rejectionOf, startObservedServer, type Reply } from '../helpers/observed.js';

/** A transport over real sockets whose waits are recorded instead of slept. */
async function observedTransport(random = () => 1) {
  const server = await startObservedServer();
  const waits: number[] = [];
  const send = createTransport({
    apiKey: 'k',
    fetch: (request, init) => fetch(request, init),
    random,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  const get = (maxRetries: number) =>
    send(
      { method: 'GET', url: `${server.url}/cloud-providers`, label: 'GET /cloud-providers', headers: {} },
      { timeoutMs: 5_000, maxRetries, signals: [], log: { logger: console, rank: 0 } },
    );
  return { server, waits, send, get };
}

const unavailable: Reply = { status: 503, json: { code: 503, message: 'Unavailable' } };

describe('backoff', () => {
  it('doubles from 500 ms and caps at 8 s (jitter at its maximum)', async () => {
    const { server, waits, get } = await observedTransport(() => 1);
    server.setHandler(() => unavailable);
    const response = await get(7);
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(8);
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('uses full jitter: a random share of the exponential bound', async () => {
    const { server, waits, get } = await observedTransport(() => 0.25);
    server.setHandler(() => unavailable);
    await get(3);
    expect(waits).toEqual([125, 250, 500]);
  });

  it('waits the Retry-After seconds', async () => {
    const { server, waits, get } = await observedTransport();
    server.enqueue(
      { ...unavailable, headers: { 'retry-after': '3' } },
      { json: { message: 'ok', data: [] } },
    );
    expect((await get(2)).status).toBe(200);
    expect(waits).toEqual([3000]);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const { server, waits, get } = await observedTransport();
    const at = new Date(Date.now() + 10_000).toUTCString();
    server.enqueue(
      { status: 429, headers: { 'retry-after': at }, json: { code: 429, message: 'x' } },
      { json: { message: 'ok', data: [] } },
    );
    expect((await get(2)).status).toBe(200);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(8000);
    expect(waits[0]).toBeLessThanOrEqual(11_000);
  });

  it("waits the body's retry_after when there is no header", async () => {
    const { server, waits, get } = await observedTransport();
    server.enqueue(
      { status: 429, json: { code: 429, message: 'x', retry_after: 2 } },
      { json: { message: 'ok', data: [] } },
    );
    expect((await get(2)).status).toBe(200);
    expect(waits).toEqual([2000]);
  });

  for (const header of ['-5', '+5', '1 2 3']) {
    it(`falls back to backoff for a Retry-After of ${JSON.stringify(header)}, which Date.parse reads as a past year`, async () => {
      const { server, waits, get } = await observedTransport(() => 1);
      server.enqueue(
        { ...unavailable, headers: { 'retry-after': header } },
        { json: { message: 'ok', data: [] } },
      );
      expect((await get(2)).status).toBe(200);
      expect(waits).toEqual([500]);
    });
  }

  it('falls back to backoff for an unreadable Retry-After', async () => {
    const { server, waits, get } = await observedTransport(() => 1);
    server.enqueue(
      { ...unavailable, headers: { 'retry-after': 'soon' } },
      { json: { message: 'ok', data: [] } },
    );
    await get(2);
    expect(waits).toEqual([500]);
  });

  it('retries network errors with backoff, then gives up with APIConnectionError', async () => {
    const { server, waits, get } = await observedTransport(() => 1);
    server.setHandler(() => ({ destroy: true }));
    const error = await rejectionOf(get(2));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('sends the body again on every attempt of a retried request', async () => {
    const { server, send } = await observedTransport();
    server.enqueue(unavailable, unavailable, { json: { message: 'ok', data: null } });
    const response = await send(
      {
        method: 'DELETE',
        url: `${server.url}/x`,
        label: 'DELETE /x',
        headers: {},
        body: '{"reason":"cleanup"}',
      },
      { timeoutMs: 5_000, maxRetries: 2, signals: [], log: { logger: console, rank: 0 } },
    );
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill('{"reason":"cleanup"}'));
  });
});
