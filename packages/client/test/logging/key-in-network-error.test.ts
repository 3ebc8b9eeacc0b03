import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, type FetchLike } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import {
  createObservedClient,
  recordingLogger,
  rejectionOf,
  TEST_COMPANY,
  TEST_KEY,
} from '../helpers/observed.js';

/**
 * A `fetch` wrapper or a proxy agent may quote the request's headers in the error it throws. The
 * client builds its connection error's message and its log lines from that error: the key must be
 * cut out of both, as it is out of a server's answer.
 */
describe('a network error that quotes the API key', () => {
  const quoting: [string, FetchLike][] = [
    [
      'in the message of its cause',
      (_url, init) =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: new Error(`proxy refused the headers ${JSON.stringify(init.headers)}`),
          }),
        ),
    ],
    [
      'in its code',
      (_url, init) =>
        Promise.reject(
          Object.assign(new Error('refused'), {
            code: `E_KEY_${(init.headers as Record<string, string>)['x-api-key'] ?? ''}`,
          }),
        ),
    ],
  ];
  for (const [where, fetch] of quoting) {
    it(`${where} leaves it out of the error's message and every log line`, async () => {
      const { lines, logger } = recordingLogger();
      const { client } = await createObservedClient({ fetch, maxRetries: 1, logLevel: 'debug', logger });
      const error = await rejectionOf(client.connections.list({}, { timeoutMs: 0 }));
      expect(error).toBeInstanceOf(APIConnectionError);
      const { message, stack } = error as Error;
      expect(message).toContain('[redacted]');
      expect(message).not.toContain(TEST_KEY);
      expect(stack).not.toContain(TEST_KEY);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toContain(TEST_KEY);
      expect(lines.join('\n')).toContain('[redacted]');
    });
  }
});

describe('a network error whose long message quotes the API key twice', () => {
  it('keeps no start of the key where the message is shortened', async () => {
    // The message is shortened to 200 characters: cut before the key is taken out, the cut could
    // leave the start of the second copy, no longer the whole key and so not recognised.
    for (let before = 150; before < 200; before += 7) {
      const { lines, logger } = recordingLogger();
      const fetch: FetchLike = () => Promise.reject(new Error(`${'x'.repeat(before)}${TEST_KEY}${TEST_KEY}`));
      const { client } = await createObservedClient({ fetch, maxRetries: 0, logLevel: 'debug', logger });
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APIConnectionError);
      for (const text of [(error as Error).message, ...lines]) {
        expect(text).not.toContain(TEST_KEY.slice(0, 8));
      }
    }
  });
});

describe('a fetch that throws or rejects with a string', () => {
  it('names that string as the cause, without the key', async () => {
    // What a polyfill or a wrapper throws or rejects with is not always an Error.
    const thrown = (init: RequestInit) => `ECONNRESET from a polyfill (${JSON.stringify(init.headers)})`;
    for (const fetch of [
      ((_url, init) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw thrown(init);
      }) as FetchLike,
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      ((_url, init) => Promise.reject(thrown(init))) as FetchLike,
    ]) {
      const { lines, logger } = recordingLogger();
      const { client } = await createObservedClient({ fetch, maxRetries: 1, logLevel: 'debug', logger });
      const error = await rejectionOf(client.connections.list({}, { timeoutMs: 0 }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(
        /^Connection error: ECONNRESET from a polyfill \(.*\[redacted\]/,
      );
      expect((error as Error).message).not.toContain(TEST_KEY);
      expect(lines.join('\n')).toContain('failed (ECONNRESET from a polyfill');
      for (const line of lines) expect(line).not.toContain(TEST_KEY);
    }
  });
});

describe("a network error's cause, as console.error prints it", () => {
  const printed = (error: unknown) => inspect(error, { depth: Infinity, showHidden: true });
  const failWith =
    (make: (headers: Record<string, string>) => unknown): FetchLike =>
    (_url, init) =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject(make(init.headers as Record<string, string>));

  it('holds no API key wherever the thrown error quoted it, and keeps its codes', async () => {
    const quoting: [string, FetchLike][] = [
      [
        'a nested cause',
        failWith(
          (headers) =>
            new TypeError('fetch failed', {
              cause: Object.assign(new Error(`refused ${JSON.stringify(headers)}`), {
                code: 'ECONNREFUSED',
                errno: -111,
              }),
            }),
        ),
      ],
      [
        'an object property',
        failWith((headers) => Object.assign(new Error('proxy said no'), { config: { headers } })),
      ],
      [
        'a Map',
        failWith((headers) =>
          Object.assign(new Error('proxy said no'), { sent: new Map(Object.entries(headers)) }),
        ),
      ],
      [
        'a Headers',
        failWith((headers) => Object.assign(new Error('proxy said no'), { sent: new Headers(headers) })),
      ],
      [
        'the stack only',
        failWith((headers) =>
          Object.assign(new Error('proxy said no'), { stack: `Error: ${headers['x-api-key']}` }),
        ),
      ],
    ];
    for (const [where, fetch] of quoting) {
      const { client } = await createObservedClient({ fetch, maxRetries: 0 });
      const error = await rejectionOf(client.connections.list());
      expect(error, where).toBeInstanceOf(APIConnectionError);
      expect(printed(error), where).not.toContain(TEST_KEY);
      expect(JSON.stringify(error), where).not.toContain(TEST_KEY);
      expect((error as Error).cause, where).toBeInstanceOf(Error);
    }
    const { client } = await createObservedClient({ fetch: quoting[0]![1], maxRetries: 0 });
    const cause = ((await rejectionOf(client.connections.list())) as Error).cause as Error;
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed');
    const inner = cause.cause as Error & { code: string; errno: number };
    expect([inner.code, inner.errno]).toEqual(['ECONNREFUSED', -111]);
    expect(inner.message).toContain('"x-api-key":"[redacted]"');
  });

  it('is the very error thrown when it does not quote the key', async () => {
    const thrown = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const { client } = await createObservedClient({ fetch: () => Promise.reject(thrown), maxRetries: 0 });
    expect(((await rejectionOf(client.connections.list())) as Error).cause).toBe(thrown);
  });
});

describe('a network error whose cause hides the API key where a search of its properties does not look', () => {
  const printed = (error: unknown) => inspect(error, { depth: Infinity, showHidden: true, getters: true });
  const failWith =
    (make: (key: string) => unknown): FetchLike =>
    (_url, init) =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      Promise.reject(make((init.headers as Record<string, string>)['x-api-key'] ?? ''));
  // `Object.assign` reads a getter of `extra`: the getters are defined on the error itself below.
  const fails = (extra: (key: string) => object) =>
    failWith((key) => Object.assign(new Error('proxy said no'), { code: 'EPROXY' }, extra(key)));
  const nested = (levels: number, value: string): unknown =>
    levels ? { inner: nested(levels - 1, value) } : { value };

  // Each of these is printed in full by `util.inspect` (and so `console.error`), key included.
  const hiding: [string, FetchLike][] = [
    ['deeper than the search goes', fails((key) => ({ config: nested(12, key) }))],
    ['in a Set', fails((key) => ({ sent: new Set([key]) }))],
    ['in a property of a Map', fails((key) => ({ sent: Object.assign(new Map(), { key }) }))],
    ['in a URL', fails((key) => ({ url: new URL(`https://proxy.example/?key=${key}`) }))],
    ['in a boxed string', fails((key) => ({ key: Object(key) as object }))],
    ['in a resolved Promise', fails((key) => ({ pending: Promise.resolve(key) }))],
    ['in a function', fails((key) => ({ retry: Object.assign(() => 0, { key }) }))],
    ['as a property name', fails((key) => ({ [key]: true }))],
    ['as a symbol property name', fails((key) => ({ [Symbol(key)]: true, note: key }))],
    ['in a symbol', fails((key) => ({ tag: Symbol(key), note: key }))],
    [
      'behind a getter',
      failWith((key) =>
        Object.defineProperty(new Error('proxy said no'), 'key', { get: () => key, enumerable: true }),
      ),
    ],
    [
      'in a stack that is a getter, as in Node 21 on',
      failWith((key) =>
        Object.defineProperty(new Error('proxy said no'), 'stack', {
          get: () => `Error: ${key}`,
          configurable: true,
        }),
      ),
    ],
    [
      'in its own way of being printed',
      fails((key) => ({ [Symbol.for('nodejs.util.inspect.custom')]: () => key })),
    ],
    [
      'in the errors of an AggregateError',
      failWith((key) => new AggregateError([new Error('v4'), new Error(`v6 ${key}`)], 'all attempts failed')),
    ],
    ['in a Response it holds', fails((key) => ({ response: new Response(key, { headers: { echo: key } }) }))],
    [
      'in a frozen error that holds itself',
      failWith((key) => {
        const error = Object.assign(new Error('loop'), { sent: { key } });
        return Object.freeze(Object.assign(error, { self: error, cause: error }));
      }),
    ],
    [
      "in a message its class's getter gives, as Bun's DOMException does",
      failWith((key) => {
        class ProxyRefused extends Error {
          override get message() {
            return `refused ${key}`;
          }
        }
        return Object.defineProperty(new ProxyRefused(), 'stack', { value: 'ProxyRefused\n    at x' });
      }),
    ],
    [
      'in a message that is not a string',
      failWith((key) => ({ message: { toString: () => key }, note: key })),
    ],
  ];
  for (const [where, fetch] of hiding) {
    it(`keeps it out of the printed error: ${where}`, async () => {
      const { lines, logger } = recordingLogger();
      const { client } = await createObservedClient({ fetch, maxRetries: 0, logLevel: 'debug', logger });
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(printed(error)).not.toContain(TEST_KEY);
      expect(String(error)).not.toContain(TEST_KEY);
      expect(JSON.stringify(error)).not.toContain(TEST_KEY);
      // What a handler logging `error.cause.message` or `String(error.cause)` prints.
      const { cause } = error as { cause?: Error };
      expect(`${String(cause)} ${cause?.message}`).not.toContain(TEST_KEY);
      for (const line of lines) expect(line).not.toContain(TEST_KEY);
    });
  }

  it('keeps what the copy can keep: the name, a redacted message and the primitive codes', async () => {
    const fetch = fails((key) => ({ sent: new Set([key]), errno: -111, fatal: false }));
    const { client } = await createObservedClient({ fetch, maxRetries: 0 });
    const cause = ((await rejectionOf(client.connections.list())) as Error).cause as Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    expect([cause.message, cause.code, cause.errno, cause.fatal, cause.sent]).toEqual([
      'proxy said no',
      'EPROXY',
      -111,
      false,
      undefined,
    ]);
  });

  it('is still the very error thrown when it is an ordinary error chain without the key', async () => {
    const thrown = new TypeError('fetch failed', {
      cause: new AggregateError(
        [Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED', port: 443 })],
        'all failed',
      ),
    });
    const { client } = await createObservedClient({ fetch: () => Promise.reject(thrown), maxRetries: 0 });
    expect(((await rejectionOf(client.connections.list())) as Error).cause).toBe(thrown);
  });
});

describe("a network error that quotes the request's body", () => {
  // A connection's credentials (a service account's private key) are as secret as the API key: a
  // `fetch` wrapper that puts the body it failed to send in its error must not get them printed.
  const credentials = '{"type":"service_account","private_key":"PK-secret-123"}';
  const printed = (error: unknown) => inspect(error, { depth: Infinity, showHidden: true });
  const quotingBody: [string, (init: RequestInit) => unknown][] = [
    ['in its message', (init) => new Error(`could not send ${init.body as string}`)],
    [
      'in an object it holds',
      (init) => Object.assign(new Error('could not send'), { config: { data: init.body } }),
    ],
  ];
  for (const [where, make] of quotingBody) {
    it(`leaves a create's credentials out of the error and the log lines: ${where}`, async () => {
      const { lines, logger } = recordingLogger();
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const fetch: FetchLike = (_url, init) => Promise.reject(make(init));
      const { client } = await createObservedClient({ fetch, logLevel: 'debug', logger });
      const raw = createRawClient(client);
      for (const call of [
        () => client.connections.create({ engine_id: 1, name: 'warehouse', credentials }),
        () => client.connections.update('conn_1', { credentials }),
        () =>
          raw.POST('/companies/{company_id}/connections', {
            params: { path: { company_id: TEST_COMPANY } },
            body: { company_id: TEST_COMPANY, engine_id: 1, name: 'warehouse', credentials },
          }),
      ]) {
        const error = await rejectionOf(call());
        expect(error).toBeInstanceOf(APIConnectionError);
        for (const text of [printed(error), String(error), JSON.stringify(error)]) {
          expect(text).not.toContain('PK-secret-123');
        }
      }
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toContain('PK-secret-123');
    });
  }
});

describe("a network error that quotes a proxy's token given as a header", () => {
  it('leaves the token out of the error and the log lines, whole or after its scheme', async () => {
    const { lines, logger } = recordingLogger();
    const fetch: FetchLike = (_url, init) => {
      const headers = init.headers as Record<string, string>;
      return Promise.reject(
        Object.assign(new Error(`proxy refused ${JSON.stringify(headers)}`), {
          token: headers['proxy-authorization']?.split(' ')[1],
        }),
      );
    };
    const { client } = await createObservedClient({
      fetch,
      logLevel: 'debug',
      logger,
      maxRetries: 0,
      headers: { 'proxy-authorization': 'Bearer pxy-token-77', cookie: 'session=cookie-secret-1' },
    });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    const printed = inspect(error, { depth: Infinity, showHidden: true });
    for (const text of [printed, String(error), ...lines]) {
      expect(text).not.toContain('pxy-token-77');
      expect(text).not.toContain('cookie-secret-1');
    }
    expect(printed).toContain('"proxy-authorization":"[redacted]"');
  });
});
