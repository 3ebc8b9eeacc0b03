/**
 * The control API: the mock driven over HTTP, for test suites in any language (WireMock's `/__admin`
 * is the model). It lives under a prefix no API path can take, is answered before the API's routing,
 * authentication and validation, and never shows in the API's 404/405 answers or its request log.
 *
 *   GET    /__spartera            the routes
 *   GET    /__spartera/faults     what the faults are set to
 *   POST   /__spartera/faults     queue a fault (or an array of them), as `faults.*()` would
 *   DELETE /__spartera/faults     clear queued faults, latency and the fail rate
 *   GET    /__spartera/requests   the request log (keys masked, credentials redacted)
 *   DELETE /__spartera/requests   empty it
 *   POST   /__spartera/reset      back to the starting data set, faults cleared, log emptied
 *   GET    /__spartera/state      the whole store as a JSON document
 *   PUT    /__spartera/state      replace the store with one (checked against the spec first)
 *   GET    /__spartera/heap       heap statistics after a full garbage collection (node:http only)
 *
 * Transport-free like the engine: the server passes a `MockRequest` and writes the answer.
 */
import type { OperationId } from '@spartera/types';
import type { MockEngine } from '../engine/engine.js';
import { JSON_CONTENT_TYPE } from '../engine/errors.js';
import type { MockRequest } from '../engine/request.js';
import { splitUrl } from '../engine/request.js';
import { emptyFieldErrors } from '../engine/spec.js';
import { StateError } from '../engine/state.js';
import { applyFaultRequests, FaultRequestError, operationIds, unknownOperation } from './faults.js';

export const CONTROL_PREFIX = '/__spartera';

/** Bodies of control requests other than a state: a fault with a large raw body fits. */
export const CONTROL_MAX_BODY_BYTES = 1_048_576;
/** A whole store: 200,000 connections of about 300 bytes. */
export const STATE_MAX_BODY_BYTES = 64 * 1_048_576;

/** What `GET /__spartera/heap` reports; measured by the transport, which knows its runtime. */
export interface HeapReport {
  /** Whether a full garbage collection ran just before the reading. */
  gcForced: boolean;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  rssBytes: number;
}

export interface ControlApiOptions {
  engine: MockEngine;
  /** When set, every control request must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Serves `GET /__spartera/heap`; without it that route is a 404. */
  heap?: (() => HeapReport) | undefined;
}

export interface ControlResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Whether a request URL is for the control API (`/__spartera` or below it). */
export function isControlPath(url: string): boolean {
  if (!url.startsWith(CONTROL_PREFIX)) return false;
  const next = url.charAt(CONTROL_PREFIX.length);
  return next === '' || next === '/' || next === '?';
}

function bodyLimitOf(method: string, path: string): number {
  return method === 'PUT' && path.replace(/\/+$/, '') === `${CONTROL_PREFIX}/state`
    ? STATE_MAX_BODY_BYTES
    : CONTROL_MAX_BODY_BYTES;
}

/** An answer other than 2xx, in the API's error shape. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface ControlCall {
  request: MockRequest;
  query: URLSearchParams;
}

interface Route {
  summary: string;
  methods: Partial<Record<string, (call: ControlCall) => { status?: number; body: unknown }>>;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ControlResponse {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Compares in time independent of where the strings differ (their lengths aside). */
function sameSecret(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

function readJson(call: ControlCall, what: string): unknown {
  const { request } = call;
  if (request.bodyTooLarge) {
    const method = request.method.toUpperCase();
    const { path } = splitUrl(request.url);
    throw new ControlError(
      413,
      `Request body exceeds ${bodyLimitOf(method, path)} bytes, the limit of ${method} ${path}`,
    );
  }
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new ControlError(415, `Content-Encoding ${encoding} is not supported: send the JSON uncompressed`, {
      errors: { 'content-encoding': ['must be identity'] },
    });
  }
  // A byte order mark is what Windows editors and PowerShell put before the JSON they save.
  const text = request.body?.replace(/^\uFEFF/, '');
  if (text === undefined || text.trim() === '') {
    throw new ControlError(400, `Invalid input: the body is required (${what})`, {
      errors: { body: ['is required'] },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new ControlError(400, `Invalid input: the body is not valid JSON (${reason})`, {
      errors: { body: ['is not valid JSON'] },
    });
  }
}

function checkQuery(call: ControlCall, allowed: readonly string[]): void {
  const errors = emptyFieldErrors();
  for (const name of new Set(call.query.keys())) {
    if (!allowed.includes(name)) {
      errors[name] = [allowed.length === 0 ? 'is not allowed' : `is not allowed; use ${allowed.join(', ')}`];
    } else if (call.query.getAll(name).length > 1) errors[name] = ['must be given at most once'];
  }
  if (Object.keys(errors).length > 0) {
    const [field, messages] = Object.entries(errors)[0] ?? ['', []];
    throw new ControlError(400, `Invalid input: query parameter ${field} ${messages.join(', ')}`, { errors });
  }
}

export class ControlApi {
  private readonly engine: MockEngine;
  private readonly token: string | undefined;
  private readonly routes: Map<string, Route>;

  constructor(options: ControlApiOptions) {
    this.engine = options.engine;
    if (options.token?.trim() === '') throw new TypeError('the control token must not be empty');
    this.token = options.token;
    this.routes = this.defineRoutes(options.heap);
  }

  /** How many body bytes the transport may read for this request; more is a 413. */
  bodyLimit(method: string, url: string): number {
    return bodyLimitOf(method.toUpperCase(), splitUrl(url).path);
  }

  handle(request: MockRequest): ControlResponse {
    const method = request.method.toUpperCase();
    const { path, query } = splitUrl(request.url);
    try {
      this.authorize(request);
      const name = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
      const route = this.routes.get(name);
      if (!route) {
        throw new ControlError(
          404,
          `No control route ${path}; GET ${CONTROL_PREFIX} lists them: ${this.routeList()}`,
        );
      }
      const action = route.methods[method];
      if (!action) {
        const allow = Object.keys(route.methods).join(', ');
        throw new ControlError(405, `${method} is not allowed on ${path}; use ${allow}`, {}, { allow });
      }
      const result = action({ request, query: new URLSearchParams(query) });
      return json(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof ControlError) {
        return json(
          error.status,
          { code: error.status, message: error.message, ...error.extra },
          error.headers,
        );
      }
      if (error instanceof StateError || error instanceof FaultRequestError) {
        return json(400, { code: 400, message: error.message, errors: error.errors });
      }
      if (error instanceof RangeError || error instanceof TypeError) {
        return json(400, { code: 400, message: `Invalid input: ${error.message}` });
      }
      throw error;
    }
  }

  private authorize(request: MockRequest): void {
    if (this.token === undefined) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !sameSecret(match[1], this.token)) {
      throw new ControlError(
        401,
        header === ''
          ? 'Authentication required: this control API needs "Authorization: Bearer <control token>"'
          : 'Authentication required: the control token is not valid',
        {},
        { 'www-authenticate': 'Bearer realm="spartera-mock control"' },
      );
    }
  }

  private routeList(): string {
    return [...this.routes.entries()]
      .map(([name, route]) => `${Object.keys(route.methods).join('|')} ${CONTROL_PREFIX}${name}`)
      .join(', ');
  }

  private defineRoutes(heap: (() => HeapReport) | undefined): Map<string, Route> {
    const { engine } = this;
    const routes = new Map<string, Route>();
    routes.set('', {
      summary: 'these routes',
      methods: {
        GET: (call) => {
          checkQuery(call, []);
          return {
            body: {
              routes: [...routes.entries()].flatMap(([name, route]) =>
                Object.keys(route.methods).map((method) => ({
                  method,
                  path: `${CONTROL_PREFIX}${name}`,
                  summary: route.summary,
                })),
              ),
            },
          };
        },
      },
    });
    routes.set('/faults', {
      summary: 'queued faults, latency and fail rate: list, add (a fault or an array), clear',
      methods: {
        GET: (call) => {
          checkQuery(call, []);
          return { body: engine.faults.describe() };
        },
        POST: (call) => {
          checkQuery(call, []);
          const added = applyFaultRequests(
            engine.faults,
            readJson(call, 'a fault such as {"type":"status","status":503}'),
          );
          return {
            status: 201,
            body: { message: `Applied ${added} fault${added === 1 ? '' : 's'}`, ...engine.faults.describe() },
          };
        },
        DELETE: (call) => {
          checkQuery(call, []);
          engine.faults.clear();
          return { body: { message: 'Faults cleared', ...engine.faults.describe() } };
        },
      },
    });
    routes.set('/requests', {
      summary: 'the request log, oldest first (?operationId=, ?limit= for the newest N); clear it',
      methods: {
        GET: (call) => {
          checkQuery(call, ['operationId', 'limit']);
          const operationId = call.query.get('operationId');
          if (operationId !== null && !(operationIds as string[]).includes(operationId)) {
            const problem = unknownOperation(operationId);
            throw new ControlError(400, `Invalid input: operationId ${problem}`, {
              errors: { operationId: [problem] },
            });
          }
          const limitText = call.query.get('limit');
          const limit = limitText === null ? undefined : Number(limitText);
          if (limit !== undefined && (!/^\d+$/.test(limitText ?? '') || limit < 1)) {
            throw new ControlError(400, `Invalid input: limit must be an integer ≥ 1, got "${limitText}"`, {
              errors: { limit: ['must be an integer ≥ 1'] },
            });
          }
          let requests =
            operationId === null
              ? engine.requests.all()
              : engine.requests.ofOperation(operationId as OperationId);
          if (limit !== undefined) requests = requests.slice(-limit);
          return { body: { count: requests.length, requests } };
        },
        DELETE: (call) => {
          checkQuery(call, []);
          engine.requests.clear();
          return { body: { message: 'Request log emptied', count: 0 } };
        },
      },
    });
    routes.set('/reset', {
      summary: 'back to the starting data set; faults cleared, request log emptied',
      methods: {
        POST: (call) => {
          checkQuery(call, []);
          engine.reset();
          return {
            body: {
              message: 'Back to the starting data set; faults cleared, request log emptied',
              connections: engine.store.connectionCount,
            },
          };
        },
      },
    });
    routes.set('/state', {
      summary: 'the whole store as JSON: snapshot, or restore (checked against the spec)',
      methods: {
        GET: (call) => {
          checkQuery(call, []);
          return { body: engine.store.state() };
        },
        PUT: (call) => {
          checkQuery(call, []);
          engine.store.restore(readJson(call, `a state document as GET ${CONTROL_PREFIX}/state returns`));
          return { body: { message: 'State restored', connections: engine.store.connectionCount } };
        },
      },
    });
    if (heap) {
      routes.set('/heap', {
        summary: 'heap statistics after a full garbage collection, for leak tests',
        methods: {
          GET: (call) => {
            checkQuery(call, []);
            return { body: heap() };
          },
        },
      });
    }
    return routes;
  }
}
