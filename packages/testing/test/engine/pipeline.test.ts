import { describe, expect, it } from 'vitest';
import { DEFAULTED_QUERY_PARAMETERS } from '../../src/engine/handlers/types.js';
import { handlers } from '../../src/engine/handlers/index.js';
import { StoreCache } from '../../src/engine/cache.js';
import { operations } from '../../src/engine/spec.js';
import { DEMO_API_KEY, DEMO_COMPANY_ID, MockEngine } from '../../src/index.js';
import openApiDocument from '@spartera/types/openapi.json' with { type: 'json' };

type Schema = { default?: unknown; $ref?: string };

/** Follows a schema's local `$ref`s through the spec document. */
function resolve(schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const target = schema.$ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], openApiDocument);
  return resolve(target as Schema);
}

describe('handlers', () => {
  it('exist for exactly the operations of the spec', () => {
    expect(Object.keys(handlers).sort()).toEqual(operations.map((operation) => operation.operationId).sort());
  });

  it('are typed with defaults exactly where the spec declares them', () => {
    // The handler types mark these query parameters as always present: the spec must default them all.
    for (const operation of operations) {
      const defaulted = operation.parameters
        .filter((parameter) => parameter.in === 'query')
        .filter((parameter) => resolve(parameter.schema).default !== undefined)
        .map((parameter) => parameter.name);
      const query = operation.parameters.filter((parameter) => parameter.in === 'query').map((p) => p.name);
      expect(defaulted.sort(), operation.operationId).toEqual(
        query.filter((name) => (DEFAULTED_QUERY_PARAMETERS as readonly string[]).includes(name)).sort(),
      );
    }
  });
});

describe('the engine pipeline', () => {
  const headers = { 'x-api-key': DEMO_API_KEY };

  it('checks in the order route, body limit, auth, access, validation, fault, handle', () => {
    const engine = new MockEngine();
    const path = `/companies/${DEMO_COMPANY_ID}/connections`;
    engine.faults.nextResponses({ status: 503 });
    const statusOf = (
      method: string,
      url: string,
      options: { key?: boolean; tooLarge?: boolean } = {},
    ): number =>
      engine.handle({
        method,
        url,
        headers: options.key === false ? {} : headers,
        body: undefined,
        bodyTooLarge: options.tooLarge ?? false,
      }).status;
    expect(statusOf('GET', '/nowhere', { key: false, tooLarge: true })).toBe(404);
    expect(statusOf('PUT', path, { key: false, tooLarge: true })).toBe(405);
    expect(statusOf('POST', path, { key: false, tooLarge: true })).toBe(413);
    expect(statusOf('GET', path, { key: false })).toBe(401);
    expect(statusOf('GET', '/companies/globex_retail/connections?limit=0')).toBe(403);
    expect(statusOf('GET', `${path}?limit=0`)).toBe(400);
    // Only now does the queued fault fire.
    expect(engine.faults.pending()).toBe(1);
    expect(statusOf('GET', path)).toBe(503);
    expect(statusOf('GET', `${path}/conn_missing`)).toBe(404);
  });

  it('still authenticates every request of a URL whose route and validation it keeps', () => {
    const engine = new MockEngine({
      apiKeys: { [DEMO_API_KEY]: [DEMO_COMPANY_ID], spk_other_company_0001: ['globex_retail'] },
    });
    const url = `/companies/${DEMO_COMPANY_ID}/connections?limit=2&sort_by=name`;
    const statusWith = (key: string | undefined): number =>
      engine.handle({
        method: 'GET',
        url,
        headers: key === undefined ? {} : { 'x-api-key': key },
        body: undefined,
      }).status;
    expect([statusWith(DEMO_API_KEY), statusWith(undefined), statusWith('spk_other_company_0001')]).toEqual([
      200, 401, 403,
    ]);
    expect(statusWith(DEMO_API_KEY)).toBe(200);
    const logged = engine.requests.all().map((entry) => entry.query);
    expect(logged.every((query) => query.limit === '2' && query.sort_by === 'name')).toBe(true);
    // Shared between the entries of one URL, so it cannot be changed through one of them.
    expect(Object.isFrozen(logged[0])).toBe(true);
  });

  it('serves reads from its cache until the next write, and never a stale answer', () => {
    const engine = new MockEngine();
    const list = (): string =>
      engine.handle({
        method: 'GET',
        url: `/companies/${DEMO_COMPANY_ID}/connections?limit=100`,
        headers,
        body: undefined,
      }).body;
    const first = list();
    expect(list()).toBe(first);
    engine.handle({
      method: 'POST',
      url: `/companies/${DEMO_COMPANY_ID}/connections`,
      headers,
      body: JSON.stringify({ company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'Fresh' }),
    });
    expect(list()).not.toBe(first);
    expect(list()).toContain('"Fresh"');
  });
});

describe('StoreCache', () => {
  it('empties itself when the version moves', () => {
    let version = 0;
    const cache = new StoreCache(() => version);
    let computed = 0;
    const get = (): number =>
      cache.get(
        'key',
        () => ++computed,
        () => 1,
      );
    expect([get(), get()]).toEqual([1, 1]);
    version += 1;
    expect(get()).toBe(2);
  });

  it('holds at most its weight, dropping the oldest entries first, and never keeps a huge one', () => {
    const cache = new StoreCache(() => 0, 100);
    for (let i = 0; i < 50; i++)
      cache.get(
        `k${i}`,
        () => i,
        () => 10,
      );
    expect(cache.size).toBe(10);
    expect(
      cache.get(
        'k49',
        () => -1,
        () => 10,
      ),
    ).toBe(49);
    expect(
      cache.get(
        'k0',
        () => -1,
        () => 10,
      ),
    ).toBe(-1);
    expect(
      cache.get(
        'huge',
        () => 'x',
        () => 60,
      ),
    ).toBe('x');
    expect(
      cache.get(
        'huge',
        () => 'recomputed',
        () => 60,
      ),
    ).toBe('recomputed');
  });
});
