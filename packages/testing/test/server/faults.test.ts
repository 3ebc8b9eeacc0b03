import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';
import { call, connectionPath, connectionsPath } from '../support/api.js';

const server = await createMockServer();
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const headers = { 'x-api-key': DEMO_API_KEY };

describe('queued status faults', () => {
  it('answers 429 with Retry-After and retry_after for the next N requests, then serves normally', async () => {
    server.faults.nextResponses({ status: 429, count: 2, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const limited = await call(server, 'GET', connectionsPath());
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(limited.body).toEqual({ code: 429, message: 'Rate limit exceeded', retry_after: 3 });
    }
    expect(server.faults.pending()).toBe(0);
    expect((await call(server, 'GET', connectionsPath())).status).toBe(200);
  });

  it('applies only to matching requests, and never writes for a failed one', async () => {
    const before = server.store.snapshot();
    server.faults.nextResponses({ status: 500, operationId: 'createConnection' });
    server.faults.nextResponses({ status: 503, method: 'GET', path: /\/test$/ });
    expect((await call(server, 'GET', connectionsPath())).status).toBe(200);
    const failed = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1 },
    });
    expect(failed.status).toBe(500);
    expect(server.store.snapshot()).toBe(before);
    const unavailable = await call(server, 'GET', `${connectionPath('conn_7Hq2xK9pLm')}/test`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(server.requests.all().map((entry) => entry.fault)).toEqual([undefined, 'status', 'status']);
  });

  it('answers with a raw body such as a proxy\u2019s HTML page when asked', async () => {
    server.faults.nextResponses({ status: 502, rawBody: '<html><body>Bad Gateway</body></html>' });
    server.faults.nextResponses({ status: 500, rawBody: '{"code": 500,', contentType: 'application/json' });
    const html = await fetch(`${server.url}/cloud-providers`, { headers });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toBe('<html><body>Bad Gateway</body></html>');
    const broken = await fetch(`${server.url}/cloud-providers`, { headers });
    expect(broken.headers.get('content-type')).toBe('application/json');
    expect(await broken.text()).toBe('{"code": 500,');
  });

  it('rejects nonsense fault options with a message naming the option', () => {
    expect(() => server.faults.nextResponses({ status: 200 })).toThrow(/status must be an error status/);
    expect(() => server.faults.nextResponses({ status: 429, count: 0 })).toThrow(
      /count must be an integer ≥ 1, got 0/,
    );
    expect(() => server.faults.setLatency([50, 10])).toThrow(/min ≤ max/);
    expect(() => server.faults.setFailRate(1.5)).toThrow(/between 0 and 1, got 1.5/);
  });
});

describe('transport faults', () => {
  it('drops the connection before handling: fetch fails and nothing is written', async () => {
    const before = server.store.snapshot();
    server.faults.dropConnections({ operationId: 'createConnection' });
    await expect(
      fetch(`${server.url}${connectionsPath()}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1 }),
      }),
    ).rejects.toThrow(TypeError);
    expect(server.store.snapshot()).toBe(before);
    expect(server.requests.last()).toMatchObject({ status: 0, fault: 'drop' });
  });

  it('drops the connection after handling: the write happened although the client saw a network error', async () => {
    server.faults.dropConnections({ operationId: 'createConnection', when: 'after' });
    const count = server.store.connections(DEMO_COMPANY_ID).length;
    await expect(
      fetch(`${server.url}${connectionsPath()}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Written then lost' }),
      }),
    ).rejects.toThrow(TypeError);
    expect(server.store.connections(DEMO_COMPANY_ID)).toHaveLength(count + 1);
  });

  it('sends a slow body in delayed chunks that still add up to the whole response', async () => {
    server.faults.slowBody({ chunkBytes: 200, chunkDelayMs: 20 });
    const started = performance.now();
    const response = await fetch(`${server.url}${connectionsPath()}?limit=5`, { headers });
    const headersAt = performance.now();
    const body = (await response.json()) as { data: unknown[] };
    const doneAt = performance.now();
    expect(body.data).toHaveLength(5);
    // Headers arrive at once; the body takes several chunk delays.
    expect(doneAt - headersAt).toBeGreaterThan(3 * 20);
    expect(headersAt - started).toBeLessThan(doneAt - started);
  });

  it('delays responses by a fixed or ranged latency', async () => {
    server.faults.setLatency(80);
    let started = performance.now();
    expect((await call(server, 'GET', '/cloud-providers')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    server.faults.setLatency([30, 40]);
    started = performance.now();
    await call(server, 'GET', '/cloud-providers');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    server.faults.clear();
  });

  it('fails about the given share of requests at random, the same way for the same seed', async () => {
    const outcomes: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const flaky = await createMockServer({ seed: 9, failRate: 0.3, failWith: [429, 500, 503] });
      try {
        const statuses: string[] = [];
        for (let i = 0; i < 100; i++) {
          const response = await fetch(`${flaky.url}/cloud-providers`, { headers });
          await response.arrayBuffer();
          statuses.push(String(response.status));
        }
        outcomes.push(statuses);
      } finally {
        await flaky.close();
      }
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    const failures = outcomes[0]!.filter((status) => status !== '200').length;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
    expect(new Set(outcomes[0])).toEqual(new Set(['200', '429', '500', '503']));
  });

  it('close() ends pending slow responses and open keep-alive sockets promptly', async () => {
    const closing = await createMockServer({ latencyMs: 10_000 });
    const pending = fetch(`${closing.url}/cloud-providers`, { headers }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await closing.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(TypeError);
    await closing.close();
  });
});
