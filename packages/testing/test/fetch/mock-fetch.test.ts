import {
  APIConnectionError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  Spartera,
} from '@spartera/client';
import { describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { createMockFetch, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';
import type { MockFetch, MockFetchOptions } from '../../src/index.js';
import { expectConformsToSpec } from '../support/api.js';
import type { Json } from '../support/api.js';

const base = 'https://api.spartera.com';
const listUrl = `${base}/companies/${DEMO_COMPANY_ID}/connections`;
const headers = { 'x-api-key': DEMO_API_KEY };

function clientOf(mockFetch: MockFetch, options: { apiKey?: string; maxRetries?: number } = {}): Spartera {
  return new Spartera({
    apiKey: options.apiKey ?? DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    baseUrl: mockFetch.baseUrl,
    fetch: mockFetch,
    maxRetries: options.maxRetries ?? 0,
  });
}

async function listed(response: Response): Promise<Json> {
  const body: Json = await response.json();
  expectConformsToSpec('listConnections', response.status, body);
  return body;
}

/** The timer a pending delay of `ms` set, spied on `setTimeout`. */
async function timerOf(setTimer: MockInstance<typeof setTimeout>, ms: number): Promise<unknown> {
  await vi.waitFor(() => {
    expect(setTimer.mock.calls.some(([, delay]) => delay === ms)).toBe(true);
  });
  const index = setTimer.mock.calls.findIndex(([, delay]) => delay === ms);
  return setTimer.mock.results[index]?.value as unknown;
}

describe('createMockFetch with @spartera/client', () => {
  it('serves the client with no server: lists, creates, reads back, and answers 404 as NotFoundError', async () => {
    const mockFetch = createMockFetch();
    const spartera = clientOf(mockFetch);
    const page = await spartera.connections.list({ limit: 5, sort_by: 'name', sort_order: 'asc' });
    expect(page.map((connection) => connection.name)).toHaveLength(5);
    expect(page[0]?.name).toBe('Acme BigQuery warehouse');
    const { connection_id } = await spartera.connections.create({ engine_id: 1, name: 'Made by mock fetch' });
    expect((await spartera.connections.get(connection_id)).name).toBe('Made by mock fetch');
    const missing = await spartera.connections.get('conn_not_there').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).status).toBe(404);
    expect(mockFetch.requests.ofOperation('getConnection').map((entry) => entry.status)).toEqual([200, 404]);
  });

  it('checks keys and bodies as the server does', async () => {
    const mockFetch = createMockFetch();
    await expect(clientOf(mockFetch, { apiKey: 'not-the-key' }).connections.list()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const refused = await clientOf(mockFetch)
      .connections.create({ engine_id: 0, name: 'x' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).errors).toHaveProperty('engine_id');
  });

  it('is a fetch by type and by default serves the base URL of the client', () => {
    const mockFetch = createMockFetch();
    const asFetch: typeof fetch = mockFetch;
    expect(asFetch).toBe(mockFetch);
    expect(mockFetch.baseUrl).toBe(base);
    expect(createMockFetch({ baseUrl: 'https://stage.example.com/v1/' }).baseUrl).toBe(
      'https://stage.example.com/v1',
    );
  });
});

describe('createMockFetch takes every fetch input', () => {
  it('a URL string, a URL and a Request, each answered with a real Response', async () => {
    const mockFetch = createMockFetch();
    const url = `${listUrl}?limit=2`;
    const answers = [
      await mockFetch(url, { headers }),
      await mockFetch(new URL(url), { headers }),
      await mockFetch(new Request(url, { headers })),
    ];
    for (const response of answers) {
      expect(response).toBeInstanceOf(Response);
      expect(response.status).toBe(200);
      expect(response.statusText).toBe('OK');
      expect(response.ok).toBe(true);
      expect(response.url).toBe(url);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const copy = response.clone();
      const text = await copy.text();
      expect(Number(response.headers.get('content-length'))).toBe(new TextEncoder().encode(text).length);
      expect((await listed(response)).data).toHaveLength(2);
    }
    expect(mockFetch.requests.all().map((entry) => entry.query)).toEqual([
      { limit: '2' },
      { limit: '2' },
      { limit: '2' },
    ]);
  });

  it('a body as a stream, and a body read only once', async () => {
    const mockFetch = createMockFetch();
    const response = await mockFetch(listUrl, { headers });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    expect(JSON.parse(text)).toHaveProperty('data');
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('an answer to HEAD without a body, as fetch gives it', async () => {
    const mockFetch = createMockFetch();
    const response = await mockFetch(listUrl, { method: 'HEAD', headers });
    expect(response.status).toBe(mockFetch.requests.last()?.status);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('a Request with init overriding its method, headers and body, as fetch does', async () => {
    const mockFetch = createMockFetch();
    const request = new Request(listUrl, { headers: { 'x-api-key': 'wrong-key' } });
    const created = await mockFetch(request, {
      method: 'POST',
      headers: new Headers({ 'X-API-Key': DEMO_API_KEY, 'content-type': 'application/json' }),
      body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'From a Request' }),
    });
    expect(created.status).toBe(200);
    const { data }: Json = await created.json();
    expect(mockFetch.store.getConnection(DEMO_COMPANY_ID, data.connection_id)?.name).toBe('From a Request');
    // The Request's own method and key, when init says nothing of them.
    const read = await mockFetch(new Request(`${listUrl}/${data.connection_id}`, { headers }));
    expect(read.status).toBe(200);
  });

  it('headers as a Headers, as pairs and as a record in any case; bodies as bytes and Blobs', async () => {
    const mockFetch = createMockFetch();
    for (const given of [
      new Headers(headers),
      [['X-Api-Key', DEMO_API_KEY]],
      { 'X-API-KEY': DEMO_API_KEY },
    ]) {
      expect((await mockFetch(listUrl, { headers: given as HeadersInit })).status).toBe(200);
    }
    const json = JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'From bytes' });
    for (const [name, body] of [
      ['From bytes', new TextEncoder().encode(json)],
      ['From a Blob', new Blob([json.replace('From bytes', 'From a Blob')])],
    ] as const) {
      const response = await mockFetch(listUrl, { method: 'POST', headers, body });
      expect(response.status).toBe(200);
      expect(
        mockFetch.store.connections(DEMO_COMPANY_ID).some((connection) => connection.name === name),
      ).toBe(true);
    }
  });

  it('refuses what fetch refuses, with its TypeError, before the engine sees anything', async () => {
    const mockFetch = createMockFetch();
    await expect(mockFetch('not a url')).rejects.toThrow(TypeError);
    await expect(mockFetch('/companies/x/connections')).rejects.toThrow(TypeError);
    await expect(mockFetch(listUrl, { method: 'GET', body: '{}' })).rejects.toThrow(TypeError);
    await expect(mockFetch(listUrl, { headers: { 'x-api-key': 'line\nbreak' } })).rejects.toThrow(TypeError);
    await expect(mockFetch(`https://user:secret@api.spartera.com/cloud-providers`)).rejects.toThrow(
      TypeError,
    );
    expect(mockFetch.requests.count).toBe(0);
  });

  it('refuses a URL with credentials without repeating them in its error', async () => {
    const mockFetch = createMockFetch();
    for (const input of [
      'https://user:hunter2@api.spartera.com/cloud-providers',
      new URL('https://user:hunter2@api.spartera.com/cloud-providers'),
    ]) {
      const error = await mockFetch(input, { headers }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('https://api.spartera.com/cloud-providers');
      expect((error as Error).message).not.toMatch(/hunter2|user/);
    }
    expect(mockFetch.requests.count).toBe(0);
  });
});

describe('createMockFetch bounds a request body as the server does', () => {
  /**
   * A 16 MiB body in 64 KiB chunks. Each chunk waits a timer turn, so that a reader that buffers
   * everything gets to the end (and this test to its assertion) instead of starving the loop.
   */
  function hugeBody(): {
    stream: ReadableStream<Uint8Array>;
    pulled: () => number;
    cancelled: () => boolean;
  } {
    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        pulls += 1;
        if (pulls > 256) controller.close();
        else controller.enqueue(new Uint8Array(65_536));
      },
      cancel() {
        cancelled = true;
      },
    });
    return { stream, pulled: () => pulls, cancelled: () => cancelled };
  }

  it('answers 413 to a stream body past the limit without reading the rest, and cancels it', async () => {
    const mockFetch = createMockFetch();
    const before = mockFetch.store.connections(DEMO_COMPANY_ID).length;
    const body = hugeBody();
    const response = await mockFetch(listUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    // 1 MiB is 16 chunks; Request's own piping may read a few ahead, never the 256.
    expect(body.pulled()).toBeLessThan(64);
    await vi.waitFor(() => {
      expect(body.cancelled()).toBe(true);
    });
    expect(mockFetch.store.connections(DEMO_COMPANY_ID)).toHaveLength(before);
  });

  it('rejects with the reason of an abort while a stream body is still coming', async () => {
    const mockFetch = createMockFetch();
    const controller = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"name":'));
      },
    });
    const call = mockFetch(listUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: stalled,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit);
    const reason = new Error('gave up on the upload');
    setTimeout(() => {
      controller.abort(reason);
    }, 20);
    await expect(call).rejects.toBe(reason);
    expect(mockFetch.requests.count).toBe(0);
  });
});

describe('createMockFetch serves its base URL only', () => {
  it('refuses another origin with a TypeError naming the URL and the base URL, and never calls out', async () => {
    const mockFetch = createMockFetch();
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    try {
      const refused = await mockFetch('https://evil.example/steal?api_key=sk_live_secret', { headers }).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(TypeError);
      const message = (refused as TypeError).message;
      expect(message).toContain('https://evil.example/steal');
      expect(message).toContain('https://api.spartera.com');
      expect(message).not.toContain('sk_live_secret');
      await expect(mockFetch(new Request('http://api.spartera.com/cloud-providers'))).rejects.toThrow(
        /^refused http:\/\/api\.spartera\.com\/cloud-providers: the mock fetch serves https:\/\/api\.spartera\.com only/,
      );
      expect(globalFetch).not.toHaveBeenCalled();
      expect(mockFetch.requests.count).toBe(0);
    } finally {
      globalFetch.mockRestore();
    }
  });

  it('serves a base URL with a path prefix, and refuses the same origin outside it', async () => {
    const mockFetch = createMockFetch({ baseUrl: 'https://stage.example.com/v1', dataset: 'empty' });
    const response = await mockFetch(
      `https://stage.example.com/v1/companies/${DEMO_COMPANY_ID}/connections`,
      {
        headers,
      },
    );
    expect((await listed(response)).data).toEqual([]);
    expect(mockFetch.requests.last()?.path).toBe(`/companies/${DEMO_COMPANY_ID}/connections`);
    await expect(mockFetch('https://stage.example.com/v10/cloud-providers', { headers })).rejects.toThrow(
      /serves https:\/\/stage\.example\.com\/v1 only/,
    );
    const client = new Spartera({
      apiKey: DEMO_API_KEY,
      companyId: DEMO_COMPANY_ID,
      baseUrl: 'https://api.spartera.com',
      fetch: mockFetch,
      maxRetries: 0,
    });
    await expect(client.connections.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('refuses a bad base URL or engine option when created, naming it', () => {
    expect(() => createMockFetch({ baseUrl: '/api' })).toThrow(/baseUrl must be an absolute URL/);
    expect(() => createMockFetch({ baseUrl: 'ftp://api.spartera.com' })).toThrow(/http: or https:/);
    expect(() => createMockFetch({ extraConnections: -1 })).toThrow(/extraConnections must be an integer/);
    expect(() => createMockFetch({ dataset: 'full' as 'demo' })).toThrow(/dataset must be 'demo' or 'empty'/);
  });

  it('refuses an option it does not take, such as a misspelt latencyMs, naming it', () => {
    const misspelt = { latency: 200 } as MockFetchOptions;
    expect(() => createMockFetch(misspelt)).toThrow(/createMockFetch: unknown option "latency"; .*latencyMs/);
    expect(() => createMockFetch({ port: 0 } as MockFetchOptions)).toThrow(/unknown option "port"/);
    expect(createMockFetch({ baseUrl: 'http://localhost:4010', latencyMs: 0 }).baseUrl).toBe(
      'http://localhost:4010',
    );
  });
});

describe('createMockFetch honours the signal', () => {
  it('rejects with the reason of a signal aborted before the call, the engine never asked', async () => {
    const mockFetch = createMockFetch();
    const controller = new AbortController();
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(mockFetch(listUrl, { headers, signal: controller.signal })).rejects.toBe(reason);
    await expect(mockFetch(new Request(listUrl, { headers, signal: controller.signal }))).rejects.toBe(
      reason,
    );
    await expect(
      mockFetch(listUrl, { headers, method: 'POST', body: '{}', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(mockFetch.requests.count).toBe(0);
  });

  it('rejects an abort in the caller turn, before the engine sees the request', async () => {
    const mockFetch = createMockFetch();
    const controller = new AbortController();
    const pending = mockFetch(listUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ engine_id: 1, name: 'Never made' }),
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(pending).toBeInstanceOf(Promise);
    expect(mockFetch.requests.count).toBe(0);
    expect(mockFetch.store.connections(DEMO_COMPANY_ID).some((c) => c.name === 'Never made')).toBe(false);
  });

  it('rejects with the reason of an abort during the latency, its timer cleared', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const mockFetch = createMockFetch({ latencyMs: 60_000 });
      const controller = new AbortController();
      const pending = mockFetch(new Request(listUrl, { headers, signal: controller.signal }));
      const timer = await timerOf(setTimer, 60_000);
      const reason = new DOMException('the user pressed Escape', 'AbortError');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(clearTimer).toHaveBeenCalledWith(timer);
      // Without a reason of its own, the signal's is an AbortError, as fetch's.
      const second = new AbortController();
      const other = mockFetch(listUrl, { headers, signal: second.signal });
      await vi.waitFor(() => {
        expect(mockFetch.requests.count).toBe(2);
      });
      second.abort();
      await expect(other).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });

  it('errors a slow body read after the abort with the reason, at once', async () => {
    const mockFetch = createMockFetch();
    mockFetch.faults.slowBody({ chunkBytes: 8, chunkDelayMs: 40 });
    const controller = new AbortController();
    const response = await mockFetch(listUrl, { headers, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    const reason = new Error('stop reading');
    controller.abort(reason);
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toBe(reason);
  });

  it('dribbles a slow body in chunks, whole in the end', async () => {
    const mockFetch = createMockFetch();
    mockFetch.faults.slowBody({ chunkBytes: 512, chunkDelayMs: 1 });
    const response = await mockFetch(`${listUrl}?limit=10`, { headers });
    const reader = response.body!.getReader();
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks += 1;
      parts.push(read.value);
    }
    expect(chunks).toBeGreaterThan(2);
    expect(JSON.parse(new TextDecoder().decode(Buffer.concat(parts))).data).toHaveLength(10);
  });
});

describe('createMockFetch state', () => {
  it('is shared by the calls of one fetch and apart between two', async () => {
    const first = createMockFetch();
    const second = createMockFetch();
    const created = await clientOf(first).connections.create({ engine_id: 1, name: 'Only in the first' });
    expect((await clientOf(first).connections.get(created.connection_id)).name).toBe('Only in the first');
    await expect(clientOf(second).connections.get(created.connection_id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(second.store.connections(DEMO_COMPANY_ID).some((c) => c.name === 'Only in the first')).toBe(false);
    first.faults.nextResponses({ status: 503 });
    expect((await second(listUrl, { headers })).status).toBe(200);
    expect((await first(listUrl, { headers })).status).toBe(503);
    first.reset();
    expect(first.store.getConnection(DEMO_COMPANY_ID, created.connection_id)).toBeUndefined();
    expect(first.requests.count).toBe(0);
  });

  it('is left as it was by every rejected request', async () => {
    const mockFetch = createMockFetch();
    const before = mockFetch.store.snapshot();
    const version = mockFetch.store.version;
    const post = (body: string, key = DEMO_API_KEY) =>
      mockFetch(listUrl, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body,
      });
    const statuses = [
      (
        await post(
          JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Sneaky', surprise: true }),
        )
      ).status,
      (await post('{"company_id": "acme_analytics", "engine_id": 1, "name": ')).status,
      (
        await post(
          JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Wrong key' }),
          'not-the-key',
        )
      ).status,
      (await post(JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'é'.repeat(600_000) })))
        .status,
      (
        await post(
          JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Acme BigQuery warehouse' }),
        )
      ).status,
      (await post(JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 9999, name: 'No such engine' })))
        .status,
      (
        await mockFetch(`${base}/companies/globex_retail/connections`, {
          method: 'POST',
          headers,
          body: '{}',
        })
      ).status,
      (await mockFetch(`${listUrl}/conn_not_there`, { method: 'DELETE', headers })).status,
    ];
    expect(statuses).toEqual([400, 400, 401, 413, 409, 422, 403, 404]);
    expect(mockFetch.store.snapshot()).toBe(before);
    expect(mockFetch.store.version).toBe(version);
  });
});

describe('createMockFetch onRequest', () => {
  it('keeps the answer when the callback throws, and rethrows its error uncaught instead of hiding it in a 500', async () => {
    const thrown: unknown[] = [];
    const queued = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      try {
        callback();
      } catch (error) {
        thrown.push(error);
      }
    });
    try {
      const assertion = new Error('expected no POST');
      const mockFetch = createMockFetch({
        onRequest: (entry) => {
          if (entry.method === 'POST') throw assertion;
        },
      });
      const created = await mockFetch(listUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Observed' }),
      });
      expect(created.ok).toBe(true);
      expect(mockFetch.requests.last()?.status).toBe(created.status);
      expect(mockFetch.store.connections(DEMO_COMPANY_ID).some((c) => c.name === 'Observed')).toBe(true);
      expect(thrown).toEqual([assertion]);
    } finally {
      queued.mockRestore();
    }
  });
});

describe('createMockFetch faults and close', () => {
  it('rejects a dropped connection as a network error, which the client reports as such', async () => {
    const mockFetch = createMockFetch();
    mockFetch.faults.dropConnections({ count: 1 });
    const dropped = await mockFetch(listUrl, { headers }).catch((error: unknown) => error);
    expect(dropped).toBeInstanceOf(TypeError);
    expect((dropped as TypeError).message).toBe('fetch failed');
    mockFetch.faults.dropConnections({ count: 1 });
    await expect(clientOf(mockFetch).connections.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('answers an injected status with its reason phrase and headers', async () => {
    const mockFetch = createMockFetch();
    mockFetch.faults.nextResponses({ status: 429, retryAfter: 3 });
    const limited = await mockFetch(listUrl, { headers });
    expect([limited.status, limited.statusText, limited.headers.get('retry-after')]).toEqual([
      429,
      'Too Many Requests',
      '3',
    ]);
  });

  it('close() ends the calls waiting out a delay and refuses later ones, leaving no timer', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const mockFetch = createMockFetch({ latencyMs: 60_000 });
      const pending = mockFetch(listUrl, { headers });
      const timer = await timerOf(setTimer, 60_000);
      await mockFetch.close();
      await expect(pending).rejects.toThrow('fetch failed');
      expect(clearTimer).toHaveBeenCalledWith(timer);
      await expect(mockFetch(listUrl, { headers })).rejects.toThrow('fetch failed');
      await mockFetch.close();
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });

  it('close() cuts a slow body mid-stream, as a stopped server does', async () => {
    const mockFetch = createMockFetch();
    mockFetch.faults.slowBody({ chunkBytes: 8, chunkDelayMs: 60_000 });
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const response = await mockFetch(listUrl, { headers });
      const reader = response.body!.getReader();
      await reader.read();
      const next = reader.read();
      const timer = await timerOf(setTimer, 60_000);
      await mockFetch.close();
      await expect(next).rejects.toThrow('terminated');
      expect(clearTimer).toHaveBeenCalledWith(timer);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });
});
