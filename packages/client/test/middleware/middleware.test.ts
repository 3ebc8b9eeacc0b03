import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { APIConnectionError, APITimeoutError, NotFoundError, type Middleware } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { createObservedClient, ok, rejectionOf, TEST_COMPANY, TEST_KEY } from '../helpers/observed.js';

const unavailable = {
  status: 503,
  json: { code: 503, message: 'Unavailable' },
  headers: { 'retry-after': '0' },
};

describe('middleware', () => {
  it('method calls and raw calls both go through it, every attempt included', async () => {
    const seen: string[] = [];
    const tracing: Middleware = {
      onRequest({ request, attempt }) {
        request.headers.set('traceparent', `00-trace-${attempt}`);
        seen.push(`request ${request.method} ${new URL(request.url).pathname} #${attempt}`);
      },
      onResponse({ response, attempt }) {
        seen.push(`response ${response.status} #${attempt}`);
      },
    };
    const { client, server, requests } = await createObservedClient({ middleware: [tracing] });
    server.enqueue(unavailable, ok([]), ok([]));
    await client.connections.list();
    await createRawClient(client).GET('/cloud-providers');
    expect(seen).toEqual([
      `request GET /companies/${TEST_COMPANY}/connections #1`,
      'response 503 #1',
      `request GET /companies/${TEST_COMPANY}/connections #2`,
      'response 200 #2',
      'request GET /cloud-providers #1',
      'response 200 #1',
    ]);
    expect(requests.map((r) => r.headers.traceparent)).toEqual(['00-trace-1', '00-trace-2', '00-trace-1']);
  });

  it('runs onRequest in list order and onResponse in reverse', async () => {
    const order: string[] = [];
    const named = (name: string): Middleware => ({
      onRequest: () => void order.push(`${name}.onRequest`),
      onResponse: () => void order.push(`${name}.onResponse`),
    });
    const { client, server } = await createObservedClient({ middleware: [named('outer'), named('inner')] });
    server.enqueue(ok([]));
    await client.connections.list();
    expect(order).toEqual(['outer.onRequest', 'inner.onRequest', 'inner.onResponse', 'outer.onResponse']);
  });

  it('onResponse reads the body and may replace the response; the client reads what it returns', async () => {
    const bodies: unknown[] = [];
    const { client, server } = await createObservedClient({
      middleware: [
        {
          async onResponse({ response }) {
            bodies.push(await response.json());
            return new Response(JSON.stringify({ message: 'rewritten', data: [] }), { status: 200 });
          },
        },
      ],
    });
    server.enqueue(ok([{ connection_id: 'c', company_id: TEST_COMPANY, engine_id: 1 }]));
    const { data, message } = await client.connections.list().withResponse();
    expect(bodies).toEqual([
      { message: 'OK', data: [{ connection_id: 'c', company_id: TEST_COMPANY, engine_id: 1 }] },
    ]);
    expect(data).toEqual([]);
    expect(message).toBe('rewritten');
  });

  it('onRequest may return another Request; the key is always the client’s', async () => {
    const { client, server, requests } = await createObservedClient({
      middleware: [
        {
          onRequest: ({ request }) =>
            new Request(request, {
              headers: { ...Object.fromEntries(request.headers), 'x-api-key': 'stolen', 'x-added': '1' },
            }),
        },
      ],
    });
    server.enqueue(ok({ connection_id: 'conn_new' }));
    await client.connections.create({ engine_id: 1, name: 'n' });
    expect(requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
    expect(requests[0]!.headers['x-added']).toBe('1');
    expect(requests[0]!.json).toEqual({ engine_id: 1, name: 'n', company_id: TEST_COMPANY });
  });

  it('onError sees each attempt that got no response', async () => {
    const errors: unknown[] = [];
    const { client, server } = await createObservedClient({
      maxRetries: 1,
      middleware: [{ onError: ({ error, attempt }) => void errors.push([attempt, error]) }],
    });
    server.enqueue({ destroy: true }, { destroy: true });
    const thrown = await rejectionOf(client.connections.list());
    expect(thrown).toBeInstanceOf(APIConnectionError);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toEqual([2, thrown]);
  });

  it('a Response from onResponse whose body cannot be read leaves the attempt without a response: retried', async () => {
    let attempts = 0;
    const { client, server, requests } = await createObservedClient({
      maxRetries: 1,
      middleware: [
        {
          onResponse: ({ attempt }) => {
            attempts = attempt;
            if (attempt > 1) return;
            const broken = new ReadableStream({
              pull(controller) {
                controller.error(new Error('replacement body broke'));
              },
            });
            return new Response(broken, { status: 200 });
          },
        },
      ],
    });
    server.enqueue(ok([]), ok([{ connection_id: 'c', company_id: TEST_COMPANY, engine_id: 1 }]));
    await expect(client.connections.list()).resolves.toEqual([
      { connection_id: 'c', company_id: TEST_COMPANY, engine_id: 1 },
    ]);
    expect(attempts).toBe(2);
    expect(requests).toHaveLength(2);
  });

  it('a hook that throws fails the call with its own error, not retried', async () => {
    const bug = new TypeError('hook bug');
    const { client, requests } = await createObservedClient({
      middleware: [
        {
          onRequest: () => {
            throw bug;
          },
        },
      ],
    });
    await expect(client.connections.list()).rejects.toBe(bug);
    expect(requests).toHaveLength(0);
  });

  it('HTTP errors still become their classes', async () => {
    const statuses: number[] = [];
    const { client, server } = await createObservedClient({
      middleware: [{ onResponse: ({ response }) => void statuses.push(response.status) }],
    });
    server.enqueue({ status: 404, json: { code: 404, message: 'Resource not found' } });
    await expect(client.connections.get('conn_1')).rejects.toBeInstanceOf(NotFoundError);
    expect(statuses).toEqual([404]);
  });
});

describe('a hook that never settles', () => {
  const never = () => new Promise<never>(() => undefined);

  it("does not hold the call past the caller's abort", async () => {
    const { client } = await createObservedClient({ maxRetries: 0, middleware: [{ onRequest: never }] });
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
    controller.abort(new Error('the user moved on'));
    await expect(call).rejects.toThrow('the user moved on');
  });

  it("an onError hook does not hold the call past the caller's abort", async () => {
    const called: string[] = [];
    const { client, server } = await createObservedClient({
      maxRetries: 0,
      middleware: [
        { onError: () => void called.push('outer') },
        {
          onError: () => {
            called.push('inner');
            return never();
          },
        },
      ],
    });
    server.setHandler(() => ({ hang: true }));
    const controller = new AbortController();
    const call = client.connections.list({}, { signal: controller.signal, timeoutMs: 0 });
    await vi.waitFor(() => {
      expect(server.requests.length).toBe(1);
    });
    controller.abort(new Error('the user moved on'));
    await expect(call).rejects.toThrow('the user moved on');
    expect(called).toEqual(['inner']);
  });

  it('does not hold the call past its timeout, onRequest or onResponse', async () => {
    for (const hooks of [{ onRequest: never }, { onResponse: never }]) {
      const { client, server } = await createObservedClient({
        maxRetries: 0,
        timeoutMs: 100,
        middleware: [hooks],
      });
      server.enqueue(ok([]));
      const error = await rejectionOf(client.connections.list());
      expect(error).toBeInstanceOf(APITimeoutError);
      expect((error as Error).message).toBe(
        `Request timed out after 100 ms (GET /companies/${TEST_COMPANY}/connections)`,
      );
    }
  });

  it('an onError hook does not hold the call past its timeout: the call fails with the error the hooks saw', async () => {
    const seen: unknown[] = [];
    const { client, server } = await createObservedClient({
      maxRetries: 0,
      timeoutMs: 200,
      middleware: [
        {
          onError: ({ error }) => {
            seen.push(error);
            return never();
          },
        },
      ],
    });
    server.enqueue({ destroy: true });
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(seen).toEqual([error]);
  });

  it('an onError hook told of a timeout does not hold the call: it rejects with that timeout', async () => {
    const seen: unknown[] = [];
    const { client, server } = await createObservedClient({
      maxRetries: 0,
      timeoutMs: 100,
      middleware: [
        {
          onError: ({ error }) => {
            seen.push(error);
            return never();
          },
        },
      ],
    });
    server.setHandler(() => ({ hang: true }));
    const error = await rejectionOf(client.connections.list());
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(seen).toEqual([error]);
  });

  it('an onError hook that never settles lets the retries go on, each attempt seen', async () => {
    const attempts: number[] = [];
    const { client, server, requests } = await createObservedClient({
      maxRetries: 1,
      timeoutMs: 150,
      middleware: [
        {
          onError: ({ attempt }) => {
            attempts.push(attempt);
            return never();
          },
        },
      ],
    });
    server.enqueue({ destroy: true }, ok([]));
    await expect(client.connections.list()).resolves.toEqual([]);
    expect(attempts).toEqual([1]);
    expect(requests).toHaveLength(2);
  });

  it("a Request from onRequest whose body never ends does not hold the call past its timeout or the caller's abort", async () => {
    const endless = ({ request }: { request: Request }) =>
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: new ReadableStream({ pull: () => never() }),
        duplex: 'half',
      } as RequestInit);
    const timed = await createObservedClient({
      maxRetries: 0,
      timeoutMs: 100,
      middleware: [{ onRequest: endless }],
    });
    const error = await rejectionOf(timed.client.connections.create({ engine_id: 1 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(timed.requests).toHaveLength(0);

    const aborted = await createObservedClient({
      maxRetries: 0,
      timeoutMs: 0,
      middleware: [{ onRequest: endless }],
    });
    const controller = new AbortController();
    const call = aborted.client.connections.create({ engine_id: 1 }, { signal: controller.signal });
    setTimeout(() => {
      controller.abort(new Error('the user moved on'));
    }, 20);
    await expect(call).rejects.toThrow('the user moved on');
  });

  it('a hook that throws still rejects with its own error', async () => {
    const { client } = await createObservedClient({
      maxRetries: 0,
      middleware: [
        {
          onRequest: () => {
            throw new RangeError('hook bug');
          },
        },
      ],
    });
    await expect(client.connections.list()).rejects.toThrow(RangeError);
  });
});

describe('a hook that logs or throws the request it sees', () => {
  it('cannot show the API key, which is still sent', async () => {
    const printed: string[] = [];
    const show = (request: Request) =>
      printed.push(inspect(request, { depth: Infinity }), JSON.stringify([...request.headers]));
    const { client, server, requests } = await createObservedClient({
      maxRetries: 0,
      middleware: [
        {
          onRequest: ({ request }) => void show(request),
          onResponse: ({ request }) => void show(request),
          onError: ({ request }) => {
            show(request);
            throw new Error(`no answer to ${JSON.stringify(Object.fromEntries(request.headers))}`);
          },
        },
      ],
    });
    server.enqueue(ok([]), { destroy: true });
    await client.connections.list();
    const thrown = await rejectionOf(client.connections.list());
    expect(requests.map(({ headers }) => headers['x-api-key'])).toEqual([TEST_KEY, TEST_KEY]);
    expect(printed).toHaveLength(8);
    for (const text of [...printed, inspect(thrown)]) expect(text).not.toContain(TEST_KEY);
    expect(printed.join('\n')).toContain('user-agent');
  });

  it("cannot show it through the raw client's own middleware either, which still sends it", async () => {
    const { client, server, requests } = await createObservedClient();
    server.enqueue(ok([]));
    const raw = createRawClient(client);
    const printed: string[] = [];
    raw.use({
      onRequest: ({ request }) => {
        printed.push(inspect(request, { depth: Infinity }), JSON.stringify([...request.headers]));
        return undefined;
      },
    });
    await raw.GET('/cloud-providers');
    expect(requests[0]!.headers['x-api-key']).toBe(TEST_KEY);
    expect(printed.join('\n')).toContain('accept');
    for (const text of printed) expect(text).not.toContain(TEST_KEY);
  });
});
