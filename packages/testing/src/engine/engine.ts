/**
 * The mock API as a pure function of a request: `engine.handle(request) → response`. The node:http
 * server and the MSW handlers are thin transports over it, so every way of running the mock behaves
 * the same. A request goes through small steps, in the order the real API applies its checks:
 *
 *   route (404/405) → body limit (413) → auth (401, 403) → validate request (400)
 *     → fault (an injected status, drop, slow body or delay) → handle (404/409/422 or 200)
 *     → validate response (the 200 body conforms to the spec)
 *
 * Each step is a module of `steps/`; handlers are in `handlers/`, one per operationId.
 */
import type { OperationId } from '@spartera/types';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '../fixtures/demo.js';
import { createRandom } from '../random.js';
import { StoreCache } from './cache.js';
import { HttpError, JSON_CONTENT_TYPE, MAX_BODY_BYTES } from './errors.js';
import type { FaultAction } from './faults.js';
import { Faults } from './faults.js';
import type { HandlerContext, ValidRequest } from './handlers/index.js';
import type { EngineOptions } from './options.js';
import { checkDataset, checkExtraConnections, checkSeed } from './options.js';
import type { MockRequest, MockResponse, ParsedQuery, TransportAction } from './request.js';
import { parseQuery, splitUrl } from './request.js';
import type { LoggedRequest } from './request-log.js';
import { maskSecret, redactCredentials, redactQuery, RequestLog } from './request-log.js';
import { ApiKeys, authenticate, authorizeCompany, pathCompany } from './steps/auth.js';
import { checkBodyLimit } from './steps/body-limit.js';
import { injectedStatus, takeFault } from './steps/fault.js';
import { cacheKeyOf, handle } from './steps/handle.js';
import type { RoutedRequest } from './steps/route.js';
import { route } from './steps/route.js';
import { validateRequest } from './steps/validate-request.js';
import { MockStore } from './store.js';

export { MAX_BODY_BYTES };
export type { EngineOptions, MockRequest, MockResponse, TransportAction };

const JSON_HEADERS = { 'content-type': JSON_CONTENT_TYPE } as const;

/** What one request came to, before it is turned into a response and logged. */
interface Outcome {
  status: number;
  body: string;
  /** `body` as UTF-8, when the cache already holds it encoded. */
  bytes: Uint8Array | undefined;
  headers: Readonly<Record<string, string>> | undefined;
  operationId: OperationId | undefined;
  fault: FaultAction | undefined;
  /** A queued delay that replaces the server-wide latency. */
  delayMs: number | undefined;
  /** The request body as validation parsed it, for the log. */
  parsedBody: unknown;
}

/** What a request is, before its headers and body are looked at: kept per URL for bodiless requests. */
interface RequestShape {
  path: string;
  query: ParsedQuery;
  routed: RoutedRequest | HttpError;
  /** The well-formed company id of the path, decoded, for the access check. */
  companyId: string | undefined;
  /** For a bodiless request: its validation, done once (a 400 included). */
  validated: ValidRequest<OperationId> | HttpError | undefined;
  /** The handle step's cache key for the validated request. */
  cacheKey: string | undefined;
}

/** The real time in ISO 8601, formatted once per millisecond however many requests share it. */
function wallClockTimestamp(): () => string {
  let lastMs = Number.NaN;
  let lastText = '';
  return () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastText = new Date(ms).toISOString();
    }
    return lastText;
  };
}

/** Runs a step, keeping the `HttpError` it throws as its result. */
function attempt<T>(step: () => T): T | HttpError {
  try {
    return step();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

function shapeOf(method: string, url: string, validate: boolean): RequestShape {
  const { path, query: queryText } = splitUrl(url);
  const query = parseQuery(queryText);
  const routed = attempt(() => route(method, path));
  if (routed instanceof HttpError) {
    return { path, query, routed, companyId: undefined, validated: undefined, cacheKey: undefined };
  }
  const companyId = pathCompany(routed.rawParams);
  if (!validate) return { path, query, routed, companyId, validated: undefined, cacheKey: undefined };
  // Shared by every request with this URL: their logged queries must not be changed through one.
  Object.freeze(query.values);
  const validated = attempt(() => validateRequest(routed.operation, routed.rawParams, query, undefined));
  const cacheKey = validated instanceof HttpError ? undefined : cacheKeyOf(routed.operation, validated);
  return { path, query, routed, companyId, validated, cacheKey };
}

export class MockEngine {
  readonly store: MockStore;
  readonly faults: Faults;
  readonly requests: RequestLog;
  private readonly apiKeys: ApiKeys;
  /** The accepted keys, redacted from the logged query wherever they appear. */
  private readonly secrets: ReadonlySet<string>;
  private readonly context: HandlerContext;
  private readonly now: () => Date;
  /** When a request arrived, as the log writes it. */
  private readonly timestamp: () => string;
  private readonly onRequest: ((entry: LoggedRequest) => void) | undefined;

  constructor(options: EngineOptions = {}) {
    this.apiKeys = new ApiKeys(options.apiKeys ?? { [DEMO_API_KEY]: [DEMO_COMPANY_ID] });
    this.secrets = this.apiKeys.keys;
    const seed = checkSeed(options.seed);
    this.store = new MockStore({
      seed,
      dataset: checkDataset(options.dataset),
      extraConnections: checkExtraConnections(options.extraConnections),
      loadCompanyId: this.apiKeys.firstCompany ?? DEMO_COMPANY_ID,
      demoCompanyId: options.demoCompanyId ?? DEMO_COMPANY_ID,
      ...(options.initialState === undefined ? {} : { initialState: options.initialState }),
    });
    this.faults = new Faults(createRandom(seed ^ 0x5eed), {
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
      ...(options.failRate !== undefined ? { failRate: options.failRate } : {}),
      ...(options.failWith !== undefined ? { failWith: options.failWith } : {}),
    });
    this.requests = new RequestLog(options.requestLogLimit ?? 1000);
    this.now = options.now ?? (() => new Date());
    this.timestamp = options.now === undefined ? wallClockTimestamp() : () => this.now().toISOString();
    this.onRequest = options.onRequest;
    const store = this.store;
    this.context = { store, cache: new StoreCache(() => store.version), now: this.now };
  }

  /** Store back to where it started, faults cleared, request log emptied. */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.requests.clear();
  }

  handle(request: MockRequest): MockResponse {
    const method = request.method.toUpperCase();
    // A request without a body is a function of its method and URL up to authentication: its route,
    // parsed query and validation are kept in the cache, so a load test's reads skip them.
    const shape =
      request.body === undefined && !request.bodyTooLarge && request.url.startsWith('/')
        ? this.context.cache.get(
            // A GET's key is its URL as received (no new string to hash), other methods' are prefixed;
            // neither can be one of the cache's other keys, which start with a name, not a slash.
            method === 'GET' ? request.url : `${method} ${request.url}`,
            () => shapeOf(method, request.url, true),
            (memo) => 256 + 2 * request.url.length + (memo.cacheKey?.length ?? 0),
          )
        : shapeOf(method, request.url, false);
    const { path, query } = shape;
    const latencyMs = this.faults.nextDelay();
    const outcome = this.process(request, method, shape);
    const { fault } = outcome;
    let transport: TransportAction | undefined;
    if (fault?.type === 'drop') transport = { type: 'drop' };
    else if (fault?.type === 'slow-body') transport = fault;
    const response: MockResponse = {
      status: outcome.status,
      headers: outcome.headers === undefined ? { ...JSON_HEADERS } : { ...JSON_HEADERS, ...outcome.headers },
      body: outcome.body,
      bodyBytes: outcome.bytes,
      delayMs: outcome.delayMs ?? latencyMs,
      transport,
      operationId: outcome.operationId,
      injected: fault !== undefined || outcome.delayMs !== undefined,
    };
    this.log(request, method, path, query, response, outcome);
    return response;
  }

  /** Runs the steps; an `HttpError` from any of them is the answer. */
  private process(request: MockRequest, method: string, shape: RequestShape): Outcome {
    const { path, query } = shape;
    const outcome: Outcome = {
      status: 200,
      body: '',
      bytes: undefined,
      headers: undefined,
      operationId: undefined,
      fault: undefined,
      delayMs: undefined,
      parsedBody: undefined,
    };
    try {
      if (shape.routed instanceof HttpError) throw shape.routed;
      const { operation, rawParams } = shape.routed;
      outcome.operationId = operation.operationId;
      checkBodyLimit(request);
      authorizeCompany(authenticate(this.apiKeys, request), shape.companyId);
      if (shape.validated instanceof HttpError) throw shape.validated;
      const valid = shape.validated ?? validateRequest(operation, rawParams, query, request.body);
      outcome.parsedBody = valid.body;
      const { action, delayMs } = takeFault(this.faults, {
        method,
        path,
        operationId: operation.operationId,
      });
      outcome.fault = action;
      outcome.delayMs = delayMs;
      if (action?.type === 'status') {
        const injected = injectedStatus(action);
        outcome.status = injected.status;
        outcome.body = injected.body;
        outcome.headers = injected.headers;
      } else if (action?.type !== 'drop' || action.when === 'after') {
        const handled = handle(operation, valid, this.context, shape.cacheKey);
        outcome.body = handled.text;
        outcome.bytes = handled.bytes;
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      outcome.status = error.status;
      outcome.body = error.body();
      outcome.headers = error.headers;
    }
    return outcome;
  }

  private log(
    request: MockRequest,
    method: string,
    path: string,
    query: ParsedQuery,
    response: MockResponse,
    outcome: Outcome,
  ): void {
    const apiKey = request.headers['x-api-key'];
    let body = outcome.parsedBody;
    if (body === undefined && request.body !== undefined && request.body !== '' && !request.bodyTooLarge) {
      try {
        body = JSON.parse(request.body) as unknown;
      } catch {
        body = undefined;
      }
    }
    const entry: LoggedRequest = {
      time: this.timestamp(),
      method,
      path,
      query: redactQuery(query.values, this.secrets),
      operationId: response.operationId,
      apiKey: apiKey === undefined ? undefined : maskSecret(apiKey),
      body: body === undefined ? undefined : redactCredentials(body),
      status: response.transport?.type === 'drop' ? 0 : response.status,
      fault: outcome.fault?.type ?? (outcome.delayMs === undefined ? undefined : 'delay'),
    };
    this.requests.add(entry);
    try {
      this.onRequest?.(entry);
    } catch (error) {
      // The request was applied and logged, so its answer stands: an observer's error (an `expect`
      // in a test's callback) is reported as an uncaught error, which the test runner shows,
      // instead of turning the answer into a 500 that hides it.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
