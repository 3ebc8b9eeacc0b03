/** The mock on a real HTTP server (node:http), for tests and tools that talk over sockets. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HeapReport } from './control/api.js';
import { ControlApi, CONTROL_PREFIX, isControlPath } from './control/api.js';
import type { EngineOptions, MockResponse } from './engine/engine.js';
import { MAX_BODY_BYTES, MockEngine } from './engine/engine.js';
import { checkOptionNames, ENGINE_OPTION_NAMES } from './engine/options.js';
import { JSON_CONTENT_TYPE } from './engine/errors.js';
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
  /**
   * The control API under `/__spartera/` (faults, request log, reset, state over HTTP). Default: on
   * when bound to loopback, or anywhere with a `controlToken`; `false` turns it off. `true` on a
   * non-loopback host without a token is refused: anyone on the network could drive the mock.
   */
  control?: boolean;
  /** A secret every control request must send as `Authorization: Bearer <token>`. */
  controlToken?: string;
  /** Called after each control request, for live logs such as the CLI's `--log`. */
  onControlRequest?: (entry: { method: string; path: string; status: number }) => void;
}

/** Where the control API is and whether it needs a token, or why it is off. */
export type ControlStatus =
  { enabled: true; url: string; tokenRequired: boolean } | { enabled: false; reason: string };

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
  /** The control API under `/__spartera/`. */
  readonly control: ControlStatus;
  /** Store back to where it started, faults cleared, request log emptied. */
  reset(): void;
  /** Stops listening, closes every open connection and cancels pending delayed answers. */
  close(): Promise<void>;
}

/** API bodies larger than this are not even drained: the socket is closed after the 413. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer 0..65535, got ${String(port)}`);
  }
  return port;
}

/** Whether binding to `host` keeps the server reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

/**
 * Node gives header names in lower case and joins repeated headers with ", ", except a few such as
 * set-cookie that stay arrays; the engine reads none of those, so the object is passed without a copy.
 */
function headerRecord(request: IncomingMessage): Readonly<Record<string, string | undefined>> {
  return request.headers as Readonly<Record<string, string | undefined>>;
}

/** A header list as a preflight may echo it: comma-separated header names and nothing else. */
function requestedHeaders(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name));
  return names.length === 0 ? undefined : names.join(', ');
}

let collectGarbage: (() => void) | null | undefined;

/** The server's own options, beside the engine's: a record, so that adding one to the type needs it here. */
const SERVER_OPTIONS: Record<Exclude<keyof MockServerOptions, keyof EngineOptions>, true> = {
  port: true,
  host: true,
  cors: true,
  control: true,
  controlToken: true,
  onControlRequest: true,
};
const MOCK_SERVER_OPTION_NAMES = [...Object.keys(SERVER_OPTIONS), ...ENGINE_OPTION_NAMES];

/** A full garbage collection, through `--expose-gc` when given, or by exposing it on first use. */
function forceGc(): boolean {
  if (collectGarbage === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collectGarbage = exposed;
    else {
      try {
        setFlagsFromString('--expose-gc');
        collectGarbage = runInNewContext('gc') as () => void;
      } catch {
        collectGarbage = null;
      }
    }
  }
  if (!collectGarbage) return false;
  collectGarbage();
  return true;
}

function heapReport(): HeapReport {
  const gcForced = forceGc();
  const memory = process.memoryUsage();
  return {
    gcForced,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    rssBytes: memory.rss,
  };
}

function controlSetting(
  host: string,
  control: boolean | undefined,
  token: string | undefined,
): { enabled: true; token: string | undefined } | { enabled: false; reason: string } {
  if (token !== undefined && token.trim() === '') throw new TypeError('controlToken must not be empty');
  if (control === false) return { enabled: false, reason: 'The control API is turned off (control: false).' };
  if (token !== undefined || isLoopbackHost(host)) return { enabled: true, token };
  if (control === true) {
    throw new TypeError(
      `control: the control API on ${host}, which is not loopback, needs a controlToken: anyone who can reach the port could drive the mock`,
    );
  }
  return {
    enabled: false,
    reason: `The control API is off: the mock listens on ${host}, which is not loopback, and no control token was set (--control-token).`,
  };
}

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  checkOptionNames(options, MOCK_SERVER_OPTION_NAMES, 'createMockServer');
  const {
    port = 0,
    host = '127.0.0.1',
    cors = false,
    control,
    controlToken,
    onControlRequest,
    ...engineOptions
  } = options;
  checkPort(port);
  const controlState = controlSetting(host, control, controlToken);
  const corsHeaders: Record<string, string> =
    cors === false
      ? {}
      : {
          'access-control-allow-origin': cors === true ? '*' : cors,
          'access-control-expose-headers': 'retry-after',
          ...(cors === true ? {} : { vary: 'origin' }),
        };
  const engine = new MockEngine(engineOptions);
  const controlApi = controlState.enabled
    ? new ControlApi({ engine, token: controlState.token, heap: heapReport })
    : undefined;
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
    const body = response.bodyBytes ?? Buffer.from(response.body, 'utf8');
    // A flat [name, value, ...] list: node:http takes it without building and walking an object,
    // which measurably cut the CPU the mock spends per request.
    const headers: string[] = [];
    for (const name in response.headers) headers.push(name, response.headers[name] ?? '');
    for (const name in corsHeaders) headers.push(name, corsHeaders[name] ?? '');
    headers.push('content-length', String(body.length));
    res.writeHead(response.status, headers);
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

  const fail = (res: ServerResponse): void => {
    // A bug of the mock, not an injected fault: answer like the API's own 500 rather than hang.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': JSON_CONTENT_TYPE, ...corsHeaders });
    res.end(JSON.stringify({ code: 500, message: 'Internal server error' }));
  };

  const answerApi = (
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
      fail(res);
      return;
    }
    if (tooLarge) res.setHeader('connection', 'close');
    if (response.delayMs > 0)
      later(response.delayMs, () => {
        if (!res.destroyed && !closing) send(response, res);
      });
    else send(response, res);
  };

  const answerControl = (
    req: IncomingMessage,
    res: ServerResponse,
    body: string | undefined,
    tooLarge: boolean,
  ): void => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let status: number;
    let headers: Record<string, string>;
    let text: string;
    if (controlApi) {
      try {
        ({
          status,
          headers,
          body: text,
        } = controlApi.handle({
          method,
          url,
          headers: headerRecord(req),
          body,
          bodyTooLarge: tooLarge,
        }));
      } catch {
        fail(res);
        return;
      }
    } else {
      status = 404;
      headers = { 'content-type': JSON_CONTENT_TYPE };
      text = JSON.stringify({ code: 404, message: controlState.enabled ? '' : controlState.reason });
    }
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(status, {
      ...headers,
      ...corsHeaders,
      ...(tooLarge ? { connection: 'close' } : {}),
      'content-length': String(bytes.length),
    });
    res.end(bytes);
    onControlRequest?.({ method: method.toUpperCase(), path: url.split('?')[0] ?? url, status });
  };

  /** Reads the body up to `limit` bytes, then answers; a body over the limit is drained, not kept. */
  const withBody = (
    req: IncomingMessage,
    res: ServerResponse,
    limit: number,
    answer: (req: IncomingMessage, res: ServerResponse, body: string | undefined, tooLarge: boolean) => void,
  ): void => {
    const declaredLength = Number(req.headers['content-length'] ?? 0);
    if (req.headers['transfer-encoding'] === undefined && declaredLength === 0) {
      answer(req, res, undefined, false);
      return;
    }
    const drainLimit = Math.max(MAX_DRAIN_BYTES, limit);
    if (declaredLength > drainLimit) {
      answer(req, res, undefined, true);
      req.socket.destroySoon();
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else if (received > drainLimit) req.destroy();
    });
    req.on('end', () => {
      const tooLarge = received > limit;
      answer(req, res, tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge);
    });
    req.on('error', () => {
      res.destroy();
    });
  };

  const server = createServer((req, res) => {
    if (
      cors !== false &&
      req.method === 'OPTIONS' &&
      req.headers['access-control-request-method'] !== undefined
    ) {
      req.resume();
      const allowHeaders = requestedHeaders(req.headers['access-control-request-headers']);
      res.writeHead(204, {
        ...corsHeaders,
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': allowHeaders ?? 'x-api-key, content-type, accept',
        'access-control-max-age': '600',
        vary: cors === true ? 'access-control-request-headers' : 'origin, access-control-request-headers',
      });
      res.end();
      return;
    }
    const url = req.url ?? '/';
    if (isControlPath(url)) {
      withBody(req, res, controlApi?.bodyLimit(req.method ?? 'GET', url) ?? 0, answerControl);
      return;
    }
    withBody(req, res, MAX_BODY_BYTES, answerApi);
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
  const url = `http://${urlHost}:${address.port}`;

  return {
    url,
    port: address.port,
    store: engine.store,
    requests: engine.requests,
    faults: engine.faults,
    engine,
    control: controlState.enabled
      ? { enabled: true, url: `${url}${CONTROL_PREFIX}`, tokenRequired: controlState.token !== undefined }
      : { enabled: false, reason: controlState.reason },
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
