// What a broken or hostile server (or a proxy in front of it) can send: terminal escapes, megabytes
// of message, error bodies without end, the key echoed back. The client stays bounded, keeps secrets
// out and throws the right error, never a hang or an out-of-memory crash. Bodies of 128 MiB and a
// decompression bomb: test/e2e/large-bodies.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type APIError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  Spartera,
  SparteraError,
} from '../../src/index.js';
import {
  createObservedClient,
  endlessFetch,
  recordingLogger,
  rejectionOf,
  TEST_COMPANY,
  TEST_KEY,
} from '../helpers/observed.js';

/** Terminal controls (C0, DEL, C1 with its CSI `\x9b`) and the marks that reorder or hide text. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNSAFE = /[\0-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a hostile server', () => {
  it('cannot put terminal escapes, C1 controls or bidi overrides into messages or log lines', async () => {
    const { lines, logger } = recordingLogger();
    const { client, server } = await createObservedClient({ logLevel: 'debug', logger, maxRetries: 0 });
    server.enqueue({
      status: 404,
      json: { code: 404, message: 'gone \x1b]0;pwned\x07 \x9b2J \u202eevil\u200b' },
      headers: { 'x-request-id': 'req_\x9b31m7' },
    });
    const error = (await rejectionOf(client.connections.get('conn_1'))) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).not.toMatch(UNSAFE);
    expect(error.message).toBe(
      `404 gone ]0;pwned 2J evil (GET /companies/${TEST_COMPANY}/connections/conn_1) (request id: req_ 31m7)`,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(UNSAFE);
    expect(lines[0]).toContain('(request id req_ 31m7)');
  });

  it('cannot make a message megabytes long; the body keeps every word', async () => {
    const { client, server } = await createObservedClient();
    const message = 'bad '.repeat(100_000);
    const errors = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`f${index}`, ['wrong']]));
    server.enqueue({ status: 400, json: { code: 400, message, errors } });
    const error = (await rejectionOf(client.connections.create({ engine_id: 1 }))) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message.length).toBeLessThan(1200);
    expect(error.message).toMatch(/^400 bad bad .*… \(POST \/companies\/acme_analytics\/connections\)$/);
    expect(Object.keys(error.errors)).toHaveLength(5000);
    expect((error.body as { message: string }).message).toBe(message);
  });

  it('an error body without end is read up to 1 MiB, then the error of its status is thrown', async () => {
    const { fetch, pulls } = endlessFetch(502, '<html><title>Bad gateway</title>', '<p>proxy</p>');
    const client = new Spartera({
      apiKey: TEST_KEY,
      companyId: TEST_COMPANY,
      fetch,
      timeoutMs: 0,
      maxRetries: 1,
    });
    const error = (await rejectionOf(client.connections.list())) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/^502 Bad gateway proxy proxy .*…/);
    expect(fetch).toHaveBeenCalledTimes(2); // a 502 is still retried
    expect(pulls.count).toBeLessThan(2 * 40);
  });

  it('a server (or a caching proxy) that ignores the page parameter ends iterate() instead of looping forever', async () => {
    const { client, server, requests } = await createObservedClient();
    const full = Array.from({ length: 10 }, (_, index) => ({
      connection_id: `conn_${index}`,
      name: `c${index}`,
    }));
    server.setHandler(() => ({ json: { message: 'ok', data: full } }));
    let seen = 0;
    const walk = async () => {
      for await (const _ of client.connections.iterate({ limit: 10 })) if (++seen >= 1000) break;
    };
    await expect(walk()).rejects.toThrow(
      new SparteraError('Page 2 repeats the page before: the server ignores `page`'),
    );
    expect(seen).toBe(10);
    expect(requests.map((request) => request.query.get('page'))).toEqual(['1', '2']);
  });

  it('a success body that is not JSON says so, with its content type', async () => {
    const { client, server } = await createObservedClient({ logLevel: 'off' });
    server.enqueue({
      text: '<html><body>Sign in to the Wi-Fi</body></html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = (await rejectionOf(client.connections.get('conn_1'))) as APIError;
    expect(error.message).toBe(
      `200 malformed response, the body is not JSON (text/html), expected an object: Sign in to the Wi-Fi (GET /companies/${TEST_COMPANY}/connections/conn_1)`,
    );
  });

  it('cannot get the key back through the headers of a malformed success', async () => {
    const { client, server } = await createObservedClient({ logLevel: 'off' });
    server.enqueue({ json: { message: 'ok', data: TEST_KEY }, headers: { 'x-echo': TEST_KEY } });
    const error = (await rejectionOf(client.connections.get('conn_1'))) as APIError;
    expect(error.headers.get('x-echo')).toBe('[redacted]');
    expect(JSON.stringify(error)).not.toContain(TEST_KEY);
    expect(error.message).not.toContain(TEST_KEY);
  });
});

describe('setup that could only half work', () => {
  it('withOptions refuses what a derived client shares (a key, a fetch, a base URL)', async () => {
    const { client, requests } = await createObservedClient({ middleware: [{}] });
    for (const options of [
      { apiKey: 'sk_other_1234' },
      { fetch: globalThis.fetch },
      { baseUrl: 'http://x' },
    ]) {
      const name = Object.keys(options)[0] as string;
      expect(() => client.withOptions(options as never)).toThrow(
        new SparteraError(
          `withOptions can change companyId, timeoutMs, maxRetries, headers, logLevel; for another ${name}, create a new Spartera`,
        ),
      );
    }
    // `undefined` keeps the parent's setting, never the environment's.
    vi.stubEnv('SPARTERA_API_KEY', '');
    vi.stubEnv('SPARTERA_COMPANY_ID', 'env_company');
    const derived = client.withOptions({ apiKey: undefined, companyId: undefined, maxRetries: 0 } as never);
    expect([derived.companyId, derived.maxRetries]).toEqual([TEST_COMPANY, 0]);
    expect(requests).toHaveLength(0);
  });

  it('a middleware hook that is not a function is refused by the constructor', () => {
    for (const hooks of [{ onRequest: 'x' }, { onResponse: 1 }, { onError: {} }]) {
      expect(() => new Spartera({ apiKey: TEST_KEY, middleware: [hooks as never] })).toThrow(
        /^middleware must be an array of objects whose onRequest, onResponse and onError are functions; got an array$/,
      );
    }
  });

  it('onRequest returning something else than a Request fails the call clearly, before sending', async () => {
    const { client, requests } = await createObservedClient({
      middleware: [{ onRequest: (() => 'nope') as never }],
    });
    const error = await rejectionOf(client.connections.list());
    expect(error).toEqual(
      new SparteraError("A middleware's onRequest must return nothing or a Request; got string"),
    );
    expect(requests).toHaveLength(0);
  });

  it('onResponse returning something else than a Response fails the call clearly, without retries', async () => {
    const onResponse = vi.fn(() => ({ status: 'ok' }) as never);
    const { client, server, requests } = await createObservedClient({ middleware: [{ onResponse }] });
    server.enqueue({ json: { message: 'ok', data: [] } });
    const error = await rejectionOf(client.connections.list());
    expect(error).toEqual(
      new SparteraError("A middleware's onResponse must return nothing or a Response; got object"),
    );
    expect(onResponse).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(1);
  });

  it('a base URL with spaces around it is trimmed, as the environment variable is', async () => {
    const { server } = await createObservedClient();
    server.enqueue({ json: { message: 'ok', data: [] } });
    const client = new Spartera({ apiKey: TEST_KEY, companyId: TEST_COMPANY, baseUrl: ` ${server.url}/ ` });
    expect(client.baseUrl).toBe(server.url);
    await expect(client.connections.list()).resolves.toEqual([]);
  });

  it('SPARTERA_LOG is read in any case', () => {
    vi.stubEnv('SPARTERA_LOG', 'DEBUG');
    expect(new Spartera({ apiKey: TEST_KEY }).logLevel).toBe('debug');
  });
});
