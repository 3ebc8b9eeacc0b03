import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkResponse,
  checkSchema,
  createMockServer,
  DEMO_API_KEY,
  DEMO_COMPANY_ID,
  MockEngine,
} from '../../src/index.js';
import type { MockRequest } from '../../src/index.js';
import { connectionInputFactory } from '../../src/index.js';

const OTHER_KEY = 'spk_property_other_key_9876';
const apiKeys = { [DEMO_API_KEY]: [DEMO_COMPANY_ID], [OTHER_KEY]: ['globex_retail'] };

const idArbitrary = fc.oneof(
  fc.constantFrom('conn_7Hq2xK9pLm', 'conn_Sn0wF1nAnc', 'conn_GlxStores1', 'conn_missing00'),
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/),
  fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('%', '%zz', '..', 'x'.repeat(300), '%E0%A4%A'),
);
const companyArbitrary = fc.oneof(fc.constantFrom(DEMO_COMPANY_ID, 'globex_retail', 'nobody'), idArbitrary);
const suffixArbitrary = fc.constantFrom('', '/test', '/infoschema', '/sample-data', '/nope', '/');

const pathArbitrary = fc.oneof(
  fc.tuple(companyArbitrary).map(([company]) => `/companies/${company}/connections`),
  fc
    .tuple(companyArbitrary, idArbitrary, suffixArbitrary)
    .map(([company, id, suffix]) => `/companies/${company}/connections/${id}${suffix}`),
  fc.constantFrom(
    '/cloud-providers',
    '/cloud-providers/1/storage-engines',
    '/cloud-providers/1/storage-engines/1',
  ),
  fc
    .tuple(
      fc.oneof(fc.integer({ min: -5, max: 20 }).map(String), idArbitrary),
      fc.oneof(fc.integer({ min: -5, max: 20 }).map(String), idArbitrary),
    )
    .map(([provider, engine]) => `/cloud-providers/${provider}/storage-engines/${engine}`),
  fc.webPath(),
);

const queryValue = fc.oneof(
  fc.integer({ min: -10, max: 20_000 }).map(String),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('asc', 'desc', 'name', 'date_created', 'sales', 'orders', '1e3', '0x10', ' 5'),
);
const queryArbitrary = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'page',
        'limit',
        'sort_by',
        'sort_order',
        'search',
        'schema_name',
        'table_name',
        'other',
      ),
      queryValue,
    ),
    {
      maxLength: 5,
    },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));

const inputKeys = [
  'company_id',
  'engine_id',
  'name',
  'credentials',
  'credential_type',
  'provider_domain',
  'description',
  'extra',
];
const bodyArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc
    .tuple(fc.nat(1000), fc.constantFrom(...inputKeys), fc.jsonValue({ maxDepth: 1 }))
    .map(([index, key, value]) => {
      connectionInputFactory.reset(index);
      return JSON.stringify({ ...connectionInputFactory.build(), [key]: value });
    }),
  fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }) }).map((value) => JSON.stringify(value)),
  fc
    .constantFrom(
      { engine_id: 999 },
      { company_id: 'globex_retail' },
      { name: 'Acme BigQuery warehouse' },
      {},
    )
    .map((change) => JSON.stringify({ ...connectionInputFactory.build(), ...change })),
);

const anyRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'),
  url: fc.tuple(pathArbitrary, queryArbitrary).map(([path, query]) => path + query),
  apiKey: fc.constantFrom(DEMO_API_KEY, OTHER_KEY, undefined, '', 'wrong-key-123456'),
  body: bodyArbitrary,
});

/** Authorized writes to the demo company, so that the semantic checks (409, 422) get exercised too. */
const authorizedWrite = fc.record({
  method: fc.constantFrom('POST', 'PATCH'),
  url: fc.constantFrom(
    `/companies/${DEMO_COMPANY_ID}/connections`,
    `/companies/${DEMO_COMPANY_ID}/connections/conn_Sn0wF1nAnc`,
  ),
  apiKey: fc.constant(DEMO_API_KEY),
  body: bodyArbitrary,
});

const requestArbitrary = fc.oneof(
  { arbitrary: anyRequest, weight: 4 },
  { arbitrary: authorizedWrite, weight: 1 },
);

function conforms(
  operationId: Parameters<typeof checkResponse>[0] | undefined,
  status: number,
  body: unknown,
): string[] {
  if (operationId === undefined || status === 405) return checkSchema('Error', body);
  const declared = checkResponse(operationId, status, body);
  return declared.length === 1 && declared[0]!.includes('does not declare')
    ? checkSchema('Error', body)
    : declared;
}

describe('random and malformed requests', () => {
  it('never answer 5xx, always answer spec-conforming JSON, and leave the store unchanged when rejected', () => {
    const engine = new MockEngine({ apiKeys, requestLogLimit: 10 });
    const statuses = new Set<number>();
    fc.assert(
      fc.property(requestArbitrary, ({ method, url, apiKey, body }) => {
        const before = engine.store.snapshot();
        const request: MockRequest = {
          method,
          url,
          headers: apiKey === undefined ? {} : { 'x-api-key': apiKey },
          body,
        };
        const response = engine.handle(request);
        statuses.add(response.status);
        expect(response.status).toBeLessThan(500);
        const parsed = JSON.parse(response.body);
        expect(conforms(response.operationId, response.status, parsed)).toEqual([]);
        if (response.status >= 400) expect(engine.store.snapshot()).toBe(before);
        if (response.status === 200 && (method === 'POST' || method === 'PATCH')) {
          // An accepted write leaves only records the spec allows.
          for (const companyId of engine.store.companyIds()) {
            for (const connection of engine.store.connections(companyId)) {
              expect(checkSchema('Connection', connection)).toEqual([]);
              expect(connection.company_id).toBe(companyId);
            }
          }
        }
        expect(response.body).not.toContain(DEMO_API_KEY);
        expect(response.body).not.toContain('demo-secret-');
      }),
      { numRuns: 4000, seed: 20_261_127 },
    );
    // The generators reach every class of answer, so the property is not passing vacuously.
    for (const status of [200, 400, 401, 403, 404, 405, 409, 422]) expect(statuses).toContain(status);
  });

  it('hold over real sockets too, with the server alive after each', async () => {
    const server = await createMockServer({ apiKeys, requestLogLimit: 10 });
    try {
      await fc.assert(
        fc.asyncProperty(requestArbitrary, async ({ method, url, apiKey, body }) => {
          const before = server.store.snapshot();
          const response = await fetch(server.url + (url.startsWith('/') ? url : `/${url}`), {
            method,
            headers: apiKey === undefined ? {} : { 'x-api-key': apiKey },
            ...(body === undefined || method === 'GET' ? {} : { body }),
          });
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          expect(() => JSON.parse(text) as unknown).not.toThrow();
          if (response.status >= 400) expect(server.store.snapshot()).toBe(before);
        }),
        { numRuns: 400, seed: 7, plugins: [fc.interruptAfterTimeLimit(15_000)] },
      );
      expect(
        (await fetch(`${server.url}/cloud-providers`, { headers: { 'x-api-key': DEMO_API_KEY } })).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });
});

afterAll(() => {
  connectionInputFactory.reset();
});
