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

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function slowStream(body: Uint8Array, chunkBytes: number, chunkDelayMs: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset > 0) await wait(chunkDelayMs);
      const end = Math.min(offset + chunkBytes, body.length);
      controller.enqueue(body.subarray(offset, end));
      offset = end;
      if (offset >= body.length) controller.close();
    },
  });
}

function toHttpResponse(response: MockResponse): Response {
  if (response.transport?.type === 'drop') return HttpResponse.error();
  const body = encoder.encode(response.body);
  const headers = { ...response.headers, 'content-length': String(body.length) };
  if (response.transport?.type === 'slow-body') {
    const { chunkBytes, chunkDelayMs } = response.transport;
    return new HttpResponse(slowStream(body, chunkBytes, chunkDelayMs), { status: response.status, headers });
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
    if (response.delayMs > 0) await wait(response.delayMs);
    return toHttpResponse(response);
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
