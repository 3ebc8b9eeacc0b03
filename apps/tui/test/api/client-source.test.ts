import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientSource } from '../../src/api/client-source.js';
import { Failure } from '../../src/api/failure.js';
import { createHttpFetch } from '../../src/api/http-fetch.js';

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ dataset: 'demo' });
});
afterAll(async () => {
  await server.close();
});

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the client adapter', () => {
  it('reads pages, engines and a connection from the API', async () => {
    const source = createClientSource({
      apiKey: DEMO_API_KEY,
      companyId: DEMO_COMPANY_ID,
      baseUrl: server.url,
    });
    const page = await source.listConnections({ page: 1, limit: 5, sort_by: 'name', sort_order: 'asc' });
    expect(page).toHaveLength(5);
    const names = page.map((connection) => connection.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const engines = await source.listEngines();
    expect(engines.map((engine) => engine.service_name)).toContain('BigQuery');
    const first = page[0]!;
    expect((await source.getConnection(first.connection_id)).connection_id).toBe(first.connection_id);
    expect(source.label).toBe(new URL(server.url).host);
  });

  it('turns a refused key into an auth failure that never quotes the key', async () => {
    const apiKey = 'sk_wrong_key_0123456789';
    const source = createClientSource({ apiKey, companyId: DEMO_COMPANY_ID, baseUrl: server.url });
    const failure = await failureOf(
      source.listConnections({ page: 1, limit: 5, sort_by: 'name', sort_order: 'asc' }),
    );
    expect(failure.kind).toBe('auth');
    expect(failure.status).toBe(401);
    expect(failure.message).not.toContain(apiKey);
  });

  it('reports 404 as not-found and 400 with its field errors', async () => {
    const source = createClientSource({
      apiKey: DEMO_API_KEY,
      companyId: DEMO_COMPANY_ID,
      baseUrl: server.url,
    });
    expect((await failureOf(source.getConnection('conn_does_not_exist'))).kind).toBe('not-found');
    const invalid = await failureOf(
      source.createConnection({
        company_id: DEMO_COMPANY_ID,
        engine_id: 1,
        name: '',
        provider_domain: 'not a domain',
      }),
    );
    expect(invalid.kind).toBe('invalid');
    expect(Object.keys(invalid.fieldErrors).length).toBeGreaterThan(0);
  });

  it('shows a 429 at once (no hidden retries), but completes the engine listing through a flaky API', async () => {
    const source = createClientSource({
      apiKey: DEMO_API_KEY,
      companyId: DEMO_COMPANY_ID,
      baseUrl: server.url,
    });
    server.requests.clear();
    server.faults.nextResponses({ status: 429, operationId: 'listConnections', retryAfter: 5 });
    const limited = await failureOf(
      source.listConnections({ page: 1, limit: 5, sort_by: 'name', sort_order: 'asc' }),
    );
    expect(limited).toMatchObject({ kind: 'rate-limit', retryAfter: 5, retryable: true });
    expect(server.requests.ofOperation('listConnections')).toHaveLength(1);
    // One of the listing's requests fails twice: the listing still completes.
    server.faults.nextResponses({ status: 503, operationId: 'listStorageEngines', count: 2 });
    const engines = await source.listEngines();
    expect(engines.map((engine) => engine.service_name)).toContain('Snowflake');
  });

  it('reports an unreachable server as a network failure', async () => {
    const source = createClientSource({
      apiKey: DEMO_API_KEY,
      companyId: DEMO_COMPANY_ID,
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    });
    const failure = await failureOf(source.listEngines());
    expect(['network', 'timeout']).toContain(failure.kind);
  });

  it('says where a redirect it did not follow pointed, and why it stopped there', async () => {
    const redirecting = createServer((_request, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example:8443/v1/companies' }).end();
    });
    redirecting.listen(0, '127.0.0.1');
    await once(redirecting, 'listening');
    try {
      const source = createClientSource({
        apiKey: DEMO_API_KEY,
        companyId: DEMO_COMPANY_ID,
        baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`,
        fetch: createHttpFetch(),
      });
      const failure = await failureOf(
        source.listConnections({ page: 1, limit: 5, sort_by: 'name', sort_order: 'asc' }),
      );
      expect(failure.status).toBe(302);
      expect(failure.message).toContain('a redirect to https://elsewhere.example:8443');
      expect(failure.message).toContain('not followed');
      expect(failure.message).not.toContain(DEMO_API_KEY);
    } finally {
      redirecting.closeAllConnections();
      redirecting.close();
    }
  });
});

describe('a server that quotes the new connection back in its error', () => {
  it.each([
    // The body carries JSON credentials as a string (quotes escaped once); quoted inside the
    // server's JSON message they are escaped twice.
    ['the whole request body', (body: string) => `could not read ${body}`],
    [
      'one value of the credentials',
      (body: string) => {
        const { credentials } = JSON.parse(body) as { credentials: string };
        return `private_key ${(JSON.parse(credentials) as { private_key: string }).private_key} is not PEM`;
      },
    ],
  ])('never shows the credentials when it quotes %s', async (_case, quote) => {
    const secret = 'SECRETCRED_0123456789abcdef';
    const echoing = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: 400, message: quote(body) }));
      });
    });
    echoing.listen(0, '127.0.0.1');
    await once(echoing, 'listening');
    try {
      const source = createClientSource({
        apiKey: DEMO_API_KEY,
        companyId: DEMO_COMPANY_ID,
        baseUrl: `http://127.0.0.1:${(echoing.address() as AddressInfo).port}`,
        fetch: createHttpFetch(),
      });
      const failure = await failureOf(
        source.createConnection({
          company_id: DEMO_COMPANY_ID,
          engine_id: 1,
          name: 'quoted',
          credential_type: 'SERVICE_ACCOUNT',
          credentials: JSON.stringify({ private_key: secret }),
        }),
      );
      expect(failure.message).toContain('[redacted]');
      expect(`${failure.message} ${JSON.stringify(failure)}`).not.toContain(secret);
    } finally {
      echoing.closeAllConnections();
      echoing.close();
    }
  });
});
