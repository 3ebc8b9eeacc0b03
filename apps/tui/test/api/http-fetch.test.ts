import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { APITimeoutError, NotFoundError, Spartera } from '@spartera/client';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetch } from '../../src/api/http-fetch.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

/** A loopback server answering with `handler`, after reading the whole request body. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      handler(request, response, body);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback TCP server that writes `answer` (raw HTTP) once a request's first bytes arrive. */
async function serveRaw(answer: string): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => socket.write(answer));
  });
  // Closed with the others: its sockets first, or close would wait for them.
  servers.push(
    Object.assign(server, {
      closeAllConnections: () => {
        for (const socket of sockets) socket.destroy();
      },
    }) as unknown as Server,
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A fallback that fails the test if it is ever used. */
const noFallback = () => Promise.reject(new Error('the global fetch was used'));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the app’s fetch over node:http', () => {
  it('sends the method, headers and body, and reads the status, headers and body back', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const base = await serve((request, response, body) => {
      seen = { method: request.method, headers: request.headers, body };
      response.writeHead(201, 'Made', { 'content-type': 'application/json', 'X-Request-Id': 'req_1' });
      response.end('{"ok":true,"name":"Ünïcødé"}');
    });
    const fetch = createHttpFetch(noFallback);
    const response = await fetch(`${base}/things?a=1`, {
      method: 'post',
      headers: { 'x-api-key': 'secret-key', 'content-type': 'application/json' },
      body: '{"name":"é"}',
    });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.['x-api-key']).toBe('secret-key');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength('{"name":"é"}')));
    expect(seen.body).toBe('{"name":"é"}');
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/things?a=1`);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.has('x-missing')).toBe(false);
    expect(() => {
      response.headers.set('x', 'y');
    }).toThrow(TypeError);
    expect(await response.json()).toEqual({ ok: true, name: 'Ünïcødé' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('hands the body over as a stream, chunk by chunk', async () => {
    const base = await serve((_request, response) => {
      response.write('first,');
      setTimeout(() => response.end('second'), 20);
    });
    const response = await createHttpFetch(noFallback)(`${base}/`, {});
    const reader = response.body!.getReader();
    const parts: string[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      parts.push(Buffer.from(read.value).toString());
    }
    expect(parts.join('')).toBe('first,second');
  });

  it('reads a chunked body of tiny chunks in reads of what arrived, not one read per chunk', async () => {
    // 5000 chunks of one byte, written at once: undici reads them as one chunk or a few.
    const base = await serveRaw(
      `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${'1\r\nx\r\n'.repeat(5000)}0\r\n\r\n`,
    );
    const response = await createHttpFetch(noFallback)(`${base}/`, {});
    const reader = response.body!.getReader();
    let reads = 0;
    let text = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      reads++;
      text += new TextDecoder().decode(read.value);
    }
    expect(text).toBe('x'.repeat(5000));
    // One object per byte is what filled the memory: a million of them in a few seconds.
    expect(reads).toBeLessThan(500);
  });

  it('decodes gzip, deflate and br bodies and keeps content-encoding, as fetch does', async () => {
    const text = JSON.stringify({ data: 'x'.repeat(5000) });
    const encoded: Record<string, Buffer> = {
      gzip: gzipSync(text),
      deflate: deflateSync(text),
      br: brotliCompressSync(text),
    };
    let accepted: string | undefined;
    const base = await serve((request, response) => {
      accepted = request.headers['accept-encoding'];
      const coding = request.url!.slice(1);
      response.writeHead(200, { 'content-encoding': coding, 'content-length': encoded[coding]!.length });
      response.end(encoded[coding]);
    });
    const fetch = createHttpFetch(noFallback);
    for (const coding of Object.keys(encoded)) {
      const response = await fetch(`${base}/${coding}`, {});
      expect(response.headers.get('content-encoding')).toBe(coding);
      expect(await response.text()).toBe(text);
    }
    expect(accepted).toBe('gzip, deflate, br');
  });

  it('decodes a body wrapped in up to five codings, and rejects like fetch one wrapped in thousands', async () => {
    const text = '{"data":[]}';
    const layered = ['gzip', 'br', 'deflate', 'gzip', 'gzip'];
    let five: Buffer = Buffer.from(text);
    for (const coding of layered) {
      five =
        coding === 'gzip' ? gzipSync(five) : coding === 'br' ? brotliCompressSync(five) : deflateSync(five);
    }
    const base = await serve((request, response) => {
      if (request.url === '/five')
        response.writeHead(200, { 'content-encoding': layered.join(', ') }).end(five);
      else response.writeHead(200, { 'content-encoding': Array(3000).fill('br').join(',') }).end('tiny');
    });
    const fetch = createHttpFetch(noFallback);
    expect(await (await fetch(`${base}/five`, {})).text()).toBe(text);
    expect(await rejection(fetch(`${base}/thousands`, {}))).toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { message: expect.stringContaining('too many content-encodings') as unknown },
    });
  });

  it('rejects with the signal’s reason when aborted before sending, while waiting, or while reading', async () => {
    const requests: IncomingMessage[] = [];
    const base = await serve((request, response) => {
      requests.push(request);
      if (request.url === '/body') response.write('partial');
    });
    const fetch = createHttpFetch(noFallback);

    const before = new AbortController();
    before.abort(new Error('stopped before'));
    expect(await rejection(fetch(`${base}/`, { signal: before.signal }))).toMatchObject({
      message: 'stopped before',
    });

    const waiting = new AbortController();
    const pending = fetch(`${base}/wait`, { signal: waiting.signal });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    waiting.abort();
    const reason = await rejection(pending);
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('AbortError');
    // The server sees the request end: nothing keeps waiting for an answer nobody reads.
    await once(requests[0]!.socket, 'close');

    const reading = new AbortController();
    const response = await fetch(`${base}/body`, { signal: reading.signal });
    const reader = response.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe('partial');
    reading.abort(new Error('stopped while reading'));
    expect(await rejection(reader.read())).toMatchObject({ message: 'stopped while reading' });
  });

  it('rejects like fetch when no connection can be made, with the cause’s code', async () => {
    const base = await serve(() => undefined);
    const port = new URL(base).port;
    servers[0]!.close();
    await once(servers[0]!, 'close');
    servers.length = 0;
    const error = await rejection(createHttpFetch(noFallback)(`http://127.0.0.1:${port}/`, {}));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('fails the body read when the server closes before the length it announced', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('only this');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const response = await createHttpFetch(noFallback)(`${base}/`, {});
    await expect(response.text()).rejects.toThrow();
  });

  it('follows redirects on the same host, turning a 303 after a POST into a GET', async () => {
    const seen: string[] = [];
    const base = await serve((request, response, body) => {
      seen.push(`${request.method!} ${request.url!} ${body}`);
      if (request.url === '/old') response.writeHead(303, { location: '/new' }).end();
      else response.end('arrived');
    });
    const response = await createHttpFetch(noFallback)(`${base}/old`, { method: 'POST', body: 'payload' });
    expect(await response.text()).toBe('arrived');
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${base}/new`);
    expect(seen).toEqual(['POST /old payload', 'GET /new ']);
  });

  it('never sends the request (and its API key) on to another host: that redirect is returned as it is', async () => {
    const elsewhere: IncomingMessage['headers'][] = [];
    const other = await serve((request, response) => {
      elsewhere.push(request.headers);
      response.end('elsewhere');
    });
    const otherHost = other.replace('127.0.0.1', 'localhost');
    const base = await serve((_request, response) => {
      response.writeHead(302, { location: `${otherHost}/steal` }).end();
    });
    const response = await createHttpFetch(noFallback)(`${base}/`, {
      headers: { 'x-api-key': 'secret-key' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${otherHost}/steal`);
    expect(elsewhere).toEqual([]);
  });

  it('never sends the API key to another port of the same host over http: another port is another server', async () => {
    const elsewhere: IncomingMessage['headers'][] = [];
    const otherPort = await serve((request, response) => {
      elsewhere.push(request.headers);
      response.end('another server');
    });
    const base = await serve((_request, response) => {
      response.writeHead(307, { location: `${otherPort}/steal` }).end();
    });
    const response = await createHttpFetch(noFallback)(`${base}/`, {
      headers: { 'x-api-key': 'secret-key' },
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${otherPort}/steal`);
    expect(elsewhere).toEqual([]);
  });

  it('never follows a Location with a user name and password: node:http would send them as Authorization', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const base = await serve((request, response) => {
      seen.push(request.headers);
      response.writeHead(302, { location: `${base.replace('http://', 'http://user:secret@')}/in` }).end();
    });
    const response = await createHttpFetch(noFallback)(`${base}/`, {});
    expect(response.status).toBe(302);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBeUndefined();
  });

  it('drops the body of a redirect it follows, even a body that never ends', async () => {
    let redirectClosed: Promise<unknown> = Promise.resolve();
    const base = await serve((request, response) => {
      if (request.url !== '/old') return void response.end('arrived');
      response.writeHead(302, { location: '/new' });
      // A body streamed for as long as someone reads it.
      const trickle = setInterval(() => {
        response.write('x'.repeat(1000));
      }, 5);
      redirectClosed = once(response, 'close').finally(() => {
        clearInterval(trickle);
      });
    });
    const response = await createHttpFetch(noFallback)(`${base}/old`, {});
    expect(await response.text()).toBe('arrived');
    // Without the cut, the redirect's body would be drained until the app exits: this never resolves.
    await redirectClosed;
  });

  it('fails at once, as fetch does, on a 101 nobody asked for and on a status below 200', async () => {
    const switched = await serveRaw(
      'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\nhi',
    );
    const tooLow = await serveRaw('HTTP/1.1 099 Low\r\ncontent-length: 2\r\n\r\nok');
    const fetch = createHttpFetch(noFallback);
    // Without the 'upgrade' listener the first one waits forever: the test's timeout catches it.
    expect(await rejection(fetch(`${switched}/`, {}))).toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
    });
    expect(await rejection(fetch(`${tooLow}/`, {}))).toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { message: 'invalid status 99' },
    });
  });

  it('sends a GET again on a new connection when a kept-alive one turns out closed, but never a POST', async () => {
    const served = new WeakMap<object, number>();
    const base = await serve((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      // As a server that closed the idle connection just as the next request came in.
      if (count > 1) request.socket.destroy();
      else response.end(`answered ${request.method!}`);
    });
    const fetch = createHttpFetch(noFallback);
    expect(await (await fetch(`${base}/`, {})).text()).toBe('answered GET');
    expect(await (await fetch(`${base}/`, {})).text()).toBe('answered GET');
    // That retry's connection is the kept-alive one now: a POST on it is not sent twice.
    expect(await rejection(fetch(`${base}/`, { method: 'POST', body: 'x' }))).toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNRESET' },
    });
  });

  it('sends that GET again on a fresh connection even when every kept-alive one in the pool is dropped', async () => {
    const served = new WeakMap<object, number>();
    const waiting: (() => void)[] = [];
    const base = await serve((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      // As connections a server (or a NAT on the way) dropped while they sat idle.
      if (count > 1) return void request.socket.destroy();
      // The first three are held until all three arrived, so each has a connection of its own.
      waiting.push(() => response.end('answered'));
      if (waiting.length === 3) for (const answer of waiting.splice(0)) answer();
    });
    const fetch = createHttpFetch(noFallback);
    const first = await Promise.all([1, 2, 3].map(async () => (await fetch(`${base}/`, {})).text()));
    expect(first).toEqual(['answered', 'answered', 'answered']);
    // Three idle connections in the pool, all dropped: the resend must not take the next one.
    waiting.push = (answer) => {
      answer();
      return 0;
    };
    expect(await (await fetch(`${base}/`, {})).text()).toBe('answered');
  });

  it('gives no body for HEAD and 204, as fetch does', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/none') response.writeHead(204).end();
      else
        response
          .writeHead(200, { 'content-length': '5' })
          .end(request.method === 'HEAD' ? undefined : 'hello');
    });
    const fetch = createHttpFetch(noFallback);
    const none = await fetch(`${base}/none`, {});
    expect(none.body).toBeNull();
    expect(await none.text()).toBe('');
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect(head.body).toBeNull();
  });

  it('hands anything it does not send itself to the global fetch', async () => {
    const used: unknown[] = [];
    const fallback = (input: string, init: RequestInit) => {
      used.push(init.body ?? input);
      return Promise.resolve(new Response('from fallback'));
    };
    const fetch = createHttpFetch(fallback);
    const stream = new ReadableStream();
    await fetch('http://127.0.0.1:9/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await fetch('http://127.0.0.1:9/', { headers: new Headers({ a: 'b' }) });
    await fetch('ftp://example.com/', {});
    await fetch('/relative', {});
    expect(used).toEqual([stream, 'http://127.0.0.1:9/', 'ftp://example.com/', '/relative']);
  });

  it('serves the client against spartera-mock: lists, a 404 as NotFoundError, a stalled server as a timeout', async () => {
    const mock = await createMockServer({ dataset: 'demo' });
    try {
      const spartera = new Spartera({
        apiKey: DEMO_API_KEY,
        companyId: DEMO_COMPANY_ID,
        baseUrl: mock.url,
        fetch: createHttpFetch(noFallback),
        maxRetries: 0,
        logLevel: 'off',
      });
      const page = await spartera.connections.list({ limit: 3 });
      expect(page).toHaveLength(3);
      await expect(spartera.connections.get('conn_does_not_exist')).rejects.toBeInstanceOf(NotFoundError);
      mock.faults.setLatency(2_000);
      await expect(spartera.withOptions({ timeoutMs: 100 }).connections.list()).rejects.toBeInstanceOf(
        APITimeoutError,
      );
    } finally {
      await mock.close();
    }
  });
});
