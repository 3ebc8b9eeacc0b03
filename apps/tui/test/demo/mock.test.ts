import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Spartera, AuthenticationError, BadRequestError, APIConnectionError } from '@spartera/client';
import { checkResponse } from '@spartera/testing';
import { startDemoMock } from '../../src/demo/mock.js';

describe('the demo mock API', () => {
  it('answers the client with the demo data, validated by the spec, without a network', async () => {
    const mock = startDemoMock(3);
    const client = new Spartera({
      apiKey: mock.apiKey,
      companyId: mock.companyId,
      baseUrl: mock.baseUrl,
      fetch: mock.fetch,
    });
    const page = await client.connections.list({ page: 1, limit: 100 });
    // The demo's connections and the 3 generated ones.
    expect(page.length).toBeGreaterThan(3);
    expect(page.map((connection) => connection.name)).toContain('Finance on Snowflake');
    await mock.close();
  });

  it('is the stateful mock: a connection created is read back; bad input is a 400 naming the field', async () => {
    const mock = startDemoMock(0);
    const client = new Spartera({
      apiKey: mock.apiKey,
      companyId: mock.companyId,
      baseUrl: mock.baseUrl,
      fetch: mock.fetch,
    });
    const { connection_id } = await client.connections.create({ engine_id: 1, name: 'Made in the demo' });
    expect((await client.connections.get(connection_id)).name).toBe('Made in the demo');
    const refused = await client.connections
      .create({ engine_id: 0, name: 'x' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).errors).toHaveProperty('engine_id');
    await mock.close();
  });

  it('answers as Response objects the way a server would, and checks the key', async () => {
    const mock = startDemoMock(0);
    const url = `${mock.baseUrl}/companies/${mock.companyId}/connections?page=1&limit=5`;
    const response = await mock.fetch(url, { method: 'GET', headers: { 'X-API-Key': mock.apiKey } });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    const body = (await response.json()) as unknown;
    expect(checkResponse('listConnections', 200, body)).toEqual([]);
    await expect(response.text()).rejects.toThrow(/already been read/);

    const wrongKey = await mock.fetch(url, { method: 'GET', headers: { 'x-api-key': 'not-the-demo-key' } });
    expect(wrongKey.status).toBe(401);
    const client = new Spartera({
      apiKey: 'not-the-demo-key',
      companyId: mock.companyId,
      baseUrl: mock.baseUrl,
      fetch: mock.fetch,
    });
    await expect(client.connections.list()).rejects.toBeInstanceOf(AuthenticationError);
    await mock.close();
  });

  it('rejects an aborted request, and every request once closed', async () => {
    const mock = startDemoMock(0);
    const url = `${mock.baseUrl}/companies/${mock.companyId}/connections`;
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    await expect(mock.fetch(url, { method: 'GET', signal: controller.signal })).rejects.toThrow('gave up');
    await mock.close();
    const client = new Spartera({
      apiKey: mock.apiKey,
      companyId: mock.companyId,
      baseUrl: mock.baseUrl,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    await expect(client.connections.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("answers the first page without loading Node's fetch implementation, which would delay the first frame", () => {
    // In a fresh process, as the app starts: the mock, the client and a first page, then whether
    // undici (behind Node's Request, Response and Headers) was loaded. The same probe after a real
    // Response shows that it can tell.
    const script = `
      import { Spartera } from '@spartera/client';
      import { createLightMockFetch, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
      const loaded = () => process.moduleLoadList.some((name) => name.includes('undici'));
      const fetch = createLightMockFetch({ baseUrl: 'https://demo.spartera.invalid' });
      const client = new Spartera({ apiKey: DEMO_API_KEY, companyId: DEMO_COMPANY_ID, baseUrl: fetch.baseUrl, fetch });
      const page = await client.connections.list({ page: 1, limit: 100 });
      const before = loaded();
      new Response('');
      console.log(JSON.stringify({ rows: page.length, before, after: loaded() }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('.', import.meta.url),
      encoding: 'utf8',
    });
    const probe = JSON.parse(output) as { rows: number; before: boolean; after: boolean };
    expect(probe.rows).toBeGreaterThan(3);
    expect([probe.before, probe.after]).toEqual([false, true]);
  });

  it('refuses a bad count of extra connections with the reason', () => {
    expect(() => startDemoMock(-1)).toThrow(/extraConnections must be an integer ≥ 0/);
  });
});
