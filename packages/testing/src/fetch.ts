/**
 * The mock as a `fetch` function: give it to a client (`new Spartera({ fetch: createMockFetch() })`)
 * and every request is answered in-process by the stateful, spec-validated engine of
 * `spartera-mock`. No server, no port, no MSW, no network.
 */
import type { EngineOptions } from './engine/engine.js';
import { MockEngine } from './engine/engine.js';
import { checkOptionNames, ENGINE_OPTION_NAMES } from './engine/options.js';
import type { Faults } from './engine/faults.js';
import type { RequestLog } from './engine/request-log.js';
import type { MockStore } from './engine/store.js';
import { DEFAULT_BASE_URL, parseBaseUrl } from './transport/base-url.js';
import { createEngineFetch } from './transport/fetch.js';

// `@spartera/testing/fetch` is this module alone: what a test in a browser (or any runtime without
// Node's modules) needs to answer a client from the mock, without a server.
export { DEMO_API_KEY, DEMO_COMPANY_ID } from './fixtures/demo.js';

export interface MockFetchOptions extends EngineOptions {
  /**
   * The base URL the client under test is given (default `https://api.spartera.com`, also the
   * client's default). Requests under it are answered; a path prefix such as
   * `https://stage.api.spartera.com/v1` is honoured. A request for any other URL is refused with a
   * `TypeError` naming it: it never reaches the network.
   */
  baseUrl?: string;
}

/**
 * A `fetch` answered by the mock, usable wherever `typeof fetch` is: it takes a URL string, a `URL`
 * or a `Request` (with `init` overriding, as fetch does) and resolves to a real `Response`. It
 * honours `signal` like fetch: an abort before the answer (during a latency fault, say) rejects
 * with the signal's reason, and a slow body stops when the signal aborts. A dropped connection
 * (an injected fault) rejects with `TypeError('fetch failed')`, as a network error does.
 */
export interface MockFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The base URL served, without a trailing slash: give it to the client as `baseUrl`. */
  readonly baseUrl: string;
  /** The state: connections per company, credentials (write-only), the engine catalog. */
  readonly store: MockStore;
  /** The requests served, secrets masked, newest last. */
  readonly requests: RequestLog;
  /** Latency, queued error statuses, dropped connections, slow bodies, random failures. */
  readonly faults: Faults;
  /** The transport-free engine behind this fetch. */
  readonly engine: MockEngine;
  /** Store back to where it started, faults cleared, request log emptied. */
  reset(): void;
  /**
   * Ends the calls still waiting out a delay, and refuses every later call, with
   * `TypeError('fetch failed')` as a stopped server would, and cuts a slow body being read: no
   * timer is left running.
   */
  close(): Promise<void>;
}

const MOCK_FETCH_OPTION_NAMES: readonly string[] = ['baseUrl', ...ENGINE_OPTION_NAMES];

function build(options: MockFetchOptions, light: boolean): MockFetch {
  checkOptionNames(options, MOCK_FETCH_OPTION_NAMES, 'createMockFetch');
  const { baseUrl = DEFAULT_BASE_URL, ...engineOptions } = options;
  const base = parseBaseUrl(baseUrl);
  const engine = new MockEngine(engineOptions);
  const served = createEngineFetch(engine, base, { light });
  const mockFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    served.fetch(input, init);
  const members = {
    baseUrl: base.href,
    store: engine.store,
    requests: engine.requests,
    faults: engine.faults,
    engine,
  };
  for (const [name, value] of Object.entries(members)) {
    Object.defineProperty(mockFetch, name, { value, enumerable: true });
  }
  return Object.assign(mockFetch as typeof mockFetch & typeof members, {
    reset: () => {
      engine.reset();
    },
    close: () => {
      served.close();
      return Promise.resolve();
    },
  });
}

/**
 * A `fetch` answered in-process by a new stateful mock of the Spartera API, the engine and
 * validation of `spartera-mock`: each call of `createMockFetch()` has its own store, faults and
 * request log, shared by every call of the `fetch` it returns.
 *
 * Takes the options of `createMockServer` that are about the API (`dataset`, `apiKeys`, `seed`,
 * `latencyMs`, `failRate`, `initialState`, …) plus `baseUrl`; throws on a bad one.
 *
 * @example
 * const mockFetch = createMockFetch();
 * const spartera = new Spartera({
 *   apiKey: DEMO_API_KEY,
 *   companyId: DEMO_COMPANY_ID,
 *   baseUrl: mockFetch.baseUrl, // else SPARTERA_API_BASE_URL, when set, would win
 *   fetch: mockFetch,
 * });
 * await spartera.connections.list(); // answered by the mock
 */
export function createMockFetch(options: MockFetchOptions = {}): MockFetch {
  return build(options, false);
}

/**
 * `createMockFetch` whose answers are minimal `Response` look-alikes (status, headers, `text()`,
 * `json()`; `body` is null) except for a slow-body fault: making one loads nothing, where the first
 * real `Response` loads Node's fetch implementation. For spartera-tui's demo, whose first frame
 * waits on its first answer.
 *
 * @internal Not part of the API: it may change or go in any release. Use `createMockFetch`.
 */
export function createLightMockFetch(options: MockFetchOptions = {}): MockFetch {
  return build(options, true);
}
