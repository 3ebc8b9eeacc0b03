// test/connections.test.ts
import { Spartera, RateLimitError } from '@spartera/client';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let server: MockServer;
let spartera: Spartera;

beforeAll(async () => {
  server = await createMockServer({ seed: 1 });
  spartera = new Spartera({ apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID, baseUrl: server.url });
});
beforeEach(() => {
  server.reset(); // every test starts from the same data, with no faults
});
afterAll(async () => {
  await server.close();
});

describe('my sync job', () => {
  it('creates a connection the API can read back, without leaking its credentials', async () => {
    const { connection_id } = await spartera.connections.create({
      engine_id: 1,
      name: 'Nightly BigQuery',
      credential_type: 'SERVICE_ACCOUNT',
      credentials: '{"type":"service_account"}',
    });
    const connection = await spartera.connections.get(connection_id);
    expect(connection.name).toBe('Nightly BigQuery');
    expect(JSON.stringify(connection)).not.toContain('service_account');
    expect(server.store.hasCredentials(DEMO_COMPANY_ID, connection_id)).toBe(true);
    expect(server.requests.ofOperation('createConnection')[0]?.body).toMatchObject({
      credentials: '[redacted]',
    });
  });

  it('survives a rate limit on reads', async () => {
    server.faults.nextResponses({ status: 429, count: 1, retryAfter: 0 });
    const connections = await spartera.connections.list({ limit: 5 });
    expect(connections).toHaveLength(5);
    expect(server.requests.ofOperation('listConnections').map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up after its retries', async () => {
    server.faults.nextResponses({ status: 429, count: 10, retryAfter: 0 });
    await expect(spartera.connections.list({}, { maxRetries: 1 })).rejects.toBeInstanceOf(RateLimitError);
  });
});
