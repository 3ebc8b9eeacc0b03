/**
 * The mock as MSW 2 request handlers, for tests that intercept `fetch` in-process (msw/node's
 * `setupServer`, or a browser worker). Same engine as the HTTP server; no node:http import.
 */
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { EngineOptions, MockResponse } from './engine/engine.js';
import { MAX_BODY_BYTES, MockEngine } from './engine/engine.js';
import type { Faults } from './engine/faults.js';
import type { RequestLog } from './engine/request-log.js';
import type { MockStore } from './engine/store.js';

export interface MockHandlersOptions extends EngineOptions {
  /** The base URL the code under test calls (default `https://api.spartera.com`). */
  baseUrl?: string;
}

export interface MockHandlers {
  /** Give these to `setupServer(...handlers)` or `server.use(...handlers)`. */
  readonly handlers: HttpHandler[];
  readonly store: MockStore;
  readonly requests: RequestLog;
  readonly faults: Faults;
  readonly engine: MockEngine;
  /** Store back to the seed, faults cleared, request log emptied. */
  reset(): void;
}

export const DEFAULT_BASE_URL = 'https://api.spartera.com';

const encoder = new TextEncoder();

/** Waits `ms`; resolves false early when `signal` aborts (the caller gave up on the request). */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The body in `chunkBytes` pieces `chunkDelayMs` apart. When the request's signal aborts (the
 * caller's `AbortController`, a timeout), the stream errors with the abort reason at once and no
 * timer is left running.
 */
function slowStream(
  body: Uint8Array,
  chunkBytes: number,
  chunkDelayMs: number,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  let offset = 0;
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onAbort = (): void => {
        controller.error(signal.reason);
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        stop = () => {
          signal.removeEventListener('abort', onAbort);
        };
      }
    },
    async pull(controller) {
      if (offset > 0 && !(await wait(chunkDelayMs, signal))) return;
      const end = Math.min(offset + chunkBytes, body.length);
      // A copy: a consumer may transfer what it reads, and `body` can be the cache's own bytes.
      controller.enqueue(body.slice(offset, end));
      offset = end;
      if (offset >= body.length) {
        stop?.();
        controller.close();
      }
    },
    cancel() {
      stop?.();
    },
  });
}

function toHttpResponse(response: MockResponse, signal: AbortSignal): Response {
  if (response.transport?.type === 'drop') return HttpResponse.error();
  const body = response.bodyBytes ?? encoder.encode(response.body);
  const headers = { ...response.headers, 'content-length': String(body.length) };
  if (response.transport?.type === 'slow-body') {
    const { chunkBytes, chunkDelayMs } = response.transport;
    return new HttpResponse(slowStream(body, chunkBytes, chunkDelayMs, signal), {
      status: response.status,
      headers,
    });
  }
  return new HttpResponse(body, { status: response.status, headers });
}

/** MSW handlers serving the whole API under `baseUrl`, backed by one stateful engine. */
export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const { baseUrl = DEFAULT_BASE_URL, ...engineOptions } = options;
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl must be an absolute URL such as ${DEFAULT_BASE_URL}, got ${JSON.stringify(baseUrl)}`,
    );
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const engine = new MockEngine(engineOptions);

  const handler = http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const declared = Number(request.headers.get('content-length') ?? 0);
    let body: string | undefined;
    let tooLarge = declared > MAX_BODY_BYTES;
    if (!tooLarge && request.body !== null) {
      const text = await request.text();
      tooLarge = text.length > MAX_BODY_BYTES || encoder.encode(text).length > MAX_BODY_BYTES;
      body = tooLarge || text === '' ? undefined : text;
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const response = engine.handle({
      method: request.method,
      url: url.pathname.slice(prefix.length) + url.search,
      headers,
      body,
      bodyTooLarge: tooLarge,
    });
    if (response.delayMs > 0 && !(await wait(response.delayMs, request.signal))) return HttpResponse.error();
    return toHttpResponse(response, request.signal);
  });

  return {
    handlers: [handler],
    store: engine.store,
    requests: engine.requests,
    faults: engine.faults,
    engine,
    reset: () => {
      engine.reset();
    },
  };
}

export { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';
export type { EngineOptions, MockResponse } from './engine/engine.js';
