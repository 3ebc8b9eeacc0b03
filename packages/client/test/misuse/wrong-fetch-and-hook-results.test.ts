import { describe, expect, it } from 'vitest';
import { APIConnectionError, SparteraError, type FetchLike, type Middleware } from '../../src/index.js';
import { createObservedClient, ok, rejectionOf } from '../helpers/observed.js';

/**
 * A `fetch` option or a hook that hands back something other than a `Response` or a `Request` is
 * a mistake in the caller's code: the call says so at once, naming the option, rather than
 * retrying it as a network error or failing on a `TypeError` about the client's own variables.
 */
describe('a fetch option or a hook that returns the wrong thing', () => {
  const notResponses: [string, unknown, string][] = [
    ['undefined', undefined, 'got undefined'],
    ['a number', 42, 'got number'],
    ['an object without headers', { status: 200, text: () => Promise.resolve('{"data":[]}') }, 'got object'],
  ];
  for (const [name, value, said] of notResponses) {
    it(`a fetch that resolves with ${name} rejects with a SparteraError, never retried`, async () => {
      let calls = 0;
      const fetch = (() => {
        calls++;
        return Promise.resolve(value);
      }) as unknown as FetchLike;
      const { client } = await createObservedClient({ fetch, maxRetries: 3 });
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(SparteraError);
      expect(error).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toBe(`The fetch option must return a Response; got ${said.slice(4)}`);
      expect(calls).toBe(1);
    });
  }

  it('a fetch that throws instead of rejecting is a connection error, retried like a rejection', async () => {
    for (const middleware of [[], [{ onRequest: () => undefined }]]) {
      let calls = 0;
      const fetch = (() => {
        calls++;
        throw new TypeError('getaddrinfo from a polyfill');
      }) as unknown as FetchLike;
      const { client } = await createObservedClient({ fetch, maxRetries: 2, middleware });
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(
        /^Connection error: getaddrinfo from a polyfill from 127\.0\.0\.1:\d+ /,
      );
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(calls).toBe(3);
    }
  });

  it('a fetch that throws an object whose properties cannot be read still fails as a connection error', async () => {
    // Reading the cause's code threw inside the rejection handler: the call never settled (with no
    // timeout) and the process got an unhandled rejection.
    const unreadable = [
      {
        get code(): string {
          throw new Error('a getter that throws');
        },
      },
      (() => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      })(),
    ];
    for (const thrown of unreadable) {
      let calls = 0;
      const fetch = (() => {
        calls++;
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw thrown;
      }) as unknown as FetchLike;
      const { client } = await createObservedClient({ fetch, maxRetries: 1, timeoutMs: 0 });
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/^Connection error: no response from 127\.0\.0\.1:\d+ /);
      expect(calls).toBe(2);
    }
  });

  it('an onRequest that returns an object with a url but no headers is named, not a TypeError', async () => {
    const returnsUrl = { onRequest: () => ({ url: 'http://127.0.0.1/' }) } as unknown as Middleware;
    const { client, requests } = await createObservedClient({ middleware: [returnsUrl] });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(SparteraError);
    expect((error as Error).message).toBe(
      "A middleware's onRequest must return nothing or a Request; got object",
    );
    expect(requests).toHaveLength(0);
  });

  it("a connection error after onRequest sent the request elsewhere names that request's host", async () => {
    // Port 1 of loopback refuses connections.
    const elsewhere: Middleware = {
      onRequest: ({ request }) => new Request(request.url.replace(/:\d+\//, ':1/'), request),
    };
    const { client } = await createObservedClient({ maxRetries: 0, middleware: [elsewhere] });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain('from 127.0.0.1:1 ');
  });
});

/**
 * A logging hook often reads the body and hands back the response it was given. That response is
 * the client's own copy: the call goes on with the text the client already holds, once, rather
 * than failing on "Body is unusable" as a network error, retried.
 */
describe('an onResponse hook that reads the body', () => {
  it('and returns the response it was given: the call resolves, with one request', async () => {
    const bodies: string[] = [];
    const logging: Middleware = {
      async onResponse({ response }) {
        bodies.push(await response.text());
        return response;
      },
    };
    const { client, server, requests } = await createObservedClient({ middleware: [logging], maxRetries: 2 });
    server.enqueue(ok([{ connection_id: 'conn_1' }]));
    await expect(client.connections.list()).resolves.toEqual([{ connection_id: 'conn_1' }]);
    expect(requests).toHaveLength(1);
    expect(bodies).toHaveLength(1);
  });

  it('and returns another response already read: a SparteraError saying so, never retried', async () => {
    const readElsewhere: Middleware = {
      async onResponse() {
        const other = new Response('{"data":[]}');
        await other.text();
        return other;
      },
    };
    const { client, server, requests } = await createObservedClient({
      middleware: [readElsewhere],
      maxRetries: 2,
    });
    server.setHandler(() => ok([]));
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(SparteraError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(
      "A middleware's onResponse must return nothing or a Response whose body is unread; return response.clone()",
    );
    expect(requests).toHaveLength(1);
  });
});
