/**
 * The mock API as a pure function of a request: `engine.handle(request) → response`. The node:http
 * server and the MSW handlers are thin transports over it, so every way of running the mock behaves
 * the same. Checks run in the order the real API applies them: route (404/405), size (413), auth (401),
 * company access (403, for a well-formed company id), validation (400), resource (404), semantics (409/422).
 */
import type { Connection, ConnectionInput, ConnectionUpdate, OperationId } from '@spartera/types';
import { DEMO_API_KEY, DEMO_COMPANY_ID } from '../fixtures/demo.js';
import { buildSampleData } from '../fixtures/warehouse.js';
import { createRandom, hashString } from '../random.js';
import type { FaultAction, Latency, RandomFailure } from './faults.js';
import { Faults } from './faults.js';
import type { LoggedRequest } from './request-log.js';
import { maskSecret, REDACTED, RequestLog } from './request-log.js';
import { matchRoute } from './router.js';
import type { FieldErrors, OperationSpec } from './spec.js';
import {
  bodyValidator,
  checkSchema,
  parameterValidator,
  schemaPropertyNames,
  toFieldErrors,
} from './spec.js';
import type { DatasetName } from './store.js';
import { matchesSearch, MockStore, sortItems } from './store.js';

/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 1_048_576;

export interface EngineOptions {
  /** API key → the company ids it may access. Default: `{ [DEMO_API_KEY]: [DEMO_COMPANY_ID] }`. */
  apiKeys?: Record<string, readonly string[]>;
  /** Seeds ids, random latency and random failures (default 1). */
  seed?: number;
  /** `demo` (default): the demo companies and connections; `empty`: no connections. */
  dataset?: DatasetName;
  /** The company that holds the demo company's connections (default `DEMO_COMPANY_ID`). */
  demoCompanyId?: string;
  /** That many more generated connections for the first company of `apiKeys`, for load tests. */
  extraConnections?: number;
  /** Delay every response: fixed milliseconds or a [min, max] range. */
  latencyMs?: Latency;
  /** Share of requests (0..1) that fail at random, with one of `failWith`. */
  failRate?: number;
  failWith?: readonly RandomFailure[];
  /** How many requests `requests` keeps, newest last (default 1000). */
  requestLogLimit?: number;
  /** The clock for `date_created`, `last_updated` and `tested_at` (default: real time). */
  now?: () => Date;
  /** Called with each logged request (secrets masked), for live logs such as the CLI's `--log`. */
  onRequest?: (entry: LoggedRequest) => void;
}

/** A request, as any transport can describe it. */
export interface MockRequest {
  method: string;
  /** Path and query as sent: `/companies/acme/connections?page=2`. */
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text, or undefined when there is none. */
  body: string | undefined;
  /** Set by a transport that stopped reading a body over `MAX_BODY_BYTES`. */
  bodyTooLarge?: boolean;
}

/** What the transport must do beyond writing status, headers and body. */
export type TransportAction =
  { type: 'drop' } | { type: 'slow-body'; chunkBytes: number; chunkDelayMs: number };

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or the raw body of a `nextResponses({ rawBody })` fault. */
  body: string;
  /** Wait this long before answering (latency faults). */
  delayMs: number;
  transport: TransportAction | undefined;
  operationId: OperationId | undefined;
  /** True when a fault produced this answer rather than the API's behaviour. */
  injected: boolean;
}

/** An answer other than 200, thrown from deep in a handler and turned into the error body. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const INVALID_INPUT = 'Invalid input';

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Authentication required',
  403: 'Permission denied',
  404: 'Resource not found',
  405: 'Method not allowed',
  409: 'Resource conflict',
  413: `Request body exceeds ${MAX_BODY_BYTES} bytes`,
  422: 'Unprocessable entity',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** `sort_by` takes a field of the listed schema; the spec leaves it a free string, the mock says which. */
const sortFields: Partial<Record<OperationId, ReadonlySet<string>>> = {
  listConnections: new Set(schemaPropertyNames('Connection')),
  listCloudProviders: new Set(schemaPropertyNames('CloudProvider')),
  listStorageEngines: new Set(schemaPropertyNames('StorageEngine')),
};

type Params = Record<string, unknown>;

/** Operations whose 200 body is a function of the parameters and the store (not of the clock). */
const CACHEABLE: ReadonlySet<OperationId> = new Set<OperationId>([
  'listConnections',
  'getConnection',
  'getConnectionInfoSchema',
  'listCloudProviders',
  'listStorageEngines',
  'getStorageEngine',
]);
const MAX_CACHED_RESPONSES = 256;

interface Context {
  operation: OperationSpec;
  params: Params;
  body: unknown;
}

function successMessage(operation: OperationSpec): string {
  const description = operation.responses['200']?.description;
  return typeof description === 'string' ? description : 'OK';
}

/** Replaces every `credentials` value, at any depth (a malformed body may nest it), with `[redacted]`. */
function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (body === null || typeof body !== 'object') return body;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body))
    copy[key] = key === 'credentials' ? REDACTED : redactBody(value);
  return copy;
}

interface ParsedQuery {
  values: Record<string, string>;
  /** Names given more than once. */
  repeated: string[];
}

function parseQuery(query: string): ParsedQuery {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  if (query === '') return { values, repeated };
  for (const [name, value] of new URLSearchParams(query)) {
    if (name in values) repeated.push(name);
    values[name] = value;
  }
  return { values, repeated };
}

function stringField(params: Params, name: string): string {
  return params[name] as string;
}

export class MockEngine {
  readonly store: MockStore;
  readonly faults: Faults;
  readonly requests: RequestLog;
  private readonly apiKeys: Map<string, ReadonlySet<string>>;
  private readonly now: () => Date;
  private readonly onRequest: ((entry: LoggedRequest) => void) | undefined;
  private readonly responseCache = new Map<string, string>();
  private cacheVersion = -1;

  constructor(options: EngineOptions = {}) {
    const apiKeys = options.apiKeys ?? { [DEMO_API_KEY]: [DEMO_COMPANY_ID] };
    const entries = Object.entries(apiKeys);
    if (entries.length === 0) throw new TypeError('apiKeys must name at least one API key');
    for (const [key, companies] of entries) {
      if (key.length === 0) throw new TypeError('apiKeys: an API key must not be empty');
      if (!Array.isArray(companies))
        throw new TypeError(`apiKeys[${maskSecret(key)}] must be an array of company ids`);
    }
    this.apiKeys = new Map(entries.map(([key, companies]) => [key, new Set(companies)]));
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${String(seed)}`);
    const extra = options.extraConnections ?? 0;
    if (!Number.isInteger(extra) || extra < 0) {
      throw new RangeError(
        `extraConnections must be an integer ≥ 0, got ${String(options.extraConnections)}`,
      );
    }
    const dataset = options.dataset ?? 'demo';
    if (!['demo', 'empty'].includes(dataset))
      throw new TypeError(`dataset must be 'demo' or 'empty', got ${JSON.stringify(dataset)}`);
    const firstCompany = entries[0]?.[1][0] ?? DEMO_COMPANY_ID;
    this.store = new MockStore({
      seed,
      dataset,
      extraConnections: extra,
      loadCompanyId: firstCompany,
      demoCompanyId: options.demoCompanyId ?? DEMO_COMPANY_ID,
    });
    this.faults = new Faults(createRandom(seed ^ 0x5eed), {
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
      ...(options.failRate !== undefined ? { failRate: options.failRate } : {}),
      ...(options.failWith !== undefined ? { failWith: options.failWith } : {}),
    });
    this.requests = new RequestLog(options.requestLogLimit ?? 1000);
    this.now = options.now ?? (() => new Date());
    this.onRequest = options.onRequest;
  }

  /** Store back to the seed, faults cleared, request log emptied. */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.requests.clear();
  }

  handle(request: MockRequest): MockResponse {
    const method = request.method.toUpperCase();
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    const query = parseQuery(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
    const route = matchRoute(method, path);
    const operationId = route.kind === 'operation' ? route.operation.operationId : undefined;
    const fault = this.faults.take({ method, path, operationId });
    const delayMs = this.faults.nextDelay();

    let response: MockResponse;
    let parsedBody: unknown;
    if (fault?.type === 'drop' && fault.when === 'before') {
      response = this.respond(0, '', delayMs, operationId, { type: 'drop' }, true);
    } else if (fault?.type === 'status') {
      response = this.injectedStatus(fault, delayMs, operationId);
    } else {
      let status: number;
      let body: string;
      let headers: Record<string, string> = {};
      try {
        if (route.kind === 'not-found') throw new HttpError(404, `No route for ${method} ${path}`);
        if (route.kind === 'method-not-allowed') {
          throw new HttpError(
            405,
            `${method} is not allowed here; use ${route.allow.join(', ')}`,
            {},
            { allow: route.allow.join(', ') },
          );
        }
        const context = this.prepare(route.operation, route.rawParams, query, request);
        parsedBody = context.body;
        body = this.cachedRead(context);
        status = 200;
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        status = error.status;
        headers = error.headers;
        body = JSON.stringify({ code: error.status, message: error.message, ...error.extra });
      }
      const transport: TransportAction | undefined =
        fault?.type === 'drop' ? { type: 'drop' } : fault?.type === 'slow-body' ? fault : undefined;
      response = this.respond(status, body, delayMs, operationId, transport, fault !== undefined, headers);
    }
    this.log(request, method, path, query, response, fault, parsedBody);
    return response;
  }

  private respond(
    status: number,
    body: string,
    delayMs: number,
    operationId: OperationId | undefined,
    transport: TransportAction | undefined,
    injected: boolean,
    headers: Record<string, string> = {},
  ): MockResponse {
    return {
      status,
      headers: { ...JSON_HEADERS, ...headers },
      body,
      delayMs,
      transport,
      operationId,
      injected,
    };
  }

  private injectedStatus(
    fault: Extract<FaultAction, { type: 'status' }>,
    delayMs: number,
    operationId: OperationId | undefined,
  ): MockResponse {
    const payload: Record<string, unknown> = {
      code: fault.status,
      message: fault.message ?? STATUS_MESSAGES[fault.status] ?? 'Injected failure',
    };
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) {
      headers['retry-after'] = String(fault.retryAfter);
      if (fault.status === 429) payload.retry_after = fault.retryAfter;
    }
    if (fault.rawBody) headers['content-type'] = fault.rawBody.contentType;
    return this.respond(
      fault.status,
      fault.rawBody ? fault.rawBody.text : JSON.stringify(payload),
      delayMs,
      operationId,
      undefined,
      true,
      headers,
    );
  }

  private log(
    request: MockRequest,
    method: string,
    path: string,
    query: ParsedQuery,
    response: MockResponse,
    fault: FaultAction | undefined,
    parsedBody: unknown,
  ): void {
    const apiKey = request.headers['x-api-key'];
    let body = parsedBody;
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
      body: redactBody(body),
      status: response.transport?.type === 'drop' ? 0 : response.status,
      fault: fault?.type,
    };
    this.requests.add(entry);
    this.onRequest?.(entry);
  }

  /** Auth, access and validation; returns the coerced parameters and the parsed body. */
  private prepare(
    operation: OperationSpec,
    rawParams: Record<string, string>,
    query: ParsedQuery,
    request: MockRequest,
  ): Context {
    if (request.bodyTooLarge) throw new HttpError(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    const apiKey = request.headers['x-api-key'];
    if (apiKey === undefined || apiKey === '') {
      throw new HttpError(401, 'Authentication required: send your API key in the x-api-key header');
    }
    const companies = this.apiKeys.get(apiKey);
    if (!companies) throw new HttpError(401, 'Authentication required: the API key is not valid');

    const errors: FieldErrors = {};
    const params: Params = {};
    for (const [name, raw] of Object.entries(rawParams)) {
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        errors[name] = ['is not valid percent-encoding'];
      }
    }
    const companyId = params.company_id;
    // An id the spec refuses (wrong characters, too long) names no company at all: validation says
    // what is wrong with it (400) instead of denying access to it.
    if (
      typeof companyId === 'string' &&
      !companies.has(companyId) &&
      checkSchema('ResourceId', companyId).length === 0
    ) {
      throw new HttpError(403, 'Permission denied: this API key cannot access that company');
    }

    const { values, repeated } = query;
    for (const parameter of operation.parameters) {
      if (parameter.in === 'query' && parameter.name in values)
        params[parameter.name] = values[parameter.name];
    }
    for (const name of repeated) {
      if (operation.parameters.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
        errors[name] = ['must be given at most once'];
      }
    }
    const validateParams = parameterValidator(operation);
    if (!validateParams(params)) mergeErrors(errors, toFieldErrors(validateParams.errors ?? [], 'query'));
    const allowedSort = sortFields[operation.operationId];
    if (allowedSort && typeof params.sort_by === 'string' && !allowedSort.has(params.sort_by)) {
      errors.sort_by = [`must be one of ${[...allowedSort].join(', ')}`];
    }

    let body: unknown;
    const validateBody = bodyValidator(operation);
    if (validateBody) {
      if (request.body === undefined || request.body.trim() === '') {
        errors.body = ['is required'];
      } else {
        try {
          body = JSON.parse(request.body) as unknown;
          if (!validateBody(body)) mergeErrors(errors, toFieldErrors(validateBody.errors ?? [], 'body'));
        } catch {
          errors.body = ['is not valid JSON'];
        }
      }
    }
    if (Object.keys(errors).length > 0) throw new HttpError(400, INVALID_INPUT, { errors });
    return { operation, params, body };
  }

  private envelope(context: Context, data: unknown): string {
    return JSON.stringify({ message: successMessage(context.operation), data });
  }

  /**
   * Reads whose answer depends only on the parameters and the stored data are serialized once and
   * served from a cache until the next write: the hot path of a load test allocates almost nothing.
   */
  private cachedRead(context: Context): string {
    if (!CACHEABLE.has(context.operation.operationId)) return this.dispatch(context);
    if (this.cacheVersion !== this.store.version) {
      this.responseCache.clear();
      this.cacheVersion = this.store.version;
    }
    const key = `${context.operation.operationId}\u0000${JSON.stringify(context.params)}`;
    let body = this.responseCache.get(key);
    if (body === undefined) {
      body = this.dispatch(context);
      if (this.responseCache.size >= MAX_CACHED_RESPONSES) this.responseCache.clear();
      this.responseCache.set(key, body);
    }
    return body;
  }

  private dispatch(context: Context): string {
    switch (context.operation.operationId) {
      case 'listConnections':
        return this.listConnections(context);
      case 'createConnection':
        return this.createConnection(context);
      case 'getConnection':
        return this.envelope(context, this.requireConnection(context.params));
      case 'updateConnection':
        return this.updateConnection(context);
      case 'deleteConnection':
        return this.deleteConnection(context);
      case 'testConnection':
        return this.testConnection(context);
      case 'getConnectionInfoSchema':
        return this.infoSchema(context);
      case 'getConnectionSampleData':
        return this.sampleData(context);
      case 'listCloudProviders':
        return this.listCatalog(context, [...this.store.cloudProviders], 'provider_id');
      case 'listStorageEngines': {
        const providerId = context.params.provider_id as number;
        if (!this.store.cloudProviders.some((provider) => provider.provider_id === providerId)) {
          throw new HttpError(404, `Cloud provider ${providerId} not found`);
        }
        const engines = this.store.storageEngines.filter((engine) => engine.provider_id === providerId);
        return this.listCatalog(context, engines, 'engine_id');
      }
      case 'getStorageEngine': {
        const { provider_id: providerId, engine_id: engineId } = context.params as {
          provider_id: number;
          engine_id: number;
        };
        const engine = this.store.storageEngines.find(
          (candidate) => candidate.engine_id === engineId && candidate.provider_id === providerId,
        );
        if (!engine)
          throw new HttpError(404, `Storage engine ${engineId} of cloud provider ${providerId} not found`);
        return this.envelope(context, engine);
      }
    }
  }

  private page<T>(items: readonly T[], params: Params): T[] {
    const page = params.page as number;
    const limit = params.limit as number;
    return items.slice((page - 1) * limit, page * limit);
  }

  private listConnections(context: Context): string {
    const { params } = context;
    const sortBy = (params.sort_by as string | undefined) ?? 'date_created';
    const view = this.store.listConnections(stringField(params, 'company_id'), {
      sortBy,
      sortOrder: params.sort_order as 'asc' | 'desc',
      search: params.search as string | undefined,
    });
    return this.envelope(context, this.page(view, params));
  }

  /** Catalog lists come in id order unless `sort_by` asks otherwise. */
  private listCatalog<T extends object>(context: Context, items: T[], idField: keyof T & string): string {
    const { params } = context;
    const sortBy = params.sort_by as string | undefined;
    const needle = (params.search as string | undefined)?.toLowerCase();
    let selected = needle === undefined ? items : items.filter((item) => matchesSearchAny(item, needle));
    selected =
      sortBy === undefined
        ? sortItems(selected, idField, 'asc', idField)
        : sortItems(selected, sortBy, params.sort_order as 'asc' | 'desc', idField);
    return this.envelope(context, this.page(selected, params));
  }

  private requireConnection(params: Params): Connection {
    const companyId = stringField(params, 'company_id');
    const connectionId = stringField(params, 'connection_id');
    const connection = this.store.getConnection(companyId, connectionId);
    if (!connection) throw new HttpError(404, `Connection ${connectionId} not found`);
    return connection;
  }

  private checkSemantics(
    companyId: string,
    fields: ConnectionUpdate,
    connectionId: string | undefined,
  ): void {
    if (fields.company_id !== undefined && fields.company_id !== companyId) {
      throw new HttpError(
        422,
        `company_id ${fields.company_id} in the body must be the company in the path, ${companyId}`,
      );
    }
    if (
      fields.engine_id !== undefined &&
      !this.store.storageEngines.some((engine) => engine.engine_id === fields.engine_id)
    ) {
      throw new HttpError(422, `engine_id ${fields.engine_id} does not name a storage engine`);
    }
    if (fields.name !== undefined) {
      const existing = this.store.findByName(companyId, fields.name);
      if (existing && existing.connection_id !== connectionId) {
        throw new HttpError(409, 'A connection with this name already exists');
      }
    }
  }

  private createConnection(context: Context): string {
    const companyId = stringField(context.params, 'company_id');
    const { credentials, ...fields } = context.body as ConnectionInput;
    this.checkSemantics(companyId, fields, undefined);
    const now = this.now().toISOString();
    const record = this.store.insertConnection(
      { connection_id: this.store.newConnectionId(), ...fields, date_created: now, last_updated: now },
      credentials,
    );
    return this.envelope(context, { connection_id: record.connection_id });
  }

  private updateConnection(context: Context): string {
    const companyId = stringField(context.params, 'company_id');
    const existing = this.requireConnection(context.params);
    const { credentials, ...fields } = context.body as ConnectionUpdate;
    this.checkSemantics(companyId, fields, existing.connection_id);
    this.store.updateConnection(
      companyId,
      existing.connection_id,
      { ...fields, last_updated: this.now().toISOString() },
      credentials,
    );
    return this.envelope(context, { connection_id: existing.connection_id });
  }

  private deleteConnection(context: Context): string {
    const existing = this.requireConnection(context.params);
    this.store.deleteConnection(existing.company_id, existing.connection_id);
    return this.envelope(context, { connection_id: existing.connection_id });
  }

  private testConnection(context: Context): string {
    const connection = this.requireConnection(context.params);
    const outcome = this.store.testOutcome(connection.company_id, connection.connection_id);
    const engine = this.store.storageEngines.find(
      (candidate) => candidate.engine_id === connection.engine_id,
    );
    const service = engine?.service_name ?? 'the warehouse';
    const latency = 40 + (hashString(connection.connection_id) % 360);
    const messages = {
      ok: `Connected to ${service}; the stored credentials were accepted`,
      unreachable: `Could not reach the ${service} host: the connection timed out after 10 s`,
      'no-credentials': `No credentials are stored for this ${service} connection; add them with an update`,
    } as const;
    const key = outcome ?? 'unreachable';
    return this.envelope(context, {
      connection_id: connection.connection_id,
      success: key === 'ok',
      message: messages[key],
      latency_ms: key === 'unreachable' ? 10_000 : latency,
      tested_at: this.now().toISOString(),
    });
  }

  private infoSchema(context: Context): string {
    const connection = this.requireConnection(context.params);
    return this.envelope(context, this.store.infoSchema(connection.company_id, connection.connection_id));
  }

  private sampleData(context: Context): string {
    const connection = this.requireConnection(context.params);
    const schemaName = stringField(context.params, 'schema_name');
    const tableName = stringField(context.params, 'table_name');
    const schema = this.store.infoSchema(connection.company_id, connection.connection_id);
    const known = schema?.schemas
      .find((candidate) => candidate.schema_name === schemaName)
      ?.tables.some((table) => table.table_name === tableName);
    const data = known
      ? buildSampleData(connection.connection_id, schemaName, tableName, context.params.limit as number)
      : undefined;
    if (!data) throw new HttpError(404, `Table ${schemaName}.${tableName} not found in this connection`);
    return this.envelope(context, data);
  }
}

/** Adds errors for fields not already at fault, so the first, most specific message wins. */
function mergeErrors(into: FieldErrors, from: FieldErrors): void {
  for (const [field, messages] of Object.entries(from)) into[field] ??= messages;
}

function matchesSearchAny(item: object, needle: string): boolean {
  const record = item as { name?: unknown; description?: unknown; service_name?: unknown };
  const name =
    typeof record.name === 'string'
      ? record.name
      : typeof record.service_name === 'string'
        ? record.service_name
        : undefined;
  const description = typeof record.description === 'string' ? record.description : undefined;
  return matchesSearch(
    { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) },
    needle,
  );
}
