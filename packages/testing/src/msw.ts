/**
 * The mock as MSW 2 request handlers, for tests that intercept `fetch` in-process (msw/node's
 * `setupServer`, or a browser worker). Same engine as the HTTP server; no node:http import.
 */
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { EngineOptions } from './engine/engine.js';
import { MockEngine } from './engine/engine.js';
import { checkOptionNames, ENGINE_OPTION_NAMES } from './engine/options.js';
import type { Faults } from './engine/faults.js';
import type { RequestLog } from './engine/request-log.js';
import type { MockStore } from './engine/store.js';
import { DEFAULT_BASE_URL, parseBaseUrl } from './transport/base-url.js';
import { createEngineFetch } from './transport/fetch.js';

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

export { DEFAULT_BASE_URL };

/** MSW handlers serving the whole API under `baseUrl`, backed by one stateful engine. */
export function createMockHandlers(options: MockHandlersOptions = {}): MockHandlers {
  checkOptionNames(options, ['baseUrl', ...ENGINE_OPTION_NAMES], 'createMockHandlers');
  const { baseUrl = DEFAULT_BASE_URL, ...engineOptions } = options;
  const base = parseBaseUrl(baseUrl);
  const engine = new MockEngine(engineOptions);
  const served = createEngineFetch(engine, base);

  const handler = http.all(`${base.href}/*`, async ({ request }) => {
    try {
      return await served.fetch(request);
    } catch {
      // An abort, a dropped connection: what MSW can say of an answer that never came.
      return HttpResponse.error();
    }
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
