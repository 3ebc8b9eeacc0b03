/** The mock on a real HTTP server (node:http), for tests and tools that talk over sockets. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EngineOptions, MockResponse } from './engine/engine.js';
import { MAX_BODY_BYTES, MockEngine } from './engine/engine.js';
import type { Faults } from './engine/faults.js';
import type { RequestLog } from './engine/request-log.js';
import type { MockStore } from './engine/store.js';

export interface MockServerOptions extends EngineOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`: the mock listens on loopback only unless told otherwise. */
  host?: string;
  /**
   * Answer browsers from other origins: `true` allows any origin, a string allows that one.
   * Preflight `OPTIONS` requests then get 204. Off by default, like the API's own server-to-server use.
   */
  cors?: boolean | string;
}

export interface MockServer {
  /** `http://127.0.0.1:PORT`, the base URL to give a client. */
  readonly url: string;
  readonly port: number;
  /** The state: connections per company, credentials (write-only), the engine catalog. */
  readonly store: MockStore;
  /** The requests served, secrets masked, newest last. */
  readonly requests: RequestLog;
  /** Latency, queued error statuses, dropped connections, slow bodies, random failures. */
  readonly faults: Faults;
  /** The transport-free engine behind the server. */
  readonly engine: MockEngine;
  /** Store back to the seed, faults cleared, request log emptied. */
  reset(): void;
  /** Stops listening, closes every open connection and cancels pending delayed answers. */
  close(): Promise<void>;
}

/** Bodies larger than this are not even drained: the socket is closed after the 413. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer 0..65535, got ${String(port)}`);
  }
  return port;
}

/**
 * Node gives header names in lower case and joins repeated headers with ", ", except a few such as
 * set-cookie that stay arrays; the engine reads none of those, so the object is passed without a copy.
 */
function headerRecord(request: IncomingMessage): Readonly<Record<string, string | undefined>> {
  return request.headers as Readonly<Record<string, string | undefined>>;
}

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', cors = false, ...engineOptions } = options;
  checkPort(port);
  const corsHeaders: Record<string, string> =
    cors === false
      ? {}
      : {
          'access-control-allow-origin': cors === true ? '*' : cors,
          'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
          'access-control-allow-headers': 'x-api-key, content-type, accept',
          'access-control-expose-headers': 'retry-after',
          'access-control-max-age': '600',
          ...(cors === true ? {} : { vary: 'origin' }),
        };
  const engine = new MockEngine(engineOptions);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let closing = false;
  let closed: Promise<void> | undefined;

  const later = (delayMs: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, delayMs);
    timers.add(timer);
  };

  const send = (response: MockResponse, res: ServerResponse): void => {
    if (response.transport?.type === 'drop') {
      res.socket?.destroy();
      return;
    }
    const body = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, {
      ...response.headers,
      ...corsHeaders,
      'content-length': String(body.length),
    });
    if (response.transport?.type !== 'slow-body') {
      res.end(body);
      return;
    }
    const { chunkBytes, chunkDelayMs } = response.transport;
    let offset = 0;
    const writeChunk = (): void => {
      if (res.destroyed || closing) return;
      const end = Math.min(offset + chunkBytes, body.length);
      if (end >= body.length) {
        res.end(body.subarray(offset));
        return;
      }
      res.write(body.subarray(offset, end));
      offset = end;
      later(chunkDelayMs, writeChunk);
    };
    writeChunk();
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    body: string | undefined,
    tooLarge: boolean,
  ): void => {
    let response: MockResponse;
    try {
      response = engine.handle({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: headerRecord(req),
        body,
        bodyTooLarge: tooLarge,
      });
    } catch {
      // A bug of the mock, not an injected fault: answer like the API's own 500 rather than hang.
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 500, message: 'Internal server error' }));
      return;
    }
    if (tooLarge) res.setHeader('connection', 'close');
    if (response.delayMs > 0)
      later(response.delayMs, () => {
        if (!res.destroyed && !closing) send(response, res);
      });
    else send(response, res);
  };

  const server = createServer((req, res) => {
    if (
      cors !== false &&
      req.method === 'OPTIONS' &&
      req.headers['access-control-request-method'] !== undefined
    ) {
      req.resume();
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    const declaredLength = Number(req.headers['content-length'] ?? 0);
    if (req.headers['transfer-encoding'] === undefined && declaredLength === 0) {
      answer(req, res, undefined, false);
      return;
    }
    if (declaredLength > MAX_DRAIN_BYTES) {
      answer(req, res, undefined, true);
      req.socket.destroySoon();
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (received > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => {
      const tooLarge = received > MAX_BODY_BYTES;
      answer(req, res, tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge);
    });
    req.on('error', () => {
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the mock server has no TCP address');
  const urlHost =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    store: engine.store,
    requests: engine.requests,
    faults: engine.faults,
    engine,
    reset: () => {
      engine.reset();
    },
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        for (const socket of sockets) socket.destroy();
      })),
  };
}
