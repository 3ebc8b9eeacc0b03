// The light answers (spartera-tui's demo) must read as the real ones do: same status, reason,
// headers and body, for successes, errors and injected faults alike.
import { describe, expect, it } from 'vitest';
import { createLightMockFetch, createMockFetch, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';
import type { MockFetch } from '../../src/index.js';

const base = 'https://api.spartera.com';
const list = `${base}/companies/${DEMO_COMPANY_ID}/connections`;
const headers = { 'x-api-key': DEMO_API_KEY };

async function described(response: Response) {
  const entries: [string, string][] = [];
  response.headers.forEach((value, name) => {
    entries.push([name, value]);
  });
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    url: response.url,
    headers: entries.sort(([a], [b]) => (a < b ? -1 : 1)),
    contentType: response.headers.get('Content-Type'),
    retryAfter: response.headers.get('retry-after'),
    text: await response.clone().text(),
    json: (await response.json()) as unknown,
    used: response.bodyUsed,
  };
}

async function exchange(mockFetch: MockFetch) {
  mockFetch.faults.nextResponses({ status: 429, retryAfter: 2, operationId: 'listCloudProviders' });
  return [
    await mockFetch(`${list}?limit=3&sort_by=name`, { headers }),
    await mockFetch(`${list}/conn_not_there`, { headers }),
    await mockFetch(list, { headers: { 'x-api-key': 'wrong' } }),
    await mockFetch(list, { method: 'POST', headers, body: '{"engine_id": 1' }),
    await mockFetch(list, {
      method: 'POST',
      headers,
      body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Light' }),
    }),
    await mockFetch(`${base}/cloud-providers`, { headers }),
  ];
}

describe('the light answers of createLightMockFetch', () => {
  it('read as the real Responses of createMockFetch do', async () => {
    const light = await exchange(createLightMockFetch({ now: () => new Date('2026-11-27T12:00:00Z') }));
    const real = await exchange(createMockFetch({ now: () => new Date('2026-11-27T12:00:00Z') }));
    expect(light.map((response) => response.status)).toEqual([200, 404, 401, 400, 200, 429]);
    for (const [index, response] of light.entries()) {
      expect(response).not.toBeInstanceOf(Response);
      expect(await described(response)).toEqual(await described(real[index]!));
    }
  });

  it('refuse a second read, as a real body does', async () => {
    const response = await createLightMockFetch()(list, { headers });
    await response.text();
    await expect(response.text()).rejects.toThrow(/already been read/);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('become a real streamed Response for a slow-body fault', async () => {
    const mockFetch = createLightMockFetch();
    mockFetch.faults.slowBody({ chunkBytes: 256, chunkDelayMs: 1 });
    const response = await mockFetch(list, { headers });
    expect(response).toBeInstanceOf(Response);
    expect(response.body).not.toBeNull();
    expect(JSON.parse(await response.text())).toHaveProperty('data');
  });
});
