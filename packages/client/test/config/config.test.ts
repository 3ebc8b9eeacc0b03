import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_BASE_URL,
  MissingConfigurationError,
  NotFoundError,
  Spartera,
  SparteraError,
  VERSION,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, rejectionOf, startObservedServer, TEST_KEY } from '../helpers/observed.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

function clearEnv() {
  vi.stubEnv('SPARTERA_API_KEY', '');
  vi.stubEnv('SPARTERA_COMPANY_ID', '');
  vi.stubEnv('SPARTERA_API_BASE_URL', '');
}

/** Runs `body` synchronously with `globalThis.process` replaced, as in a browser or an edge runtime. */
function withProcess<T>(replacement: unknown, body: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: replacement, configurable: true, writable: true });
  try {
    return body();
  } finally {
    Object.defineProperty(globalThis, 'process', saved);
  }
}

describe('configuration from the environment', () => {
  it('reads the key, company and base URL from SPARTERA_* variables', async () => {
    const server = await startObservedServer();
    vi.stubEnv('SPARTERA_API_KEY', TEST_KEY);
    vi.stubEnv('SPARTERA_COMPANY_ID', 'env_company');
    vi.stubEnv('SPARTERA_API_BASE_URL', `${server.url}/`);
    const client = new Spartera();
    expect(client.companyId).toBe('env_company');
    expect(client.baseUrl).toBe(server.url);
    server.enqueue(ok([]));
    await client.connections.list();
    expect(server.requests[0]!.path).toBe('/companies/env_company/connections');
    expect(server.requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
  });

  it('options win over the environment', () => {
    vi.stubEnv('SPARTERA_API_KEY', 'env_key');
    vi.stubEnv('SPARTERA_COMPANY_ID', 'env_company');
    vi.stubEnv('SPARTERA_API_BASE_URL', 'https://stage.api.spartera.com');
    const client = new Spartera({ apiKey: 'k', companyId: 'opt_company', baseUrl: 'http://127.0.0.1:1' });
    expect(client.companyId).toBe('opt_company');
    expect(client.baseUrl).toBe('http://127.0.0.1:1');
  });

  it('defaults to production and to 60 s, 2 retries', () => {
    clearEnv();
    const client = new Spartera({ apiKey: 'k' });
    expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe('https://api.spartera.com');
    expect(client.timeoutMs).toBe(60_000);
    expect(client.maxRetries).toBe(2);
  });

  it('a missing API key names the option and the variable, at construction', () => {
    clearEnv();
    const construct = () => new Spartera({ companyId: 'c' });
    expect(construct).toThrow(MissingConfigurationError);
    expect(construct).toThrow(SparteraError);
    expect(construct).toThrow(
      'Missing apiKey: pass `apiKey` to new Spartera({...}) or set SPARTERA_API_KEY.',
    );
    try {
      construct();
    } catch (error) {
      expect(error).toMatchObject({
        option: 'apiKey',
        envVar: 'SPARTERA_API_KEY',
        name: 'MissingConfigurationError',
      });
    }
  });

  it('a missing company id fails a connection call before any request, naming SPARTERA_COMPANY_ID', async () => {
    clearEnv();
    const { client, server, requests } = await createObservedClient({ companyId: undefined });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(MissingConfigurationError);
    expect((error as Error).message).toContain('companyId');
    expect((error as Error).message).toContain('SPARTERA_COMPANY_ID');
    expect(requests).toHaveLength(0);
    // Engines are not per company, so they work without one.
    server.enqueue(ok([]));
    await expect(client.engines.providers()).resolves.toEqual([]);
  });

  it('refuses a key with a line break without quoting it', () => {
    const construct = () => new Spartera({ apiKey: `${TEST_KEY}\n` });
    expect(construct).toThrow(SparteraError);
    expect(construct).toThrow('apiKey must be printable Latin-1 characters, without spaces or line breaks');
    try {
      construct();
    } catch (error) {
      expect(String(error)).not.toContain(TEST_KEY);
    }
  });

  it('works where `process` does not exist (browsers, edge runtimes)', () => {
    const client = withProcess(undefined, () => new Spartera({ apiKey: 'k', companyId: 'c' }));
    expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(() => withProcess(undefined, () => new Spartera())).toThrow(MissingConfigurationError);
  });

  it('treats an environment that refuses access (Deno without --allow-env) as unset', () => {
    const denied = {
      get env(): never {
        throw new Error('Requires env access');
      },
    };
    expect(() => withProcess(denied, () => new Spartera())).toThrow(MissingConfigurationError);
    expect(withProcess(denied, () => new Spartera({ apiKey: 'k' })).baseUrl).toBe(DEFAULT_BASE_URL);
  });

  it.each([
    [{ baseUrl: 'not a url' }, /^baseUrl must be an http:\/\/ or https:\/\/ URL/],
    [{ timeoutMs: -1 }, /timeoutMs must be a whole number/],
    [{ maxRetries: 1.5 }, /maxRetries must be a whole number from 0 to 10; got 1.5 \(a number\)/],
    [{ maxRetries: Number.NaN }, /maxRetries must be a whole number/],
  ])('refuses %o', (options, message) => {
    expect(() => new Spartera({ apiKey: 'k', ...options })).toThrow(message);
  });

  it('refuses a bad per-call timeout before sending', async () => {
    const { client, requests } = await createObservedClient();
    await expect(client.connections.list({}, { timeoutMs: -5 })).rejects.toThrow(/timeoutMs must be/);
    expect(requests).toHaveLength(0);
  });
});

describe('headers', () => {
  it('sends the key, accept and a user-agent naming the client and its version', async () => {
    const { client, server, requests } = await createObservedClient({ headers: { 'x-team': 'data' } });
    server.enqueue(ok([]));
    await client.connections.list();
    const headers = requests[0]!.headers;
    expect(headers['x-api-key']).toBe(TEST_KEY);
    expect(headers.accept).toBe('application/json');
    expect(headers['user-agent']).toBe(`spartera-client-ts/${VERSION}`);
    expect(headers['x-team']).toBe('data');
  });

  it('VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });

  it('a custom header cannot replace the configured key', async () => {
    const { client, server, requests } = await createObservedClient({ headers: { 'X-Api-Key': 'other' } });
    server.enqueue(ok([]));
    await client.connections.list();
    expect(requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
  });
});

describe('custom fetch', () => {
  it('sends every request through the given fetch', async () => {
    const seen: string[] = [];
    const { client, server } = await createObservedClient({
      fetch: (input, init) => {
        const request = new Request(input, init);
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(input, init);
      },
    });
    server.enqueue(ok([]), ok([]));
    await client.connections.list();
    await createRawClient(client).GET('/cloud-providers');
    expect(seen).toEqual(['GET /companies/acme_analytics/connections', 'GET /cloud-providers']);
  });
});

describe('createRawClient, the escape hatch', () => {
  it('is openapi-fetch: errors come back as values, with the same key and retries', async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(
      { status: 503, json: { code: 503, message: 'Unavailable' }, headers: { 'retry-after': '0' } },
      { status: 404, json: { code: 404, message: 'Resource not found' } },
    );
    const { data, error, response } = await createRawClient(client).GET(
      '/cloud-providers/{provider_id}/storage-engines',
      {
        params: { path: { provider_id: 9 } },
      },
    );
    expect(data).toBeUndefined();
    expect(error).toEqual({ code: 404, message: 'Resource not found' });
    expect(response.status).toBe(404);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers['x-api-key']).toBe(TEST_KEY);
    expect(error).not.toBeInstanceOf(NotFoundError);
  });

  it('returns typed data on success', async () => {
    const { client, server } = await createObservedClient();
    server.enqueue(ok([{ provider_id: 1, name: 'Google Cloud' }]));
    const { data } = await createRawClient(client).GET('/cloud-providers', {
      params: { query: { limit: 5 } },
    });
    expect(data?.data[0]?.name).toBe('Google Cloud');
  });

  it('does not retry a raw POST, and retries a raw GET', async () => {
    const { client, server, requests } = await createObservedClient();
    const unavailable = {
      status: 503,
      json: { code: 503, message: 'Unavailable' },
      headers: { 'retry-after': '0' },
    };
    server.setHandler(() => unavailable);
    const created = await createRawClient(client).POST('/companies/{company_id}/connections', {
      params: { path: { company_id: 'acme_analytics' } },
      body: { company_id: 'acme_analytics', engine_id: 1 },
    });
    expect(created.response.status).toBe(503);
    expect(requests).toHaveLength(1);
    await createRawClient(client).GET('/cloud-providers');
    expect(requests).toHaveLength(4);
  });

  it("links the signal given to a raw call, and runs the raw client's middleware", async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ({ hang: true }));
    const seen: string[] = [];
    const raw = createRawClient(client);
    raw.use({
      onRequest: ({ request }) => {
        seen.push(request.method);
        return undefined;
      },
    });
    const controller = new AbortController();
    const pending = raw.GET('/cloud-providers', { signal: controller.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await rejectionOf(pending);
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toEqual(['GET']);
    expect(requests).toHaveLength(1);
  });
});
