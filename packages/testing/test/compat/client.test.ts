// Drives the mock through @spartera/client, the way users will: every operation and every error
// class. Every response the client receives is also checked against the spec.
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  Spartera,
  SparteraError,
  UnprocessableEntityError,
} from '@spartera/client';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';
import type { MockServer } from '../../src/index.js';
import { expectConformsToSpec } from '../support/api.js';

const server = await createMockServer({
  apiKeys: { [DEMO_API_KEY]: [DEMO_COMPANY_ID, 'load_co'] },
  extraConnections: 0,
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

/** A fetch that checks every body the client receives against the spec (faults aside). */
function specCheckingFetch(target: MockServer): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const logged = target.requests.last();
    if (logged?.fault === undefined) {
      const text = await response.clone().text();
      expectConformsToSpec(logged?.operationId, response.status, text === '' ? undefined : JSON.parse(text));
    }
    return response;
  };
}

function client(options: Partial<ConstructorParameters<typeof Spartera>[0]> = {}): Spartera {
  return new Spartera({
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    baseUrl: server.url,
    maxRetries: 0,
    fetch: specCheckingFetch(server),
    ...options,
  });
}

describe('every operation through @spartera/client', () => {
  it('lists, gets, creates, updates, deletes', async () => {
    const spartera = client();
    const page = await spartera.connections.list({ limit: 5, sort_by: 'name', sort_order: 'asc' });
    expect(page.map((c) => c.name)).toHaveLength(5);
    expect(page[0]!.name).toBe('Acme BigQuery warehouse');

    const { connection_id } = await spartera.connections.create({
      engine_id: 5,
      name: 'Compat Snowflake',
      credential_type: 'KEY_PAIR',
      credentials: 'compat-secret-key-material',
    });
    const created = await spartera.connections.get(connection_id);
    expect(created).toMatchObject({
      connection_id,
      company_id: DEMO_COMPANY_ID,
      engine_id: 5,
      name: 'Compat Snowflake',
    });
    expect(JSON.stringify(created)).not.toContain('compat-secret');

    expect(await spartera.connections.update(connection_id, { description: 'via the client' })).toEqual({
      connection_id,
    });
    expect((await spartera.connections.get(connection_id)).description).toBe('via the client');
    expect(await spartera.connections.delete(connection_id)).toEqual({ connection_id });
    await expect(spartera.connections.get(connection_id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('tests a connection, reads its information schema and samples a table', async () => {
    const spartera = client();
    const result = await spartera.connections.test('conn_7Hq2xK9pLm');
    expect(result.success).toBe(true);
    const down = await spartera.connections.test('conn_MySqLLegcy');
    expect(down.success).toBe(false);
    const info = await spartera.connections.infoSchema('conn_7Hq2xK9pLm');
    expect(info.schemas.map((s) => s.schema_name)).toEqual(['sales', 'marketing']);
    const sample = await spartera.connections.sampleData('conn_7Hq2xK9pLm', {
      schema_name: 'sales',
      table_name: 'orders',
      limit: 7,
    });
    expect(sample.order_id).toHaveLength(7);
  });

  it('iterates every page of a large company lazily', async () => {
    const big = await createMockServer({
      apiKeys: { [DEMO_API_KEY]: ['load_co'] },
      dataset: 'empty',
      extraConnections: 2_345,
    });
    try {
      const spartera = new Spartera({
        apiKey: DEMO_API_KEY,
        companyId: 'load_co',
        baseUrl: big.url,
        maxRetries: 0,
        fetch: specCheckingFetch(big),
      });
      const ids = new Set<string>();
      for await (const connection of spartera.connections.iterate({ limit: 100 }))
        ids.add(connection.connection_id);
      expect(ids.size).toBe(2_345);
      expect(big.requests.ofOperation('listConnections').length).toBe(24);
    } finally {
      await big.close();
    }
  });

  it('looks up cloud providers and storage engines', async () => {
    const spartera = client();
    const providers = await spartera.engines.providers();
    expect(providers.map((p) => p.name)).toContain('Snowflake');
    const engines = await spartera.engines.list();
    expect(engines.map((e) => e.service_name)).toEqual(
      expect.arrayContaining(['BigQuery', 'Snowflake', 'PostgreSQL', 'Redshift', 'Databricks', 'MySQL']),
    );
    expect((await spartera.engines.get(1)).service_name).toBe('BigQuery');
    await expect(spartera.engines.get(999)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('every error class through @spartera/client', () => {
  it('BadRequestError carries the per-field errors', async () => {
    const error = await client()
      .connections.list({ limit: 1000 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).status).toBe(400);
    expect((error as BadRequestError).errors).toEqual({ limit: ['must be <= 100'] });
  });

  it('AuthenticationError for an unknown key, without the key in the error', async () => {
    const error = await client({ apiKey: 'sk_wrong_key_abcdef' })
      .connections.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(error) + String(error)).not.toContain('sk_wrong_key_abcdef');
  });

  it('PermissionDeniedError for a company the key may not access', async () => {
    await expect(client().connections.list({}, { companyId: 'globex_retail' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it('NotFoundError, ConflictError and UnprocessableEntityError from the store\u2019s semantics', async () => {
    const spartera = client();
    await expect(spartera.connections.get('conn_doesnotexist')).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      spartera.connections.create({ engine_id: 1, name: 'Acme BigQuery warehouse' }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(spartera.connections.create({ engine_id: 999 })).rejects.toBeInstanceOf(
      UnprocessableEntityError,
    );
  });

  it('RateLimitError with retryAfter once retries are spent, and a success when they suffice', async () => {
    server.faults.nextResponses({ status: 429, count: 1, retryAfter: 7 });
    const error = await client()
      .connections.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(7);

    server.faults.nextResponses({ status: 429, count: 2, retryAfter: 0 });
    const page = await client({ maxRetries: 2 }).connections.list({ limit: 3 });
    expect(page).toHaveLength(3);
    expect(server.requests.ofOperation('listConnections').map((entry) => entry.status)).toEqual([
      429, 429, 429, 200,
    ]);
  });

  it('InternalServerError for 5xx, and a POST is never retried', async () => {
    server.faults.nextResponses({ status: 500, operationId: 'createConnection', count: 3 });
    const before = server.store.connections(DEMO_COMPANY_ID).length;
    await expect(client({ maxRetries: 2 }).connections.create({ engine_id: 1 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.requests.ofOperation('createConnection')).toHaveLength(1);
    expect(server.store.connections(DEMO_COMPANY_ID)).toHaveLength(before);
    server.faults.nextResponses({ status: 503, count: 1, retryAfter: 0 });
    await expect(client().connections.get('conn_7Hq2xK9pLm')).rejects.toBeInstanceOf(InternalServerError);
  });

  it('the right class with a text excerpt for a non-JSON body, such as a proxy\u2019s HTML 502', async () => {
    server.faults.nextResponses({
      status: 502,
      rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    const error = await client()
      .connections.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(502);
    expect((error as InternalServerError).message).toContain('502 Bad Gateway');
  });

  it('APIConnectionError for a dropped connection, retried for reads', async () => {
    server.faults.dropConnections({ count: 1 });
    const error = await client()
      .connections.get('conn_7Hq2xK9pLm')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    server.faults.dropConnections({ count: 2 });
    expect((await client({ maxRetries: 2 }).connections.get('conn_7Hq2xK9pLm')).connection_id).toBe(
      'conn_7Hq2xK9pLm',
    );
  });

  it('APITimeoutError when the answer is slower than timeoutMs, a slow body included', async () => {
    server.faults.setLatency(2_000);
    await expect(client({ timeoutMs: 100 }).connections.list()).rejects.toBeInstanceOf(APITimeoutError);
    server.faults.clear();
    server.faults.slowBody({ chunkBytes: 8, chunkDelayMs: 100 });
    await expect(client({ timeoutMs: 300 }).connections.list()).rejects.toBeInstanceOf(APITimeoutError);
  });

  it('an APIError with the status for a 413, all of them SparteraErrors', async () => {
    const error = await client()
      .connections.create({ engine_id: 1, description: 'x'.repeat(1_100_000) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as APIError).status).toBe(413);
  });

  it('never shows credentials or the API key in an error', async () => {
    const error = await client()
      .connections.create({ engine_id: 1, credentials: 'leaky-secret-9999', surprise: 1 } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    const shown = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify((error as APIError).body)}`;
    expect(shown).not.toContain('leaky-secret-9999');
    expect(shown).not.toContain(DEMO_API_KEY);
  });
});
