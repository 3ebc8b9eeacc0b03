import { describe, expect, it } from 'vitest';
import { Spartera, type Logger } from '../../src/index.js';
import {
  createObservedClient,
  ok,
  rejectionOf,
  startObservedServer,
  TEST_COMPANY,
  TEST_KEY,
} from '../helpers/observed.js';

describe('withOptions', () => {
  it('changes companyId, timeoutMs, maxRetries, headers and logLevel for the derived client only', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const logger: Logger = { error: log, warn: log, info: log, debug: log };
    const { client, server, requests } = await createObservedClient({
      headers: { 'x-team': 'data' },
      logger,
    });
    server.setHandler(() => ok([]));
    const globex = client.withOptions({
      companyId: 'globex_retail',
      // Longer than the parent's, so a loaded machine cannot time the call out.
      timeoutMs: 120_000,
      maxRetries: 0,
      headers: { 'x-trace-id': 't-1' },
      logLevel: 'debug',
    });
    expect(globex).toBeInstanceOf(Spartera);
    expect([globex.companyId, globex.timeoutMs, globex.maxRetries, globex.logLevel]).toEqual([
      'globex_retail',
      120_000,
      0,
      'debug',
    ]);
    expect([client.companyId, client.timeoutMs, client.maxRetries, client.logLevel]).toEqual([
      TEST_COMPANY,
      60_000,
      2,
      'warn',
    ]);
    await globex.connections.list();
    await client.connections.list();
    expect(requests.map((r) => r.path)).toEqual([
      '/companies/globex_retail/connections',
      `/companies/${TEST_COMPANY}/connections`,
    ]);
    // The derived client adds its headers to the parent's; the key stays the parent's.
    expect(requests[0]!.headers).toMatchObject({
      'x-team': 'data',
      'x-trace-id': 't-1',
      'x-api-key': TEST_KEY,
    });
    expect(requests[1]!.headers['x-trace-id']).toBeUndefined();
    expect(lines).toHaveLength(1);
  });

  it('keeps everything it does not change, and can be derived again', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ok([]));
    const derived = client.withOptions({ headers: { 'x-a': '1' } }).withOptions({ headers: { 'x-b': '2' } });
    expect(derived.baseUrl).toBe(client.baseUrl);
    expect(derived.companyId).toBe(TEST_COMPANY);
    await derived.connections.list();
    expect(requests[0]!.headers).toMatchObject({ 'x-a': '1', 'x-b': '2' });
  });

  it('shares the transport: the same fetch and the same middleware', async () => {
    const server = await startObservedServer();
    server.setHandler(() => ok([]));
    const fetched: string[] = [];
    const hooked: string[] = [];
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      baseUrl: server.url,
      fetch: (url, init) => {
        fetched.push(url);
        return fetch(url, init);
      },
      middleware: [{ onRequest: ({ request }) => void hooked.push(new URL(request.url).pathname) }],
    });
    await client.withOptions({ companyId: 'globex_retail' }).connections.list();
    expect(fetched).toEqual([`${server.url}/companies/globex_retail/connections`]);
    expect(hooked).toEqual(['/companies/globex_retail/connections']);
  });

  it('checks what it is given', async () => {
    const { client } = await createObservedClient();
    expect(() => client.withOptions({ timeoutMs: -1 })).toThrow(/^timeoutMs must be/);
    expect(() => client.withOptions({ companyId: 'a/b' })).toThrow(/^companyId must be/);
    // null does not keep the parent's company (the constructor would fall back to the environment).
    for (const name of ['companyId', 'timeoutMs', 'maxRetries', 'headers', 'logLevel']) {
      expect(() => client.withOptions({ [name]: null })).toThrow(
        `${name} must be a value, or undefined to keep this client's; got null`,
      );
    }
    expect(() => client.withOptions('fast' as never)).toThrow(
      'The options of withOptions must be an object; got a string',
    );
    expect(
      await rejectionOf(Promise.resolve().then(() => client.withOptions({ logLevel: 'loud' as never }))),
    ).toMatchObject({
      message: 'logLevel must be one of off, error, warn, info, debug; got "loud" (a string)',
    });
  });

  it('per-call options still win over a derived client’s', async () => {
    const { client, server, requests } = await createObservedClient();
    server.setHandler(() => ok([]));
    await client
      .withOptions({ companyId: 'globex_retail' })
      .connections.list({}, { companyId: 'initech_health' });
    expect(requests[0]!.path).toBe('/companies/initech_health/connections');
  });
});
