import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, Spartera, SparteraError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { rejectionOf, TEST_KEY } from '../helpers/observed.js';

/**
 * The key travels in a header, which `fetch` keeps on every redirect it follows, to any host:
 * a captive portal or a proxy that redirects would receive it. The client follows none.
 */
describe('a redirect', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  const listen = async (handle: Parameters<typeof createServer>[1]) => {
    const server = createServer(handle);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('is not followed: the key never reaches where it points, and the error says where', async () => {
    const keysSeen: unknown[] = [];
    const elsewhere = await listen((request, response) => {
      keysSeen.push(request.headers['x-api-key']);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ message: 'OK', data: [] }));
    });
    const baseUrl = await listen((request, response) => {
      response.writeHead(302, { location: `${elsewhere.replace('127.0.0.1', 'localhost')}${request.url}` });
      response.end();
    });
    const client = new Spartera({ apiKey: TEST_KEY, companyId: 'acme', baseUrl, maxRetries: 0 });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(302);
    expect(error.message).toContain(
      `redirected to ${elsewhere.replace('127.0.0.1', 'localhost')}, not followed: the API key is only sent to the base URL`,
    );
    const raw = await createRawClient(client).GET('/cloud-providers');
    expect(raw.response.status).toBe(302);
    expect(keysSeen).toEqual([]);
  });

  it('is not followed by a fetch of your own either, such as the README proxy example passes', async () => {
    const keysSeen: unknown[] = [];
    const elsewhere = await listen((request, response) => {
      keysSeen.push(request.headers['x-api-key']);
      response.end(JSON.stringify({ message: 'OK', data: [] }));
    });
    const baseUrl = await listen((request, response) => {
      response.writeHead(307, { location: `${elsewhere}${request.url}` }).end();
    });
    const inits: RequestInit[] = [];
    // A wrapper that spreads the init it gets, as one adding a `dispatcher` does.
    const fetch = (url: string, init: RequestInit) => {
      inits.push(init);
      return globalThis.fetch(url, { ...init });
    };
    const client = new Spartera({ apiKey: TEST_KEY, companyId: 'acme', baseUrl, maxRetries: 0, fetch });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error.status).toBe(307);
    expect(error.message).toContain(`redirected to ${elsewhere}, not followed`);
    expect(inits.map((init) => init.redirect)).toEqual(['manual']);
    expect(keysSeen).toEqual([]);
  });

  it("followed anyway by a fetch that drops init.redirect: the other host's answer is refused, and the error says the key went there", async () => {
    const elsewhere = await listen((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ message: 'OK', data: [{ name: 'from elsewhere' }] }));
    });
    const other = elsewhere.replace('127.0.0.1', 'localhost');
    const baseUrl = await listen((request, response) => {
      if (request.url?.startsWith('/moved')) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ message: 'OK', data: [] }));
      } else {
        const target = request.url?.includes('same') ? '/moved' : `${other}${request.url ?? ''}`;
        response.writeHead(307, { location: target }).end();
      }
    });
    // A wrapper that builds its own init, keeping what it knows of: `redirect` is lost.
    const fetch = (url: string, init: RequestInit) =>
      globalThis.fetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      });
    const client = new Spartera({ apiKey: TEST_KEY, companyId: 'acme', baseUrl, maxRetries: 0, fetch });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toBe(
      `The fetch option followed a redirect to ${other} (GET /companies/acme/connections), so the API key went there too: pass init.redirect on to fetch; the response is not used`,
    );
    await expect(createRawClient(client).GET('/cloud-providers')).rejects.toThrow(
      `The fetch option followed a redirect to ${other} (GET /cloud-providers)`,
    );
    // Within the origin, the key went nowhere else: the answer is used.
    const sameOrigin = new Spartera({ apiKey: TEST_KEY, companyId: 'same', baseUrl, maxRetries: 0, fetch });
    await expect(sameOrigin.connections.list()).resolves.toEqual([]);
  });

  it("answered by an opaque redirect, as a browser worker's fetch answers 'manual', says it was redirected", async () => {
    // Workers have no `document`: the client asks 'manual', and gets a status 0 without headers.
    const fetch = (url: string) => {
      const response = new Response(null);
      Object.defineProperties(response, {
        status: { value: 0 },
        statusText: { value: '' },
        type: { value: 'opaqueredirect' },
        url: { value: url },
      });
      return Promise.resolve(response);
    };
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: 'acme',
      baseUrl: 'https://api.example',
      maxRetries: 0,
      fetch,
    });
    const error = (await rejectionOf(client.connections.list())) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.message).toContain('redirected, not followed: the API key is only sent to the base URL');
    await expect(createRawClient(client).GET('/cloud-providers')).rejects.toThrow(
      'GET /cloud-providers: redirected, not followed: the API key is only sent to the base URL',
    );
  });

  it('without a Location, or with one that is not a web address, names no place', async () => {
    for (const location of [undefined, 'javascript:alert(1)', 'data:text/plain,x', 'http://[bad']) {
      const baseUrl = await listen((_request, response) => {
        response.writeHead(302, location === undefined ? {} : { location });
        response.end();
      });
      const client = new Spartera({ apiKey: TEST_KEY, companyId: 'acme', baseUrl, maxRetries: 0 });
      const error = (await rejectionOf(client.connections.list())) as APIError;
      expect(error.status, location).toBe(302);
      expect(error.message, location).toContain(
        '302 redirected, not followed: the API key is only sent to the base URL',
      );
      expect(error.message, location).not.toContain(baseUrl);
      expect(error.message, location).not.toContain('null');
    }
  });
});
