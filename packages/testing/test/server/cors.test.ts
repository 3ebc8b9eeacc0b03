import { afterAll, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '../../src/index.js';

const open = await createMockServer({ cors: 'http://localhost:5173' });
const closed = await createMockServer();
afterAll(async () => {
  await Promise.all([open.close(), closed.close()]);
});

const preflight = {
  method: 'OPTIONS',
  headers: {
    origin: 'http://localhost:5173',
    'access-control-request-method': 'PATCH',
    'access-control-request-headers': 'x-api-key, content-type',
  },
};

describe('cors', () => {
  it('answers a browser preflight with 204 and the allowed methods and headers', async () => {
    const response = await fetch(
      `${open.url}/companies/${DEMO_COMPANY_ID}/connections/conn_7Hq2xK9pLm`,
      preflight,
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it('allows exactly the headers the browser asks for, such as the control token', async () => {
    const response = await fetch(`${open.url}/__spartera/faults`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'Authorization, Content-Type, X-Request-Id',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-request-id',
    );
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(response.headers.get('vary')).toContain('access-control-request-headers');
    // What is not a header name is not echoed.
    const odd = await fetch(`${open.url}/cloud-providers`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key, bad header, (x)',
      },
    });
    expect(odd.headers.get('access-control-allow-headers')).toBe('x-api-key');
  });

  it('answers control requests from the origin too', async () => {
    const response = await fetch(`${open.url}/__spartera/faults`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('marks every answer, errors included, as readable by the origin', async () => {
    const ok = await fetch(`${open.url}/cloud-providers`, { headers: { 'x-api-key': DEMO_API_KEY } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const denied = await fetch(`${open.url}/cloud-providers`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(denied.headers.get('access-control-expose-headers')).toBe('retry-after');
  });

  it('is off by default: no CORS headers, and OPTIONS is a 405 like any unsupported method', async () => {
    const response = await fetch(`${closed.url}/cloud-providers`, preflight);
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await response.arrayBuffer();
  });
});
