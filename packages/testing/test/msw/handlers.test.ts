import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_API_KEY, DEMO_COMPANY_ID, createMockHandlers } from '../../src/msw.js';
import { expectConformsToSpec } from '../support/api.js';
import type { Json } from '../support/api.js';

const mock = createMockHandlers();
const prefixed = createMockHandlers({ baseUrl: 'https://stage.api.spartera.com/v1/', dataset: 'empty' });
const server = setupServer(...mock.handlers, ...prefixed.handlers);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  mock.reset();
  prefixed.reset();
});
afterAll(() => {
  server.close();
});

const base = 'https://api.spartera.com';
const headers = { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' };

async function json(
  response: Response,
  operationId: Parameters<typeof expectConformsToSpec>[0],
): Promise<Json> {
  const body = await response.json();
  expectConformsToSpec(operationId, response.status, body);
  return body;
}

describe('MSW handlers', () => {
  it('serve the demo data to plain fetch, validated like the server', async () => {
    const response = await fetch(
      `${base}/companies/${DEMO_COMPANY_ID}/connections?limit=3&sort_by=name&sort_order=asc`,
      { headers },
    );
    expect(response.status).toBe(200);
    const body = await json(response, 'listConnections');
    expect(body.data).toHaveLength(3);
    expect(body.data[0].name).toBe('Acme BigQuery warehouse');
  });

  it('keep state across requests: create, read back, delete', async () => {
    const created = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        company_id: DEMO_COMPANY_ID,
        engine_id: 8,
        name: 'From MSW',
        credentials: 'msw-secret-value',
      }),
    });
    const { data } = await json(created, 'createConnection');
    const fetched = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/connections/${data.connection_id}`, {
      headers,
    });
    const body = await json(fetched, 'getConnection');
    expect(body.data.name).toBe('From MSW');
    expect(JSON.stringify(body)).not.toContain('msw-secret-value');
    expect(JSON.stringify(mock.requests.all())).not.toContain('msw-secret-value');
    const deleted = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/connections/${data.connection_id}`, {
      method: 'DELETE',
      headers,
    });
    expect(deleted.status).toBe(200);
    expect(mock.store.getConnection(DEMO_COMPANY_ID, data.connection_id)).toBeUndefined();
  });

  it('validate requests and check auth like the server', async () => {
    const unauthorized = await fetch(`${base}/cloud-providers`);
    expect(unauthorized.status).toBe(401);
    await json(unauthorized, 'listCloudProviders');
    const invalid = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, surprise: true }),
    });
    expect(invalid.status).toBe(400);
    expect((await json(invalid, 'createConnection')).errors).toEqual({ surprise: ['is not allowed'] });
    const tooLarge = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, description: 'é'.repeat(600_000) }),
    });
    expect(tooLarge.status).toBe(413);
    const unknown = await fetch(`${base}/what`, { headers });
    expect(unknown.status).toBe(404);
  });

  it('inject faults: statuses, network errors and slow bodies', async () => {
    mock.faults.nextResponses({ status: 503, retryAfter: 2 });
    const unavailable = await fetch(`${base}/cloud-providers`, { headers });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
    mock.faults.dropConnections();
    await expect(fetch(`${base}/cloud-providers`, { headers })).rejects.toThrow(TypeError);
    mock.faults.slowBody({ chunkBytes: 64, chunkDelayMs: 10 });
    const started = performance.now();
    const slow = await fetch(`${base}/cloud-providers`, { headers });
    const body = await json(slow, 'listCloudProviders');
    expect(body.data.length).toBeGreaterThan(3);
    expect(performance.now() - started).toBeGreaterThan(50);
  });

  it('stop a slow body as soon as the request is aborted, with no timer left running', async () => {
    mock.faults.slowBody({ chunkBytes: 8, chunkDelayMs: 40 });
    const controller = new AbortController();
    const response = await fetch(`${base}/cloud-providers`, { headers, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const chunksAfterAbort: unknown[] = [];
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          chunksAfterAbort.push(value);
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // The whole body is over a hundred chunks; the abort ends it at once (the stream holds one more at most).
    expect(chunksAfterAbort.length).toBeLessThan(2);
  });

  it('give up a delayed answer when the request is aborted during the delay, clearing its timer', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    try {
      mock.faults.setLatency(60_000);
      const controller = new AbortController();
      const pending = fetch(`${base}/cloud-providers`, { headers, signal: controller.signal });
      await vi.waitFor(() => {
        expect(setTimer.mock.calls.some(([, ms]) => ms === 60_000)).toBe(true);
      });
      const index = setTimer.mock.calls.findIndex(([, ms]) => ms === 60_000);
      const timer = setTimer.mock.results[index]?.value as unknown;
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(clearTimer).toHaveBeenCalledWith(timer);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });

  it('serve under a base URL with a path prefix, with their own independent store', async () => {
    const response = await fetch(
      `https://stage.api.spartera.com/v1/companies/${DEMO_COMPANY_ID}/connections`,
      { headers },
    );
    const body = await json(response, 'listConnections');
    expect(body.data).toEqual([]);
    expect(prefixed.requests.last()?.path).toBe(`/companies/${DEMO_COMPANY_ID}/connections`);
    expect(mock.requests.count).toBe(0);
  });

  it('reject a base URL that is not absolute', () => {
    expect(() => createMockHandlers({ baseUrl: '/api' })).toThrow(/baseUrl must be an absolute URL/);
  });
});
