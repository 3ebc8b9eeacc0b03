import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID, STATE_FORMAT } from '../../src/index.js';
import { call, connectionPath, connectionsPath } from '../support/api.js';
import { control, sendLargeBody } from '../support/control.js';

const server = await createMockServer();
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const headers = { 'x-api-key': DEMO_API_KEY };

async function status(path: string): Promise<number> {
  const response = await fetch(`${server.url}${path}`, { headers });
  await response.arrayBuffer();
  return response.status;
}

describe('the control API', () => {
  it('is on by default on loopback and lists its routes', async () => {
    expect(server.control).toEqual({ enabled: true, url: `${server.url}/__spartera`, tokenRequired: false });
    const { status: code, body } = await control(server, 'GET', '/__spartera');
    expect(code).toBe(200);
    const routes = (body.routes as { method: string; path: string }[]).map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /__spartera/faults',
        'POST /__spartera/faults',
        'DELETE /__spartera/faults',
        'GET /__spartera/requests',
        'DELETE /__spartera/requests',
        'POST /__spartera/reset',
        'GET /__spartera/state',
        'PUT /__spartera/state',
        'GET /__spartera/heap',
      ]),
    );
  });

  it('is answered before authentication and validation, and stays out of the request log', async () => {
    // No x-api-key, a content type the API would refuse, a trailing slash: still the control API.
    const { status: code } = await control(server, 'GET', '/__spartera/faults/', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(code).toBe(200);
    expect(server.requests.count).toBe(0);
  });

  it('never shows in the API 404/405 handling, and the API never shows in its own', async () => {
    const unknown = await control(server, 'GET', '/__spartera/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^No control route \/__spartera\/nope; GET \/__spartera lists them/);
    const wrongMethod = await control(server, 'PATCH', '/__spartera/state', { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, PUT');
    // A path that only starts like the prefix is an API path: the API's own 404.
    const api = await call(server, 'GET', '/__spartera-like');
    expect(api.status).toBe(404);
    expect(api.body.message).toBe('No route for GET /__spartera-like');
  });
});

describe('POST /__spartera/faults', () => {
  it('queues a status with Retry-After for one operation and a count, like faults.nextResponses', async () => {
    const queued = await control(server, 'POST', '/__spartera/faults', {
      body: { type: 'status', status: 429, retryAfter: 2, count: 2, operationId: 'listConnections' },
    });
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({
      message: 'Applied 1 fault',
      pending: 2,
      queued: [{ type: 'status', status: 429, retryAfter: 2, operationId: 'listConnections', remaining: 2 }],
    });
    expect((await call(server, 'GET', '/cloud-providers')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await call(server, 'GET', connectionsPath());
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(limited.body).toEqual({ code: 429, message: 'Rate limit exceeded', retry_after: 2 });
    }
    expect((await call(server, 'GET', connectionsPath())).status).toBe(200);
    expect((await control(server, 'GET', '/__spartera/faults')).body.pending).toBe(0);
  });

  it('answers with a raw body and its content type', async () => {
    await control(server, 'POST', '/__spartera/faults', {
      body: { type: 'status', status: 502, rawBody: '<html>Bad Gateway</html>', contentType: 'text/html' },
    });
    const response = await fetch(`${server.url}/cloud-providers`, { headers });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('<html>Bad Gateway</html>');
  });

  it('drops the connection before handling (nothing written) or after it (written, answer lost)', async () => {
    const before = server.store.snapshot();
    await control(server, 'POST', '/__spartera/faults', {
      body: [
        { type: 'drop', operationId: 'createConnection' },
        { type: 'drop', when: 'after', operationId: 'createConnection' },
      ],
    });
    const create = (name: string): Promise<Response> =>
      fetch(`${server.url}${connectionsPath()}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name }),
      });
    await expect(create('Dropped before')).rejects.toThrow(TypeError);
    expect(server.store.snapshot()).toBe(before);
    await expect(create('Dropped after')).rejects.toThrow(TypeError);
    expect(server.store.connections(DEMO_COMPANY_ID).map((c) => c.name)).toContain('Dropped after');
  });

  it('sends a slow body in chunks', async () => {
    await control(server, 'POST', '/__spartera/faults', {
      body: { type: 'slowBody', chunkBytes: 100, chunkDelayMs: 20, operationId: 'listCloudProviders' },
    });
    const response = await fetch(`${server.url}/cloud-providers`, { headers });
    const headersAt = performance.now();
    const body = (await response.json()) as { data: unknown[] };
    expect(body.data.length).toBeGreaterThan(3);
    expect(performance.now() - headersAt).toBeGreaterThan(3 * 20);
  });

  it('sets server-wide latency, or with a count or an operation queues a delay for those requests only', async () => {
    await control(server, 'POST', '/__spartera/faults', {
      body: { type: 'latency', ms: 150, operationId: 'getConnection', count: 1 },
    });
    expect((await call(server, 'GET', '/cloud-providers')).status).toBe(200);
    expect(server.requests.last()?.fault).toBeUndefined();
    let started = performance.now();
    expect((await call(server, 'GET', connectionPath('conn_7Hq2xK9pLm'))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(server.requests.last()?.fault).toBe('delay');
    expect(server.faults.pending()).toBe(0);

    await control(server, 'POST', '/__spartera/faults', { body: { type: 'latency', ms: [100, 120] } });
    expect((await control(server, 'GET', '/__spartera/faults')).body.latencyMs).toEqual([100, 120]);
    started = performance.now();
    await call(server, 'GET', '/cloud-providers');
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('sets a random fail rate, and DELETE clears every fault', async () => {
    await control(server, 'POST', '/__spartera/faults', {
      body: { type: 'failRate', rate: 1, failWith: [503] },
    });
    expect(await status('/cloud-providers')).toBe(503);
    const cleared = await control(server, 'DELETE', '/__spartera/faults');
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ pending: 0, failRate: 0, latencyMs: 0, queued: [] });
    expect(await status('/cloud-providers')).toBe(200);
  });

  it('applies a fault only to a request that passed auth and validation', async () => {
    await control(server, 'POST', '/__spartera/faults', { body: { type: 'status', status: 503 } });
    expect((await call(server, 'GET', '/cloud-providers', { apiKey: null })).status).toBe(401);
    expect((await call(server, 'GET', '/cloud-providers', { query: { limit: 0 } })).status).toBe(400);
    expect(await status('/cloud-providers')).toBe(503);
  });

  it('keeps every fault of many concurrent posts, and each fires exactly once', async () => {
    const posts = Array.from({ length: 40 }, (_, index) =>
      control(server, 'POST', '/__spartera/faults', {
        body: { type: 'status', status: 500 + (index % 5), operationId: 'listCloudProviders' },
      }),
    );
    expect((await Promise.all(posts)).every((result) => result.status === 201)).toBe(true);
    expect(server.faults.pending()).toBe(40);
    const statuses = await Promise.all(Array.from({ length: 50 }, () => status('/cloud-providers')));
    expect(statuses.filter((code) => code >= 500)).toHaveLength(40);
    expect(statuses.filter((code) => code === 200)).toHaveLength(10);
  });
});

describe('bad input to the control API: a 400 that names what is wrong, and nothing applied', () => {
  const cases: [string, unknown, string, RegExp][] = [
    [
      'an unknown fault type',
      { type: 'explode' },
      'type',
      /must be one of status, drop, slowBody, latency, failRate, got "explode"/,
    ],
    ['no type', { status: 503 }, 'type', /must be one of .*got nothing/],
    ['a wrong type', { type: 'status', status: '503' }, 'status', /must be integer/],
    ['a status that is no error', { type: 'status', status: 200 }, 'status', /must be >= 400/],
    ['a negative count', { type: 'drop', count: -1 }, 'count', /must be >= 1/],
    ['a fractional count', { type: 'drop', count: 1.5 }, 'count', /must be integer/],
    [
      'a negative delay',
      { type: 'latency', ms: -5 },
      'ms',
      /must be milliseconds 0..600000, or a \[min, max\] pair of them/,
    ],
    [
      'an unknown operationId',
      { type: 'status', status: 500, operationId: 'listConection' },
      'operationId',
      /got "listConection"; did you mean listConnections\?/,
    ],
    [
      'a misspelt field',
      { type: 'status', status: 429, retry_after: 2 },
      'retry_after',
      /did you mean retryAfter\?/,
    ],
    [
      'an unknown field',
      { type: 'drop', colour: 'red' },
      'colour',
      /is not allowed for a drop fault; use type, when, operationId/,
    ],
    [
      'a header value with a line break',
      { type: 'status', status: 502, rawBody: 'x', contentType: 'text/html\r\nset-cookie: a=b' },
      'contentType',
      /must match pattern/,
    ],
    [
      'a method the API never serves',
      { type: 'status', status: 500, method: 'FETCH' },
      'method',
      /must be one of GET, POST, DELETE, PATCH \(the API's methods\), got "FETCH"/,
    ],
    [
      'a method its operation is never called with',
      { type: 'drop', operationId: 'getConnection', method: 'delete' },
      'method',
      /DELETE never matches getConnection, which is GET/,
    ],
    ['a fail rate over 1', { type: 'failRate', rate: 2 }, 'rate', /must be <= 1/],
    ['a latency range upside down', { type: 'latency', ms: [50, 10] }, 'ms', /min ≤ max/],
    ['a bare string', 'slow', '(body)', /must be a fault object/],
    ['an empty array', [], '(body)', /at least one fault/],
  ];
  for (const [what, body, field, message] of cases) {
    it(`refuses ${what}`, async () => {
      const result = await control(server, 'POST', '/__spartera/faults', { body: JSON.stringify(body) });
      expect(result.status).toBe(400);
      expect(result.body.code).toBe(400);
      expect(result.body.errors[field]?.join(' ')).toMatch(message);
      expect(result.body.message).toMatch(/^Invalid fault: /);
      expect(server.faults.pending()).toBe(0);
    });
  }

  it('names fields and query parameters called __proto__ like any others', async () => {
    const field = await control(server, 'POST', '/__spartera/faults', {
      body: '{"type": "status", "status": 500, "__proto__": {"polluted": true}}',
    });
    expect(field.status).toBe(400);
    expect(Object.keys(field.body.errors)).toEqual(['__proto__']);
    const query = await control(server, 'GET', '/__spartera/requests?__proto__=1');
    expect(query.status).toBe(400);
    expect(Object.keys(query.body.errors)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applies a batch all or nothing, naming the bad item by index', async () => {
    const result = await control(server, 'POST', '/__spartera/faults', {
      body: [
        { type: 'status', status: 503 },
        { type: 'drop', when: 'later' },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual({ '[1].when': ['must be one of before, after'] });
    expect(server.faults.pending()).toBe(0);
  });

  it('refuses malformed JSON, an empty body and an unknown query parameter', async () => {
    const malformed = await control(server, 'POST', '/__spartera/faults', { body: '{"type": "status",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^Invalid input: the body is not valid JSON \(/);
    const empty = await control(server, 'POST', '/__spartera/faults');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual({ body: ['is required'] });
    const query = await control(server, 'GET', '/__spartera/faults?verbose=1');
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual({ verbose: ['is not allowed'] });
  });

  it('reads JSON saved with a byte order mark, and says so of a compressed body instead of misreading it', async () => {
    const state = await control(server, 'GET', '/__spartera/state');
    const withMark = await control(server, 'PUT', '/__spartera/state', {
      body: `\uFEFF${JSON.stringify(state.body)}`,
    });
    expect(withMark.status).toBe(200);
    expect(withMark.body.connections).toBe(16);
    const fault = await control(server, 'POST', '/__spartera/faults', { body: '\uFEFF{"type": "drop"}' });
    expect(fault.status).toBe(201);
    server.faults.clear();
    const compressed = await control(server, 'POST', '/__spartera/faults', {
      body: '{"type": "drop"}',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(compressed.status).toBe(415);
    expect(compressed.body.message).toBe(
      'Content-Encoding gzip is not supported: send the JSON uncompressed',
    );
    expect(server.faults.pending()).toBe(0);
  });

  it('refuses a body over the limit with a 413 that names it, and keeps serving', async () => {
    const result = await sendLargeBody(`${server.url}/__spartera/faults`, 'POST', 2 * 1_048_576);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({
      code: 413,
      message: 'Request body exceeds 1048576 bytes, the limit of POST /__spartera/faults',
    });
    expect(await status('/cloud-providers')).toBe(200);
  });
});

describe('/__spartera/requests', () => {
  it('lists requests with keys masked and credentials redacted, filters them, and empties the log', async () => {
    const secret = 'super-secret-credentials-value-42';
    await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Logged', credentials: secret },
    });
    await call(server, 'GET', '/cloud-providers', { query: { limit: 5 } });
    const all = await control(server, 'GET', '/__spartera/requests');
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(2);
    expect(all.body.requests[0]).toMatchObject({
      method: 'POST',
      path: connectionsPath(),
      operationId: 'createConnection',
      apiKey: `****${DEMO_API_KEY.slice(-4)}`,
      body: { credentials: '[redacted]', name: 'Logged' },
      status: 200,
    });
    expect(all.body.requests[1]).toMatchObject({ operationId: 'listCloudProviders', query: { limit: '5' } });
    expect(JSON.stringify(all.body)).not.toContain(secret);
    expect(JSON.stringify(all.body)).not.toContain(DEMO_API_KEY);

    const filtered = await control(server, 'GET', '/__spartera/requests?operationId=listCloudProviders');
    expect(filtered.body.requests.map((r: { operationId: string }) => r.operationId)).toEqual([
      'listCloudProviders',
    ]);
    const newest = await control(server, 'GET', '/__spartera/requests?limit=1');
    expect(newest.body.requests).toHaveLength(1);
    expect(newest.body.requests[0].operationId).toBe('listCloudProviders');

    const badOperation = await control(server, 'GET', '/__spartera/requests?operationId=createConection');
    expect(badOperation.status).toBe(400);
    expect(badOperation.body.errors.operationId[0]).toMatch(/did you mean createConnection\?/);
    const badLimit = await control(server, 'GET', '/__spartera/requests?limit=-3');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual({ limit: ['must be an integer ≥ 1'] });

    expect((await control(server, 'DELETE', '/__spartera/requests')).body).toEqual({
      message: 'Request log emptied',
      count: 0,
    });
    expect((await control(server, 'GET', '/__spartera/requests')).body).toEqual({ count: 0, requests: [] });
  });
});

describe('POST /__spartera/reset', () => {
  it('goes back to the starting data set and clears faults and the log', async () => {
    const count = server.store.connections(DEMO_COMPANY_ID).length;
    await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Temp' },
    });
    await control(server, 'POST', '/__spartera/faults', { body: { type: 'status', status: 500, count: 5 } });
    const reset = await control(server, 'POST', '/__spartera/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.message).toBe('Back to the starting data set; faults cleared, request log emptied');
    expect(server.store.connections(DEMO_COMPANY_ID)).toHaveLength(count);
    expect(server.faults.pending()).toBe(0);
    expect(server.requests.count).toBe(0);
  });
});

describe('/__spartera/state', () => {
  it('snapshots the whole store without credentials and restores it exactly', async () => {
    const snapshot = await control(server, 'GET', '/__spartera/state');
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.format).toBe(STATE_FORMAT);
    expect(snapshot.body.connections.length).toBe(16);
    expect(snapshot.body.connections[0]).toMatchObject({
      connection: { connection_id: 'conn_7Hq2xK9pLm', name: 'Acme BigQuery warehouse' },
      hasCredentials: true,
      domains: ['sales', 'marketing'],
      reachable: true,
      origin: 'dataset',
    });
    expect(JSON.stringify(snapshot.body)).not.toMatch(/demo-secret-/);
    const before = server.store.snapshot();

    await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Later' },
    });
    await call(server, 'DELETE', connectionPath('conn_Sn0wF1nAnc'));
    const restored = await control(server, 'PUT', '/__spartera/state', { body: snapshot.body });
    expect(restored.status).toBe(200);
    expect(restored.body).toEqual({ message: 'State restored', connections: 16 });
    expect(server.store.snapshot()).toBe(before);
    // Restored answers are served, not stale cached ones.
    const listed = await call(server, 'GET', connectionsPath(), { query: { limit: 100 } });
    expect(listed.body.data.map((c: { name: string }) => c.name)).not.toContain('Later');
    // Credentials survive as "stored": the test of a created connection still passes.
    expect((await call(server, 'GET', `${connectionPath('conn_7Hq2xK9pLm')}/test`)).body.data.success).toBe(
      true,
    );
  });

  it('restores a hand-written document, filling in defaults', async () => {
    const restored = await control(server, 'PUT', '/__spartera/state', {
      body: {
        format: STATE_FORMAT,
        connections: [
          {
            connection: {
              connection_id: 'conn_mine',
              company_id: DEMO_COMPANY_ID,
              engine_id: 8,
              name: 'Mine',
            },
          },
        ],
      },
    });
    expect(restored.status).toBe(200);
    const listed = await call(server, 'GET', connectionsPath());
    expect(listed.body.data.map((c: { connection_id: string }) => c.connection_id)).toEqual(['conn_mine']);
    // Created without credentials (the defaults): its test says so.
    const tested = await call(server, 'GET', `${connectionPath('conn_mine')}/test`);
    expect(tested.body.data.success).toBe(false);
    expect((await call(server, 'GET', `${connectionPath('conn_mine')}/infoschema`)).status).toBe(200);
  });

  const valid = { connection_id: 'conn_ok', company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Fine' };
  const badStates: [string, unknown, string, RegExp][] = [
    ['not an object', [1, 2], '(root)', /must be an object/],
    ['the wrong format', { format: 'v2', connections: [] }, 'format', /must be "spartera-mock-state\/1"/],
    ['no connections', { format: STATE_FORMAT }, 'connections', /is required/],
    [
      'a connection of the wrong shape',
      {
        format: STATE_FORMAT,
        connections: [
          { connection: valid },
          { connection: { ...valid, connection_id: 'conn_b', engine_id: 'one' } },
        ],
      },
      'connections[1].connection.engine_id',
      /must be integer/,
    ],
    [
      'an id no path can address',
      { format: STATE_FORMAT, connections: [{ connection: { ...valid, connection_id: 'conn b' } }] },
      'connections[0].connection.connection_id',
      /must match pattern/,
    ],
    [
      'an unknown field',
      { format: STATE_FORMAT, connections: [{ connection: { ...valid, enigne_id: 2 } }] },
      'connections[0].connection.enigne_id',
      /is not allowed/,
    ],
    [
      'an unknown domain',
      { format: STATE_FORMAT, connections: [{ connection: valid, domains: ['sales', 'astrology'] }] },
      'connections[0].domains[1]',
      /must be one of sales, marketing/,
    ],
    [
      'a repeated id',
      {
        format: STATE_FORMAT,
        connections: [{ connection: valid }, { connection: { ...valid, name: 'Other' } }],
      },
      'connections[1].connection.connection_id',
      /repeats the id of connections\[0\]/,
    ],
    [
      'a repeated name in one company',
      {
        format: STATE_FORMAT,
        connections: [{ connection: valid }, { connection: { ...valid, connection_id: 'conn_2' } }],
      },
      'connections[1].connection.name',
      /repeats the name of connections\[0\]/,
    ],
    [
      'an unknown engine',
      { format: STATE_FORMAT, connections: [{ connection: { ...valid, engine_id: 999 } }] },
      'connections[0].connection.engine_id',
      /999 does not name a storage engine/,
    ],
    [
      'a date that is not a date-time',
      { format: STATE_FORMAT, connections: [{ connection: { ...valid, date_created: 'yesterday' } }] },
      'connections[0].connection.date_created',
      /must match format "date-time"/,
    ],
  ];
  for (const [what, document, field, message] of badStates) {
    it(`refuses a state with ${what}, naming the record, and changes nothing`, async () => {
      const before = server.store.snapshot();
      const result = await control(server, 'PUT', '/__spartera/state', { body: document });
      expect(result.status).toBe(400);
      expect(result.body.message).toMatch(/^Invalid state: /);
      expect(result.body.errors[field]?.join(' ')).toMatch(message);
      const record = /^connections\[(\d+)\]/.exec(field);
      if (record) expect(result.body.message).toContain(`connections[${record[1]}] (`);
      expect(server.store.snapshot()).toBe(before);
    });
  }

  it('takes a large store, and refuses a body over 64 MiB with a 413', async () => {
    const connections = Array.from({ length: 20_000 }, (_, index) => ({
      connection: { ...valid, connection_id: `conn_${index}`, name: `Bulk ${index}` },
    }));
    const restored = await control(server, 'PUT', '/__spartera/state', {
      body: { format: STATE_FORMAT, connections },
    });
    expect(restored.body).toEqual({ message: 'State restored', connections: 20_000 });
    const tooLarge = await sendLargeBody(`${server.url}/__spartera/state`, 'PUT', 64 * 1_048_576 + 1);
    expect(tooLarge.status).toBe(413);
    expect(server.store.connectionCount).toBe(20_000);
  });
});

describe('GET /__spartera/heap', () => {
  it('reports the heap after a full garbage collection', async () => {
    const { status: code, body } = await control(server, 'GET', '/__spartera/heap');
    expect(code).toBe(200);
    expect(body.gcForced).toBe(true);
    for (const field of [
      'heapUsedBytes',
      'heapTotalBytes',
      'externalBytes',
      'arrayBuffersBytes',
      'rssBytes',
    ]) {
      expect(body[field]).toBeGreaterThan(0);
    }
    expect(body.heapUsedBytes).toBeLessThanOrEqual(body.heapTotalBytes);
  });
});

describe('who may use the control API', () => {
  it('needs the token on every control request when one is set, and only there', async () => {
    const guarded = await createMockServer({ controlToken: 'correct-horse-battery' });
    try {
      expect(guarded.control).toMatchObject({ enabled: true, tokenRequired: true });
      const none = await control(guarded, 'GET', '/__spartera/faults');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(none.body.message).toMatch(/needs "Authorization: Bearer <control token>"/);
      const wrong = await control(guarded, 'POST', '/__spartera/reset', { token: 'correct-horse-batterx' });
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(wrong.body)).not.toContain('correct-horse');
      expect(
        (await control(guarded, 'GET', '/__spartera/faults', { token: 'correct-horse-battery' })).status,
      ).toBe(200);
      // The API itself does not ask for it.
      const api = await fetch(`${guarded.url}/cloud-providers`, { headers });
      expect(api.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('is off on a non-loopback host without a token, on with one, and refused when forced on', async () => {
    const open = await createMockServer({ host: '0.0.0.0' });
    try {
      expect(open.control).toMatchObject({ enabled: false });
      const off = await control({ url: `http://127.0.0.1:${open.port}` }, 'POST', '/__spartera/reset');
      expect(off.status).toBe(404);
      expect(off.body.message).toMatch(
        /The control API is off: the mock listens on 0\.0\.0\.0, which is not loopback/,
      );
      expect(open.store.connectionCount).toBe(16);
    } finally {
      await open.close();
    }
    const guarded = await createMockServer({ host: '0.0.0.0', controlToken: 'a-long-enough-token' });
    try {
      expect(guarded.control).toMatchObject({ enabled: true, tokenRequired: true });
      const on = await control({ url: `http://127.0.0.1:${guarded.port}` }, 'GET', '/__spartera', {
        token: 'a-long-enough-token',
      });
      expect(on.status).toBe(200);
    } finally {
      await guarded.close();
    }
    await expect(createMockServer({ host: '0.0.0.0', control: true })).rejects.toThrow(
      /needs a controlToken/,
    );
  });

  it('is off with control: false, and the API keeps working', async () => {
    const quiet = await createMockServer({ control: false });
    try {
      const off = await control(quiet, 'GET', '/__spartera/faults');
      expect(off.status).toBe(404);
      expect(off.body.message).toBe('The control API is turned off (control: false).');
      expect((await fetch(`${quiet.url}/cloud-providers`, { headers })).status).toBe(200);
    } finally {
      await quiet.close();
    }
  });
});
