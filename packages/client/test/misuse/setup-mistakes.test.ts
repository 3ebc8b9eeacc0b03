// Setup mistakes fail at once with a SparteraError naming the setting: no request, no retry.
import { describe, expect, it } from 'vitest';
import { Spartera, SparteraError } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf, startObservedServer, TEST_KEY } from '../helpers/observed.js';

const BASE_URL_RULE =
  'baseUrl must be an http:// or https:// URL without a user name, a password, a query or a fragment';

/** The error `construct` throws, failing the test when it throws none. */
function thrownBy(construct: () => unknown): Error {
  try {
    construct();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('setup mistakes', () => {
  it.each([
    ['a line feed', 'abc\ndef'],
    ['a carriage return', 'abc\r\nX-Injected: 1'],
    ['a NUL', 'abc\0'],
    ['a character beyond Latin-1', 'trace→1'],
  ])('a header value with %s names the header, not its value', (_label, value) => {
    const error = thrownBy(() => new Spartera({ apiKey: TEST_KEY, headers: { 'x-trace-id': value } }));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toBe(
      'Header "x-trace-id" needs a token name and a Latin-1 value without line breaks',
    );
    expect(error.message).not.toContain(value);
  });

  it('a per-call header with a line break rejects before any request', async () => {
    const { client, requests } = await createObservedClient();
    const error = await rejectionOf(client.connections.list({}, { headers: { 'x-trace-id': 'a\r\nb' } }));
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toMatch(/^Header "x-trace-id"/);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['a flat list', ['x-team', 'data']],
    ['a pair without its value', [['x-team']]],
    ['a triple', [['x-team', 'data', 'extra']]],
    ['a list of strings', ['ab']],
  ])('headers given as %s are refused rather than sent as other headers', (_label, headers) => {
    const error = thrownBy(() => new Spartera({ apiKey: TEST_KEY, headers: headers as never }));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toBe('headers must be an object, a Headers, a Map or [name, value] pairs');
  });

  it('a header name that is not a token is refused', () => {
    expect(() => new Spartera({ apiKey: TEST_KEY, headers: { 'x trace': 'v' } })).toThrow(
      /^Header "x trace"/,
    );
  });

  it.each([
    ['Cyrillic', 'ключ_api_123'],
    ['an emoji', 'sk_test_🔑'],
    ['a line break', `${TEST_KEY}\n`],
    ['a space', 'sk test'],
  ])('an API key with %s is refused without being echoed', (_label, apiKey) => {
    const error = thrownBy(() => new Spartera({ apiKey }));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toBe('apiKey must be printable Latin-1 characters, without spaces or line breaks');
  });

  it.each([
    ['localhost:4010', 'localhost:4010'],
    ['ftp://x', 'ftp://x'],
    ['api.spartera.com', 'api.spartera.com'],
    // A query or a fragment may hold a token: it is not shown.
    ['https://api.spartera.com/?region=eu', 'https://api.spartera.com/?***'],
    ['https://api.spartera.com/#top', 'https://api.spartera.com/#***'],
    ['https://api.spartera.com?', 'https://api.spartera.com?'],
  ])('baseUrl %j is refused, naming baseUrl and what it got', (baseUrl, shown) => {
    const error = thrownBy(() => new Spartera({ apiKey: TEST_KEY, baseUrl }));
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toBe(`${BASE_URL_RULE}; got ${JSON.stringify(shown)} (a string)`);
  });

  it('a baseUrl with the key in its query or fragment is refused without showing it', () => {
    for (const baseUrl of [`https://p.io/?k=${TEST_KEY}`, `https://p.io/#${TEST_KEY}`]) {
      const error = thrownBy(() => new Spartera({ apiKey: TEST_KEY, baseUrl }));
      expect(error).toBeInstanceOf(SparteraError);
      expect(String(error.stack)).not.toContain(TEST_KEY.slice(0, 8));
    }
  });

  it('a baseUrl with user:password@ is refused and the password never shown', () => {
    const error = thrownBy(
      () => new Spartera({ apiKey: TEST_KEY, baseUrl: 'https://ada:hunter2-secret@api.spartera.com' }),
    );
    expect(error).toBeInstanceOf(SparteraError);
    expect(error.message).toBe(`${BASE_URL_RULE}; got "https://***@api.spartera.com" (a string)`);
    expect(String(error.stack)).not.toContain('hunter2');
  });

  it('a baseUrl from SPARTERA_API_BASE_URL is checked the same way', () => {
    process.env.SPARTERA_API_BASE_URL = 'localhost:4010';
    try {
      expect(() => new Spartera({ apiKey: TEST_KEY })).toThrow(BASE_URL_RULE);
    } finally {
      delete process.env.SPARTERA_API_BASE_URL;
    }
  });

  it('headers as a Headers or a Map are sent, lower-cased, and the key stays the client’s', async () => {
    const server = await startObservedServer();
    server.setHandler(() => ok([]));
    const viaHeaders = new Spartera({
      apiKey: TEST_KEY,
      companyId: 'acme_analytics',
      baseUrl: server.url,
      headers: new Headers({ 'X-Team': 'data', 'X-Api-Key': 'other' }),
    });
    const viaMap = new Spartera({
      apiKey: TEST_KEY,
      companyId: 'acme_analytics',
      baseUrl: server.url,
      headers: new Map([['X-Team', 'growth']]),
    });
    await viaHeaders.connections.list();
    await viaMap.connections.list({}, { headers: new Headers({ 'x-call': '1' }) });
    expect(server.requests.map((r) => r.headers['x-team'])).toEqual(['data', 'growth']);
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([TEST_KEY, TEST_KEY]);
    expect(server.requests[1]!.headers['x-call']).toBe('1');
  });

  it.each([
    [{ headers: 'x-team: data' }, /^headers must be an object, a Headers or a Map; got a string$/],
    [{ fetch: 'fetch' }, /^fetch must be a function; got "fetch" \(a string\)/],
    [{ maxRetries: 11 }, /^maxRetries must be a whole number from 0 to 10; got 11 \(a number\)/],
    [{ companyId: 'acme analytics' }, /^companyId must be 1 to 255 letters/],
    [{ logLevel: 'verbose' }, /^logLevel must be one of off, error, warn, info, debug; got "verbose"/],
    [{ logger: {} }, /^logger must be an object with error, warn, info and debug methods/],
    [{ middleware: {} }, /^middleware must be an array/],
  ])('refuses %o at construction', (options, message) => {
    expect(() => new Spartera({ apiKey: TEST_KEY, ...(options as object) })).toThrow(message);
  });

  it('nothing is retried: the mistake is thrown before any attempt', async () => {
    const { client, requests } = await createObservedClient({ maxRetries: 5 });
    await rejectionOf(client.connections.get('conn_1', { headers: { 'x-a': 'b\nc' } }));
    await rejectionOf(client.connections.get('conn_1', { timeoutMs: -1 }));
    expect(requests).toHaveLength(0);
  });
});
