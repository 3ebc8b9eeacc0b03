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
import type { HandlerContext } from './handlers/index.js';
import type { EngineOptions } from './options.js';
import { checkDataset, checkExtraConnections, checkSeed } from './options.js';
import type { MockRequest, MockResponse, ParsedQuery, TransportAction } from './request.js';
import { parseQuery, splitUrl } from './request.js';
import type { LoggedRequest } from './request-log.js';
import { maskSecret, redactCredentials, RequestLog } from './request-log.js';
import { ApiKeys, authenticate, authorizeCompany } from './steps/auth.js';
import { checkBodyLimit } from './steps/body-limit.js';
import { injectedStatus, takeFault } from './steps/fault.js';
import { handle } from './steps/handle.js';
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
  headers: Readonly<Record<string, string>> | undefined;
  operationId: OperationId | undefined;
  fault: FaultAction | undefined;
  /** A queued delay that replaces the server-wide latency. */
  delayMs: number | undefined;
  /** The request body as validation parsed it, for the log. */
  parsedBody: unknown;
}

export class MockEngine {
  readonly store: MockStore;
  readonly faults: Faults;
  readonly requests: RequestLog;
  private readonly apiKeys: ApiKeys;
  private readonly context: HandlerContext;
  private readonly now: () => Date;
  private readonly onRequest: ((entry: LoggedRequest) => void) | undefined;

  constructor(options: EngineOptions = {}) {
    this.apiKeys = new ApiKeys(options.apiKeys ?? { [DEMO_API_KEY]: [DEMO_COMPANY_ID] });
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
    const { path, query: queryText } = splitUrl(request.url);
    const query = parseQuery(queryText);
    const latencyMs = this.faults.nextDelay();
    const outcome = this.process(request, method, path, query);
    const { fault } = outcome;
    let transport: TransportAction | undefined;
    if (fault?.type === 'drop') transport = { type: 'drop' };
    else if (fault?.type === 'slow-body') transport = fault;
    const response: MockResponse = {
      status: outcome.status,
      headers: outcome.headers === undefined ? { ...JSON_HEADERS } : { ...JSON_HEADERS, ...outcome.headers },
      body: outcome.body,
      delayMs: outcome.delayMs ?? latencyMs,
      transport,
      operationId: outcome.operationId,
      injected: fault !== undefined || outcome.delayMs !== undefined,
    };
    this.log(request, method, path, query, response, outcome);
    return response;
  }

  /** Runs the steps; an `HttpError` from any of them is the answer. */
  private process(request: MockRequest, method: string, path: string, query: ParsedQuery): Outcome {
    const outcome: Outcome = {
      status: 200,
      body: '',
      headers: undefined,
      operationId: undefined,
      fault: undefined,
      delayMs: undefined,
      parsedBody: undefined,
    };
    try {
      const { operation, rawParams } = route(method, path);
      outcome.operationId = operation.operationId;
      checkBodyLimit(request);
      authorizeCompany(authenticate(this.apiKeys, request), rawParams);
      const valid = validateRequest(operation, rawParams, query, request.body);
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
        outcome.body = handle(operation, valid, this.context);
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
      time: this.now().toISOString(),
      method,
      path,
      query: query.values,
      operationId: response.operationId,
      apiKey: apiKey === undefined ? undefined : maskSecret(apiKey),
      body: body === undefined ? undefined : redactCredentials(body),
      status: response.transport?.type === 'drop' ? 0 : response.status,
      fault: outcome.fault?.type ?? (outcome.delayMs === undefined ? undefined : 'delay'),
    };
    this.requests.add(entry);
    this.onRequest?.(entry);
  }
}
