import type { StorageEngine } from '@spartera/types';
import { apiPromise, type APIPromise, type Exchange } from './core/api-promise.js';
import { readEnv } from './core/env.js';
import { APIError, isRecord, MissingConfigurationError, SparteraError } from './core/errors.js';
import { createLog, INFO, WARN, writeLog, type Log, type Logger, type LogLevel } from './core/log.js';
import type { MethodOf, Path, PathParams, Query, RequestBody, Result } from './core/spec.js';
import {
  createTransport,
  MAX_BODY_BYTES,
  MAX_ERROR_BODY_BYTES,
  parseJson,
  redact,
  secretsOf,
  type AttemptPolicy,
  type OutgoingRequest,
  type FetchLike,
  type Middleware,
  type Received,
  type Transport,
} from './core/transport.js';
import {
  buildPath,
  checkId,
  checkNames,
  checkObject,
  checkTimeout,
  checkWhole,
  describeValue,
  invalid,
} from './core/values.js';
import { Connections, type ConnectionListParams, type SampleDataParams } from './resources/connections.js';
import { Engines } from './resources/engines.js';

declare const __SPARTERA_CLIENT_VERSION__: string;

/** This package's version, as sent in the `user-agent` header. */
export const VERSION: string = __SPARTERA_CLIENT_VERSION__;

/** Production; staging is `https://stage.api.spartera.com`. */
export const DEFAULT_BASE_URL = 'https://api.spartera.com';

/** Headers as an object, a `Headers`, a `Map` or `[name, value]` pairs; `undefined` values are left out. */
export type HeadersInput =
  | Record<string, string | undefined>
  | Headers
  | ReadonlyMap<string, string>
  | Iterable<readonly [string, string]>;

export interface ClientOptions {
  /** The company's API key. Default: `SPARTERA_API_KEY`. Sent as `x-api-key`, never logged. */
  apiKey?: string | undefined;
  /** The company whose connections the calls address. Default: `SPARTERA_COMPANY_ID`. */
  companyId?: string | undefined;
  /** An `http:` or `https:` URL. Default: `SPARTERA_API_BASE_URL`, else `https://api.spartera.com`. */
  baseUrl?: string | undefined;
  /**
   * Time allowed per attempt, reading the body included: 1 to 2147483647 ms, or `0` or `Infinity`
   * for none. Default 60000.
   */
  timeoutMs?: number | undefined;
  /** Extra attempts for GET and DELETE after a network error, 408, 429 or 5xx: 0 to 10. Default 2. */
  maxRetries?: number | undefined;
  /** A `fetch` to use instead of `globalThis.fetch`; it must honour `init.signal`. */
  fetch?: FetchLike | undefined;
  /** Headers added to every request. */
  headers?: HeadersInput | undefined;
  /** How much to log. Default: `SPARTERA_LOG`, else `'warn'`. */
  logLevel?: LogLevel | undefined;
  /** Where log lines go. Default: `console`. */
  logger?: Logger | undefined;
  /** Hooks around every HTTP attempt, of the methods and of `createRawClient` alike. */
  middleware?: readonly Middleware[] | undefined;
}

/** What `withOptions` may change: the derived client keeps the key, base URL, transport and middleware. */
export type DerivedClientOptions = Pick<
  ClientOptions,
  'companyId' | 'timeoutMs' | 'maxRetries' | 'headers' | 'logLevel'
>;

/** The optional last argument of every method: settings for that one call. */
export interface RequestOptions {
  /** Address another company than the client's. */
  companyId?: string | undefined;
  /** Aborting it stops the request and any pending retry at once; the call rejects with its reason. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** Headers added to this request. */
  headers?: HeadersInput | undefined;
}

/** @internal What a call sends besides its path parameters. */
export interface CallOptions<P extends Path, M extends MethodOf<P>> {
  query?: Query<P, M> | undefined;
  body?: RequestBody<P, M> | undefined;
  /** `data` is a list (of objects); otherwise it is one object. A 2xx whose `data` is not is malformed. */
  list?: true;
  /** For a DELETE: the result when a retry gets 404 after an earlier answer was lost. */
  gone?: Result<P, M>;
}

/** @internal A store of the engine listing, shared by a client and the clients derived from it. */
export interface EngineCache {
  listing?: Promise<StorageEngine[]> | undefined;
}

/** What a client shares with the clients derived from it. */
interface Shared {
  transport: Transport;
  engines: EngineCache;
}

/** What `withOptions` may change. */
const DERIVED_OPTIONS = ['companyId', 'timeoutMs', 'maxRetries', 'headers', 'logLevel'];

/** Every setting of `new Spartera`; the record makes the compiler check the list is whole. */
const CLIENT_OPTIONS = Object.keys({
  apiKey: 0,
  companyId: 0,
  baseUrl: 0,
  timeoutMs: 0,
  maxRetries: 0,
  fetch: 0,
  headers: 0,
  logLevel: 0,
  logger: 0,
  middleware: 0,
} satisfies Record<keyof ClientOptions, 0>);

/** Every setting of one call. */
const REQUEST_OPTIONS = Object.keys({
  companyId: 0,
  signal: 0,
  timeoutMs: 0,
  maxRetries: 0,
  headers: 0,
} satisfies Record<keyof RequestOptions, 0>);

/** Every query parameter of the API's operations; the record makes the compiler check the list is whole. */
const QUERY_NAMES = Object.keys({
  page: 0,
  limit: 0,
  sort_by: 0,
  sort_order: 0,
  search: 0,
  schema_name: 0,
  table_name: 0,
} satisfies Record<keyof (ConnectionListParams & SampleDataParams), 0>);

/** Set by `withOptions` for the one constructor call it makes. */
let sharing: Shared | undefined;

/** Headers lower-cased and checked, so that a bad one fails here and not deep inside `fetch`. */
function headersOf(init: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init === undefined) return headers;
  if (!init || typeof init !== 'object') {
    checkObject('headers', init, 'an object, a Headers or a Map');
    return headers;
  }
  for (const pair of Symbol.iterator in init ? (init as Iterable<unknown>) : Object.entries(init)) {
    // A flat list (`['x-team', 'data']`) would otherwise send `x: -` and `d: a`.
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new SparteraError('headers must be an object, a Headers, a Map or [name, value] pairs');
    }
    const [name, value] = pair as [unknown, unknown];
    if (value === undefined) continue;
    // The value is never shown: it may be a secret.
    if (
      !/^[!#$%&'*+.^`|~\w-]+$/.test(String(name)) ||
      typeof value !== 'string' ||
      !/^[\t\x20-\x7e\x80-\xff]*$/.test(value)
    ) {
      throw new SparteraError(
        `Header ${JSON.stringify(String(name))} needs a token name and a Latin-1 value without line breaks`,
      );
    }
    headers[String(name).toLowerCase()] = value;
  }
  return headers;
}

/** `?a=1&b=x` of the defined values, encoded as openapi-fetch does (`%20`, not `+`). */
function queryString(query: unknown): string {
  if (!isRecord(query)) throw invalid('query', 'an object', query);
  let text = '';
  for (const name in query) {
    // A name the API does not read (a call's `timeoutMs` or `companyId` given in the query) would
    // be sent and ignored: the call would go on without it, or address the default company.
    if (!QUERY_NAMES.includes(name)) {
      throw new SparteraError(
        `The query has no parameter ${JSON.stringify(name.slice(0, 40))} (they are ${QUERY_NAMES.join(', ')}; a call's settings go in its last argument)`,
      );
    }
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'boolean' && !Number.isFinite(value)) {
      throw invalid(name, 'a string, a finite number or a boolean', value);
    }
    text += `${text ? '&' : '?'}${name}=${encodeURIComponent(value as string | number | boolean)}`;
  }
  return text;
}

/** `baseUrl` without a trailing slash, after checking it can only be an API root. */
function checkBaseUrl(baseUrl: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl as string);
  } catch {
    // Not a URL: refused below. (URL.canParse is missing from some edge runtimes.)
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    /[?#]/.test(baseUrl as string)
  ) {
    // Never echo a password or a token: whatever stands before an `@`, or after a `?` or a `#`, is
    // masked.
    throw invalid(
      'baseUrl',
      'an http:// or https:// URL without a user name, a password, a query or a fragment',
      typeof baseUrl === 'string'
        ? baseUrl.replace(/^([^/]*\/\/)?[^/@]*@/, '$1***@').replace(/([?#])[^]+/, '$1***')
        : baseUrl,
    );
  }
  // The parsed form: spaces around it trimmed, the host lower-cased, as `fetch` would send it.
  return url.href.replace(/\/+$/, '');
}

/**
 * Sets `values` on `target` as read-only properties, as their types say: the settings are read
 * once, by this constructor (calls without options share one policy built from them), so an
 * assignment would change nothing; in strict code it throws instead of being silently ignored.
 */
function readOnly(target: object, values: Record<string, unknown>): void {
  for (const name in values) {
    Object.defineProperty(target, name, { value: values[name], enumerable: true });
  }
}

/**
 * The Spartera Connections API client.
 *
 * ```ts
 * const spartera = new Spartera({ apiKey, companyId });
 * const connections = await spartera.connections.list({ limit: 50 });
 * ```
 */
export class Spartera {
  declare readonly baseUrl: string;
  /** The default company of connection calls; a call's `companyId` overrides it. */
  declare readonly companyId: string | undefined;
  /** Per attempt, in ms; `0` means none. */
  declare readonly timeoutMs: number;
  declare readonly maxRetries: number;
  declare readonly logLevel: LogLevel;
  declare readonly connections: Connections;
  declare readonly engines: Engines;
  readonly #apiKey: string;
  readonly #headers: Record<string, string>;
  readonly #shared: Shared;
  readonly #log: Log;
  /** The environment refused to say whether `SPARTERA_COMPANY_ID` is set (`null`), or the company id. */
  readonly #companyId: string | null | undefined;
  readonly #options: ClientOptions;
  /** The policy of a call without options: built once, as most calls have none. */
  readonly #plainPolicy: AttemptPolicy;

  constructor(options: ClientOptions = {}) {
    const shared = sharing;
    sharing = undefined;
    checkNames('The options of new Spartera', options, CLIENT_OPTIONS);
    this.#options = options;
    const {
      fetch = (url, init) => globalThis.fetch(url, init),
      middleware,
      logger = console,
    }: ClientOptions = options;
    const apiKey = options.apiKey ?? readEnv('SPARTERA_API_KEY');
    if (!apiKey) throw new MissingConfigurationError('apiKey', 'SPARTERA_API_KEY', apiKey === null);
    // fetch would refuse such a key with a message that quotes it; say what is wrong without it.
    if (typeof apiKey !== 'string' || !/^[\x21-\x7e\x80-\xff]+$/.test(apiKey)) {
      throw new SparteraError('apiKey must be printable Latin-1 characters, without spaces or line breaks');
    }
    const companyId = (this.#companyId = options.companyId ?? readEnv('SPARTERA_COMPANY_ID'));
    // The variable in any case (`SPARTERA_LOG=DEBUG`), the option as typed.
    const logLevel = options.logLevel ?? readEnv('SPARTERA_LOG')?.toLowerCase() ?? 'warn';
    if (typeof fetch !== 'function') throw invalid('fetch', 'a function', fetch);
    if (
      middleware &&
      !(
        Array.isArray(middleware) &&
        middleware.every(
          (hooks) =>
            isRecord(hooks) &&
            [hooks.onRequest, hooks.onResponse, hooks.onError].every(
              (hook) => hook === undefined || typeof hook === 'function',
            ),
        )
      )
    ) {
      throw invalid(
        'middleware',
        'an array of objects whose onRequest, onResponse and onError are functions',
        middleware,
      );
    }
    readOnly(this, {
      companyId: companyId == null ? undefined : checkId('companyId', companyId),
      baseUrl: checkBaseUrl(options.baseUrl ?? readEnv('SPARTERA_API_BASE_URL') ?? DEFAULT_BASE_URL),
      timeoutMs: checkTimeout('timeoutMs', options.timeoutMs ?? 60_000),
      maxRetries: checkWhole('maxRetries', options.maxRetries ?? 2, 0, 10),
      logLevel,
    });
    this.#log = createLog(logger, logLevel, options.logLevel ? 'logLevel' : 'SPARTERA_LOG');
    this.#plainPolicy = {
      timeoutMs: this.timeoutMs,
      maxRetries: this.maxRetries,
      signals: [],
      log: this.#log,
    };
    this.#apiKey = apiKey;
    this.#shared = shared ?? {
      transport: createTransport({ fetch, apiKey, middleware }),
      engines: {},
    };
    this.#headers = {
      accept: 'application/json',
      // Browsers refuse to let a script set the user-agent; every other runtime takes it.
      ...('document' in globalThis ? {} : { 'user-agent': `spartera-client-ts/${VERSION}` }),
      ...headersOf(options.headers),
      'x-api-key': apiKey,
    };
    readOnly(this, {
      connections: new Connections(this),
      engines: new Engines(this, this.#shared.engines),
    });
  }

  /**
   * A client with some settings changed that shares this one's transport, middleware and engine
   * listing: `spartera.withOptions({ companyId: 'globex_retail' })`. Its `headers` are added to
   * this client's.
   */
  withOptions(options: DerivedClientOptions): Spartera {
    checkNames('The options of withOptions', options, CLIENT_OPTIONS);
    // `undefined` leaves a setting as the parent has it (rather than falling back to the environment).
    const changes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(options as Record<string, unknown>)) {
      // The options this client was made with, spread back in (`{ ...options, companyId }`), keep
      // its settings as `undefined` does.
      if (
        value === undefined ||
        value === this.#options[name as keyof ClientOptions] ||
        (name === 'apiKey' && value === this.#apiKey) ||
        (name === 'baseUrl' && value === this.baseUrl)
      ) {
        continue;
      }
      // The rest is shared with this client (a key or a `fetch` here would be used by some requests
      // and not others): a client with another of them is a `new Spartera`.
      if (!DERIVED_OPTIONS.includes(name)) {
        throw new SparteraError(
          `withOptions can change ${DERIVED_OPTIONS.join(', ')}; for another ${name}, create a new Spartera`,
        );
      }
      // `null` would not keep the parent's setting: the constructor reads it as "not given" and
      // falls back to the environment.
      if (value === null) throw invalid(name, "a value, or undefined to keep this client's", value);
      changes[name] = value;
    }
    sharing = this.#shared;
    try {
      // `this.constructor`, not the class's name: naming it here would make bundlers rename the class.
      return new (this.constructor as typeof Spartera)({
        ...this.#options,
        ...changes,
        headers: { ...this.#headers, ...headersOf(options.headers) },
      });
    } finally {
      sharing = undefined;
    }
  }

  /** @internal The company a connection call addresses; throws when there is none. */
  _companyId(options: RequestOptions | undefined): string {
    const companyId = options?.companyId ?? this.#companyId;
    if (companyId == null)
      throw new MissingConfigurationError('companyId', 'SPARTERA_COMPANY_ID', companyId === null);
    return companyId;
  }

  /**
   * @internal One API call of `method path`, typed from the spec's `paths`: checks the arguments,
   * sends the call through the transport with this call's options, throws the right `APIError`
   * for a non-2xx status, and resolves with the envelope's `data` (passed through `map`) once it
   * has the shape the spec gives it. Every check happens inside the promise: a bad argument
   * rejects it. The methods build their URL here rather than through openapi-fetch: its extra
   * `Request` and `Response` objects cost more per call than the whole overhead budget.
   */
  _request<P extends Path, M extends MethodOf<P>, T = Result<P, M>>(
    method: M,
    path: P,
    options: RequestOptions | undefined,
    params: Omit<PathParams<P, M>, 'company_id'>,
    call: CallOptions<P, M> = {},
    map?: (data: Result<P, M>) => T,
  ): APIPromise<T> {
    const exchange = this.#send(method.toUpperCase(), path, options, params, call);
    return apiPromise(
      (map
        ? exchange.then((settled) => ({ ...settled, data: map(settled.data as Result<P, M>) }))
        : exchange) as Promise<Exchange<T>>,
    );
  }

  async #send(
    method: string,
    template: string,
    options: RequestOptions | undefined,
    params: object,
    { query = {}, body, list, gone }: CallOptions<Path, never>,
  ): Promise<Exchange<unknown>> {
    const policy = this.#policy(options);
    let text: string | undefined;
    if (body !== undefined || (method !== 'GET' && method !== 'DELETE')) {
      if (!isRecord(body)) throw invalid('The body', 'an object', body);
      // `undefined` fields are left out, as JSON leaves them out.
      const fields: Record<string, unknown> = {};
      for (const name in body) if (body[name] !== undefined) fields[name] = body[name];
      if (method === 'PATCH' && !Object.keys(fields).length)
        throw new SparteraError('update needs at least one field to change');
      if (method === 'POST') fields.company_id ??= this._companyId(options);
      try {
        text = JSON.stringify(fields);
      } catch (error) {
        throw new SparteraError(`The body could not be sent as JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    const path = buildPath(
      template,
      params as Record<string, unknown>,
      template.includes('{company_id}') ? this._companyId(options) : undefined,
    );
    // The label goes into errors and log lines: the key given as the company id too (a variable set
    // to the wrong value) must not show there.
    const label = redact(`${method} ${path}`, [this.#apiKey]);
    const received = await this.#shared.transport(
      {
        method,
        url: this.baseUrl + path + queryString(query),
        label,
        headers:
          text || options?.headers
            ? {
                ...this.#headers,
                ...(text && { 'content-type': 'application/json' }),
                ...headersOf(options?.headers),
                'x-api-key': this.#apiKey,
              }
            : this.#headers,
        body: text,
      },
      policy,
    );
    const { status } = received;
    if (status === 404 && gone && received.lost) {
      writeLog(
        this.#log,
        INFO,
        `${label}: 404 after a lost answer: the first attempt deleted it, resolved as deleted`,
      );
      return { data: gone, message: undefined, received };
    }
    if (status < 200 || status > 299) {
      let problem: string | undefined;
      // Status 0: the opaque redirect a browser's worker answers `redirect: 'manual'` with.
      if (!status || (status > 299 && status < 400)) {
        // Where it points, when it says so: a missing Location ('x:'), a `javascript:` or `data:`
        // one (origin 'null') and one that is no URL name nothing.
        let origin = 'null';
        try {
          ({ origin } = new URL(received.headers.get('location') ?? 'x:', received.url));
        } catch {
          // Not a URL.
        }
        problem = `redirected${origin === 'null' ? '' : ` to ${origin}`}, not followed: the API key is only sent to the base URL`;
      }
      throw this.#toError(received, label, body, problem);
    }
    const envelope = parseJson(received.text);
    const { data, message } = isRecord(envelope) ? envelope : {};
    if (list ? !(Array.isArray(data) && data.every(isRecord)) : !isRecord(data)) {
      // A body that is not JSON at all (a captive portal's page, a wrong `baseUrl`) says so.
      // The content-type is the server's text: redacted, as its headers are in the error.
      const problem = redact(
        `malformed response, ${
          received.cut
            ? `the body is over ${MAX_BODY_BYTES / 2 ** 20} MiB`
            : envelope === undefined && received.text
              ? `the body is not JSON (${received.headers.get('content-type') ?? 'no content-type'})`
              : `data is ${typeof data === 'string' ? 'a string' : describeValue(data)}`
        }, expected ${list ? 'an array of objects' : 'an object'}`,
        this.#secrets(body),
      );
      writeLog(this.#log, WARN, `${label}: ${status} ${problem}`);
      throw this.#toError(received, label, body, problem);
    }
    return { data, message: typeof message === 'string' ? message : undefined, received };
  }

  /** This call's timeout, retries, signals and log, after checking the options. */
  #policy(options: RequestOptions | undefined, signals: AbortSignal[] = []): AttemptPolicy {
    if (options === undefined && !signals.length) return this.#plainPolicy;
    if (options !== undefined) checkNames('The options of a call', options, REQUEST_OPTIONS, 'options');
    const { signal, timeoutMs, maxRetries } = options ?? {};
    if (signal !== undefined) {
      if (!(signal instanceof AbortSignal)) throw invalid('signal', 'an AbortSignal', signal);
      signals.push(signal);
    }
    return {
      timeoutMs: timeoutMs === undefined ? this.timeoutMs : checkTimeout('timeoutMs', timeoutMs),
      maxRetries: maxRetries === undefined ? this.maxRetries : checkWhole('maxRetries', maxRetries, 0, 10),
      signals,
      log: this.#log,
    };
  }

  /**
   * @internal What `createRawClient` builds on: the base URL and headers, a path serializer that
   * checks every path parameter as the methods check ids, and a sender through this client's
   * transport (retries, timeouts, middleware, logging) that always sends this client's key. The
   * key is not among the headers: the requests openapi-fetch builds, which its own middleware
   * (`use`) sees, go without it; `send` adds it.
   */
  _raw() {
    const headers = { ...this.#headers };
    delete headers['x-api-key'];
    return {
      baseUrl: this.baseUrl,
      headers,
      pathSerializer: buildPath,
      send: async (outgoing: OutgoingRequest, signal: AbortSignal) => {
        const received = await this.#shared.transport(
          {
            ...outgoing,
            label: redact(outgoing.label, [this.#apiKey]),
            headers: { ...outgoing.headers, 'x-api-key': this.#apiKey },
          },
          this.#policy(undefined, [signal]),
        );
        // An error body becomes the raw call's `error`, which gets logged: a server's echo of the
        // key or of the request's credentials is redacted there as in the methods' errors.
        if (received.status > 299) {
          return { ...received, ...this.#redacted(received, parseJson(outgoing.body ?? '')) };
        }
        return received;
      },
    };
  }

  /** What an error must not show: the key, and the request's credentials when it sent some. */
  #secrets(requestBody: unknown): string[] {
    return secretsOf(this.#apiKey, (requestBody as { credentials?: unknown } | undefined)?.credentials);
  }

  /** The text (its first `MAX_ERROR_BODY_BYTES`) and headers of `received`, without the secrets. */
  #redacted({ headers, text }: Received, requestBody: unknown): { text: string; headers: Headers } {
    const secrets = this.#secrets(requestBody);
    const redactedHeaders = new Headers();
    for (const [name, value] of headers) redactedHeaders.append(name, redact(value, secrets));
    // A malformed 2xx may be long: only its start can show in the excerpt.
    text = text.slice(0, MAX_ERROR_BODY_BYTES);
    // JSON may spell a secret with escapes (`\/`, `\u0073`) that parsing undoes: a JSON body is
    // redacted in its plain form, where only a quote, a backslash or a control is escaped.
    const parsed = parseJson(text);
    return {
      text: redact(parsed === undefined ? text : JSON.stringify(parsed), secrets),
      headers: redactedHeaders,
    };
  }

  /**
   * A non-2xx response as the error of its status, or one with a `problem` (a malformed 2xx, a
   * redirect) as an `APIError` saying it; its body, headers and problem redacted.
   */
  #toError(received: Received, label: string, requestBody: unknown, problem?: string): APIError {
    const { status } = received;
    const { text, headers: redactedHeaders } = this.#redacted(received, requestBody);
    const secrets = this.#secrets(requestBody);
    return problem
      ? new APIError(status, text, redactedHeaders, label, redact(problem, secrets))
      : APIError.generate(status, text ? (parseJson(text) ?? text) : undefined, redactedHeaders, label);
  }
}
