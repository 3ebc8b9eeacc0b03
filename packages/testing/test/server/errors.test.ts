import { request as httpRequest } from 'node:http';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID, MAX_BODY_BYTES } from '../../src/index.js';
import { call, connectionPath, connectionsPath } from '../support/api.js';

const OTHER_KEY = 'spk_test_other_company_key_1234';
const server = await createMockServer({
  apiKeys: { [DEMO_API_KEY]: [DEMO_COMPANY_ID], [OTHER_KEY]: ['globex_retail'] },
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

describe('routing', () => {
  it('answers a JSON 404 for unknown routes and a 405 with Allow for wrong methods', async () => {
    const unknown = await call(server, 'GET', '/nope/at/all');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(404);
    const trailing = await call(server, 'GET', '/companies//connections');
    expect(trailing.status).toBe(404);
    const wrong = await call(server, 'PUT', connectionPath('conn_7Hq2xK9pLm'), { body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, DELETE, PATCH');
  });
});

describe('auth and access', () => {
  it('answers 401 without a key or with an unknown one, without echoing the key', async () => {
    const none = await call(server, 'GET', connectionsPath(), { apiKey: null });
    expect(none.status).toBe(401);
    const unknown = await call(server, 'GET', connectionsPath(), { apiKey: 'not-a-real-key-0000' });
    expect(unknown.status).toBe(401);
    expect(unknown.text).not.toContain('not-a-real-key');
    expect((await call(server, 'GET', '/cloud-providers', { apiKey: null })).status).toBe(401);
  });

  it('answers 403 when the key may not access the company, before validating anything', async () => {
    const other = await call(server, 'GET', connectionsPath(), { apiKey: OTHER_KEY, query: { limit: 0 } });
    expect(other.status).toBe(403);
    const own = await call(server, 'GET', connectionsPath('globex_retail'), { apiKey: OTHER_KEY });
    expect(own.status).toBe(200);
  });

  it('answers 400 naming company_id for a malformed company id: it names no company to deny', async () => {
    for (const malformed of ["x'; DROP TABLE c; --", 'naïve', 'a'.repeat(256)]) {
      const { status, body } = await call(server, 'GET', connectionsPath(encodeURIComponent(malformed)));
      expect(status).toBe(400);
      expect(Object.keys(body.errors ?? {})).toEqual(['company_id']);
    }
  });

  it('checks in the order route, auth, access, validation, resource', async () => {
    expect((await call(server, 'GET', '/nope', { apiKey: null })).status).toBe(404);
    expect(
      (await call(server, 'GET', connectionsPath('globex_retail'), { apiKey: null, query: { limit: 0 } }))
        .status,
    ).toBe(401);
    expect(
      (await call(server, 'GET', connectionPath('conn_missing', 'globex_retail'), { query: { limit: 0 } }))
        .status,
    ).toBe(403);
    expect((await call(server, 'PATCH', connectionPath('conn_missing'), { body: { bogus: 1 } })).status).toBe(
      400,
    );
    expect(
      (await call(server, 'PATCH', connectionPath('conn_missing'), { body: { name: 'ok' } })).status,
    ).toBe(404);
  });
});

describe('validation', () => {
  it('rejects bad query parameters with per-field errors', async () => {
    const { status, body } = await call(server, 'GET', connectionsPath(), {
      query: { page: 0, limit: 101, sort_order: 'sideways', sort_by: 'password' },
    });
    expect(status).toBe(400);
    expect(body.message).toBe('Invalid input');
    expect(Object.keys(body.errors).sort()).toEqual(['limit', 'page', 'sort_by', 'sort_order']);
    expect(body.errors.limit).toEqual(['must be <= 100']);
    const words = await call(server, 'GET', connectionsPath(), { query: { page: 'two' } });
    expect(words.body.errors.page).toEqual(['must be integer']);
    const emptySearch = await call(server, 'GET', connectionsPath(), { query: { search: '' } });
    expect(emptySearch.status).toBe(400);
    const twice = await call(server, 'GET', `${connectionsPath()}?page=1&page=2`);
    expect(twice.body.errors.page).toEqual(['must be given at most once']);
  });

  it('rejects path ids outside ^[a-zA-Z0-9_-]+$ or over 255 characters', async () => {
    const dotted = await call(server, 'GET', connectionPath('conn.bad'));
    expect(dotted.status).toBe(400);
    expect(Object.keys(dotted.body.errors)).toEqual(['connection_id']);
    const long = await call(server, 'GET', connectionPath('x'.repeat(256)));
    expect(long.status).toBe(400);
    const percent = await call(server, 'GET', connectionPath('%E0%A4%A'));
    expect(percent.body.errors.connection_id).toEqual(['is not valid percent-encoding']);
  });

  it('requires the sample-data parameters and bounds its limit', async () => {
    const path = `${connectionPath('conn_7Hq2xK9pLm')}/sample-data`;
    const missing = await call(server, 'GET', path);
    expect(missing.body.errors).toEqual({ schema_name: ['is required'], table_name: ['is required'] });
    const tooMany = await call(server, 'GET', path, {
      query: { schema_name: 's', table_name: 't', limit: 10_001 },
    });
    expect(tooMany.body.errors.limit).toEqual(['must be <= 10000']);
  });

  it('rejects bodies with unknown fields, wrong types and missing required fields, writing nothing', async () => {
    const before = server.store.snapshot();
    const { status, body } = await call(server, 'POST', connectionsPath(), {
      body: { engine_id: '1', credential_type: 'PIGEON', admin: true, credentials: 'do-not-echo-this' },
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual({
      company_id: ['is required'],
      engine_id: ['must be integer'],
      credential_type: ['must be equal to one of the allowed values'],
      admin: ['is not allowed'],
    });
    const empty = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), { body: {} });
    expect(empty.body.errors).toEqual({ body: ['must NOT have fewer than 1 properties'] });
    const notObject = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), { body: [1, 2] });
    expect(notObject.body.errors.body).toEqual(['must be object']);
    const badDomain = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), {
      body: { provider_domain: 'not a domain' },
    });
    expect(Object.keys(badDomain.body.errors)).toEqual(['provider_domain']);
    expect(server.store.snapshot()).toBe(before);
  });

  it('answers 400 for malformed JSON or a missing body', async () => {
    const malformed = await call(server, 'POST', connectionsPath(), {
      rawBody: '{"company_id": "acme_analytics",',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual({ body: ['is not valid JSON'] });
    const missing = await call(server, 'POST', connectionsPath());
    expect(missing.body.errors).toEqual({ body: ['is required'] });
  });

  it('names a body field called __proto__ like any other unknown field, and writes nothing', async () => {
    const before = server.store.snapshot();
    const result = await call(server, 'POST', connectionsPath(), {
      rawBody: `{"company_id": "${DEMO_COMPANY_ID}", "engine_id": 1, "name": "Sneaky", "__proto__": {"admin": true}}`,
    });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body.errors)).toBe('{"__proto__":["is not allowed"]}');
    expect(server.store.snapshot()).toBe(before);
    // Logged as the data it is, not as the prototype of the logged copy.
    expect(JSON.stringify(server.requests.last()?.body)).toContain('"__proto__":{"admin":true}');
  });

  it('answers a body nested 500,000 levels deep with a 400, and logs it cut short', async () => {
    const result = await call(server, 'POST', connectionsPath(), {
      rawBody: `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
    });
    expect(result.status).toBe(400);
    let logged = server.requests.last()?.body;
    let depth = 0;
    while (Array.isArray(logged)) {
      logged = logged[0];
      depth += 1;
    }
    expect(logged).toBe('[nested too deep]');
    expect(depth).toBe(32);
  });

  it('answers 413 for bodies over 1 MiB', async () => {
    const before = server.store.snapshot();
    const huge = { company_id: DEMO_COMPANY_ID, engine_id: 1, description: 'x'.repeat(MAX_BODY_BYTES) };
    const { status, body } = await call(server, 'POST', connectionsPath(), { body: huge });
    expect(status).toBe(413);
    expect(body.message).toContain('1048576');
    expect(server.store.snapshot()).toBe(before);
  });
});

describe('semantics', () => {
  it('answers 422 for a body company_id other than the path one and for an unknown engine', async () => {
    const before = server.store.snapshot();
    const mismatch = await call(server, 'POST', connectionsPath(), {
      body: { company_id: 'globex_retail', engine_id: 1 },
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.message).toContain('globex_retail');
    const engine = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 999 },
    });
    expect(engine.status).toBe(422);
    expect(engine.body.message).toBe('engine_id 999 does not name a storage engine');
    const move = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), {
      body: { company_id: 'globex_retail' },
    });
    expect(move.status).toBe(422);
    expect(server.store.snapshot()).toBe(before);
  });

  it('answers 409 for a name the company already uses, but lets a connection keep its own name', async () => {
    const duplicate = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Acme BigQuery warehouse' },
    });
    expect(duplicate.status).toBe(409);
    const rename = await call(server, 'PATCH', connectionPath('conn_Sn0wF1nAnc'), {
      body: { name: 'Acme BigQuery warehouse' },
    });
    expect(rename.status).toBe(409);
    const same = await call(server, 'PATCH', connectionPath('conn_7Hq2xK9pLm'), {
      body: { name: 'Acme BigQuery warehouse' },
    });
    expect(same.status).toBe(200);
  });

  it('answers 404 for ids of another company even when the key may access both', async () => {
    const both = await createMockServer({
      apiKeys: { key_for_two_companies: [DEMO_COMPANY_ID, 'globex_retail'] },
    });
    try {
      const cross = await call(both, 'GET', connectionPath('conn_7Hq2xK9pLm', 'globex_retail'), {
        apiKey: 'key_for_two_companies',
      });
      expect(cross.status).toBe(404);
    } finally {
      await both.close();
    }
  });
});

describe('secrets', () => {
  it('keeps credentials and the API key out of the request log, and out of every response', async () => {
    const secret = 'credential-that-must-never-leak-42';
    const created = await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, credentials: secret },
    });
    await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 'x', credentials: secret },
    });
    await call(server, 'PATCH', connectionPath(created.body.data.connection_id), {
      body: { credentials: secret },
    });
    await call(server, 'POST', connectionsPath(), { body: [{ nested: { credentials: secret } }] });
    const texts = [created.text];
    for (const path of [connectionsPath(), connectionPath(created.body.data.connection_id)]) {
      texts.push(
        (await call(server, 'GET', path, { query: path === connectionsPath() ? { limit: 100 } : {} })).text,
      );
    }
    const log = JSON.stringify(server.requests.all());
    for (const text of [...texts, log]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(DEMO_API_KEY);
    }
    const logged = server.requests.ofOperation('createConnection')[0]!;
    expect(logged.apiKey).toBe(`****${DEMO_API_KEY.slice(-4)}`);
    expect(logged.body).toMatchObject({ credentials: '[redacted]', engine_id: 1 });
    const demoCredentials = server.store.connections(DEMO_COMPANY_ID).length;
    expect(demoCredentials).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toContain('demo-secret-');
  });

  it('redacts a key or a password a client puts in the query or under another name, in the log', async () => {
    const secret = 'query-secret-password-5531';
    await call(server, 'GET', connectionsPath(), {
      query: { api_key: OTHER_KEY, credentials: secret, 'Access-Token': secret, search: 'kept' },
    });
    await call(server, 'GET', connectionsPath(), { query: { search: OTHER_KEY } });
    await call(server, 'POST', connectionsPath(), {
      body: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Password field', password: secret },
    });
    const [first, second] = server.requests.ofOperation('listConnections');
    expect(first?.query).toEqual({
      api_key: '[redacted]',
      credentials: '[redacted]',
      'Access-Token': '[redacted]',
      search: 'kept',
    });
    expect(second?.query).toEqual({ search: '[redacted]' });
    expect(server.requests.ofOperation('createConnection')[0]?.body).toMatchObject({
      password: '[redacted]',
    });
    const log = JSON.stringify(server.requests.all());
    expect(log).not.toContain(secret);
    expect(log).not.toContain(OTHER_KEY);
  });

  it('answers a raw HTTP parse error with 400 instead of crashing', async () => {
    const { port } = server;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        port,
        host: '127.0.0.1',
        method: 'GET',
        path: '/cloud-providers',
        headers: { 'content-length': 'abc' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect((await call(server, 'GET', '/cloud-providers')).status).toBe(200);
  });
});

describe('createMockServer options', () => {
  it('refuses an option it does not take, naming it and the ones it takes, before listening', async () => {
    // From JavaScript a misspelt option would otherwise be ignored, and the test would run without it.
    const misspelt = { latency: 50 } as unknown as Parameters<typeof createMockServer>[0];
    await expect(createMockServer(misspelt)).rejects.toThrow(
      /createMockServer: unknown option "latency"; it takes port, host, .*latencyMs/,
    );
    const alsoMisspelt = { cors: true, extraConnection: 5 } as unknown as Parameters<
      typeof createMockServer
    >[0];
    await expect(createMockServer(alsoMisspelt)).rejects.toThrow(/unknown option "extraConnection"/);
    // Options that are not an object are named as such, not as a crash or an option "0".
    for (const [options, got] of [
      [null, 'null'],
      ['latencyMs', 'string'],
      [50, 'number'],
      [[50], 'an array'],
    ] as const) {
      await expect(createMockServer(options as never)).rejects.toThrow(
        new TypeError(`createMockServer: the options must be an object; got ${got}`),
      );
    }
    // An inherited option would be read by some readers (port) and dropped by others (latencyMs).
    for (const name of ['latency', 'latencyMs', 'port']) {
      await expect(createMockServer(Object.create({ [name]: 50 }) as never)).rejects.toThrow(
        `createMockServer: option "${name}" is inherited, not the options object's own`,
      );
    }
    // Every option it documents is taken.
    const every = await createMockServer({
      port: 0,
      host: '127.0.0.1',
      cors: 'https://app.example',
      control: false,
      onControlRequest: () => undefined,
      dataset: 'empty',
      seed: 3,
      extraConnections: 1,
      latencyMs: 0,
      failRate: 0,
      requestLogLimit: 10,
      now: () => new Date('2026-01-01T00:00:00Z'),
      onRequest: () => undefined,
    });
    await every.close();
  });
});
