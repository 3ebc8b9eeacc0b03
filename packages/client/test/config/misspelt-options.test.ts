import { describe, expect, it } from 'vitest';
import { Spartera, SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, TEST_KEY } from '../helpers/observed.js';

/**
 * Users coming from other SDKs write `baseURL`, `timeout` or `defaultHeaders`. Ignored, the first
 * would send the calls (and the key) to production and the second would wait the default minute:
 * every options object refuses a name it does not have, even set to `undefined`.
 */
describe('a setting the client does not have', () => {
  const thrown = (make: () => unknown) => {
    try {
      make();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  it('is refused by new Spartera, naming it and the setting meant', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ baseURL: 'http://localhost:4010' }, 'have no setting "baseURL"; did you mean baseUrl?'],
      [{ timeout: 5000 }, 'have no setting "timeout"; did you mean timeoutMs?'],
      [{ maxRetry: 1 }, 'did you mean maxRetries?'],
      // As the other Spartera SDKs (Python's among them) spell them.
      [{ api_key: TEST_KEY }, 'have no setting "api_key"; did you mean apiKey?'],
      [{ max_retries: 1 }, 'did you mean maxRetries?'],
      [{ 'log-level': 'debug' }, 'did you mean logLevel?'],
      // A name with nothing to compare suggests nothing.
      [{ _: 1 }, 'have no setting "_" (the settings are'],
      [
        { defaultHeaders: undefined },
        'have no setting "defaultHeaders" (the settings are apiKey, companyId, baseUrl',
      ],
    ];
    for (const [options, expected] of cases) {
      const error = thrown(() => new Spartera({ apiKey: TEST_KEY, ...options }));
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message).toMatch(/^The options of new Spartera/);
    }
  });

  it('is refused by withOptions, also when undefined, while a known setting left undefined is kept', () => {
    const spartera = new Spartera({ apiKey: TEST_KEY, timeoutMs: 1234 });
    const error = thrown(() => spartera.withOptions({ timeout: undefined } as never));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toContain('have no setting "timeout"; did you mean timeoutMs?');
    // Spreading a whole options object leaves the settings withOptions cannot change undefined.
    expect(spartera.withOptions({ timeoutMs: undefined, fetch: undefined } as never).timeoutMs).toBe(1234);
  });

  it('is refused by a call before anything is sent', async () => {
    const { client, requests, server } = await createObservedClient();
    server.setHandler(() => ok([]));
    const error = await rejectionOf(client.connections.list({}, { timeout: 10 } as never));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toContain(
      'The options of a call have no setting "timeout"; did you mean timeoutMs?',
    );
    expect(requests).toHaveLength(0);
    await expect(client.connections.list({}, { timeoutMs: 30_000, signal: undefined })).resolves.toEqual([]);
  });

  it('is shown escaped and cut short', () => {
    const error = thrown(() => new Spartera({ apiKey: TEST_KEY, [`\u001b]2;x\u0007${'y'.repeat(100)}`]: 1 }));
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect((error as Error).message).not.toMatch(/[\u0000-\u001f]/);
    expect((error as Error).message).not.toContain('y'.repeat(41));
  });
});

describe('options that cannot be read', () => {
  it('are refused with a SparteraError, by new Spartera, withOptions and a call alike', async () => {
    const revoked = Proxy.revocable({ apiKey: TEST_KEY }, {});
    revoked.revoke();
    const trapped = new Proxy(
      { apiKey: TEST_KEY },
      {
        ownKeys() {
          throw new RangeError('the config store is closed');
        },
      },
    );
    const { client } = await createObservedClient();
    for (const [what, options] of [
      ['a revoked Proxy', revoked.proxy],
      ['a Proxy whose ownKeys throws', trapped],
    ] as const) {
      const attempts: [string, () => unknown][] = [
        ['The options of new Spartera', () => new Spartera(options)],
        ['The options of withOptions', () => client.withOptions(options as never)],
        ['The options of a call', () => client.connections.list({}, options as never)],
      ];
      for (const [whose, attempt] of attempts) {
        let error: unknown;
        try {
          await attempt();
        } catch (thrown) {
          error = thrown;
        }
        expect(error, `${whose}: ${what}`).toBeInstanceOf(SparteraError);
        expect((error as Error).message).toBe(`${whose} could not be read`);
      }
    }
  });

  it('a Proxy that reads through, a null-prototype object or a class instance still configure the client', () => {
    class Settings {
      apiKey = TEST_KEY;
      get baseUrl() {
        return 'http://localhost:4010/';
      }
    }
    const made = [
      new Spartera(new Proxy({}, { get: (_target, name) => (name === 'apiKey' ? TEST_KEY : undefined) })),
      new Spartera(Object.assign(Object.create(null) as object, { apiKey: TEST_KEY, timeoutMs: 5 })),
      new Spartera(new Settings()),
    ];
    expect(made.map(({ baseUrl, timeoutMs }) => [baseUrl, timeoutMs])).toEqual([
      ['https://api.spartera.com', 60_000],
      ['https://api.spartera.com', 5],
      ['http://localhost:4010', 60_000],
    ]);
  });
});

describe('withOptions given the options its client was made with, spread back in', () => {
  it('keeps the shared settings that are the same, and changes the rest', async () => {
    const { client } = await createObservedClient();
    const options = {
      apiKey: TEST_KEY,
      baseUrl: `${client.baseUrl}/`,
      fetch: (url: string, init: RequestInit) => globalThis.fetch(url, init),
      timeoutMs: 2000,
    };
    const parent = new Spartera(options);
    const derived = parent.withOptions({ ...options, baseUrl: client.baseUrl, companyId: 'globex' } as never);
    expect([derived.companyId, derived.timeoutMs, derived.baseUrl]).toEqual(['globex', 2000, client.baseUrl]);
    for (const other of [
      { apiKey: 'sk_other' },
      { baseUrl: 'http://localhost:1' },
      { fetch: globalThis.fetch },
    ]) {
      expect(() => parent.withOptions({ ...options, ...other })).toThrow(
        new RegExp(`for another ${Object.keys(other)[0]!}, create a new Spartera`),
      );
    }
  });
});

describe('a query parameter the API does not have', () => {
  it('is refused before anything is sent, as a call setting put in the query would be ignored', async () => {
    const { client, requests, server } = await createObservedClient();
    server.setHandler(() => ok([]));
    const misplaced: [Record<string, unknown>, string][] = [
      [{ limit: 5, timeoutMs: 10 }, '"timeoutMs"'],
      // The default company would be listed instead of this one.
      [{ companyId: 'globex_retail' }, '"companyId"'],
      [{ pageSize: 5 }, '"pageSize"'],
      [{ 'limit=1&search': 'x' }, '"limit=1&search"'],
    ];
    for (const [query, named] of misplaced) {
      const error = await rejectionOf(client.connections.list(query));
      expect(error).toBeInstanceOf(SparteraError);
      expect((error as Error).message).toBe(
        `The query has no parameter ${named} (they are page, limit, sort_by, sort_order, search, schema_name, table_name; a call's settings go in its last argument)`,
      );
    }
    expect(requests).toHaveLength(0);
    await client.connections.list({ limit: 5, search: undefined }, { timeoutMs: 10_000 });
    expect(requests.map(({ url }) => url)).toEqual([`/companies/${client.companyId!}/connections?limit=5`]);
  });
});
