import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startDemoMock } from '../../src/demo/mock.js';

/** The demo's mock API in its worker thread, as the built bin starts it (dist/demo-worker.js). */
const WORKER = new URL('../../dist/demo-worker.js', import.meta.url);

describe('the demo mock API in a worker thread', () => {
  it('has a built worker to start', () => {
    expect(existsSync(WORKER), `${WORKER.pathname} is missing: run the package's build first`).toBe(true);
  });

  it('serves the demo data over HTTP and stops when closed', async () => {
    expect(isMainThread).toBe(true);
    const mock = await startDemoMock(3, WORKER);
    const url = `${mock.url}/companies/${mock.companyId}/connections?page=1&limit=100`;
    const response = await fetch(url, { headers: { 'x-api-key': mock.apiKey } });
    expect(response.status).toBe(200);
    const page = ((await response.json()) as { data: { name: string }[] }).data;
    // The demo's connections and the 3 generated ones.
    expect(page.length).toBeGreaterThan(3);
    expect(page.map((connection) => connection.name)).toContain('Finance on Snowflake');
    const wrongKey = await fetch(url, { headers: { 'x-api-key': 'not-the-demo-key' } });
    expect(wrongKey.status).toBe(401);
    await mock.close();
    await expect(fetch(url, { headers: { 'x-api-key': mock.apiKey } })).rejects.toThrow();
    // Closing twice is harmless.
    await mock.close();
  });

  it('rejects with the reason when the mock cannot start', async () => {
    await expect(startDemoMock(-1, WORKER)).rejects.toThrow(
      /the demo mock API failed to start: extraConnections must be an integer ≥ 0/,
    );
  });
});
