import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '@spartera/types';
import { APIError, MissingConfigurationError, SparteraError } from './core/errors.js';
import {
  createTransport,
  parseJson,
  toResponse,
  type AttemptPolicy,
  type BufferedResponse,
  type FetchLike,
  type Transport,
} from './core/transport.js';
import { Connections } from './resources/connections.js';
import { Engines } from './resources/engines.js';

declare const __SPARTERA_CLIENT_VERSION__: string;

/** This package's version, as sent in the `user-agent` header. */
export const VERSION: string = __SPARTERA_CLIENT_VERSION__;

/** Production; staging is `https://stage.api.spartera.com`. */
export const DEFAULT_BASE_URL = 'https://api.spartera.com';

export interface ClientOptions {
  /** The company's API key. Default: `SPARTERA_API_KEY`. Sent as `x-api-key`, never logged. */
  apiKey?: string | undefined;
  /** The company whose connections the calls address. Default: `SPARTERA_COMPANY_ID`. */
  companyId?: string | undefined;
  /** Default: `SPARTERA_API_BASE_URL`, else `https://api.spartera.com`. */
  baseUrl?: string | undefined;
  /** Time allowed per attempt, reading the body included. Default 60000. */
  timeoutMs?: number | undefined;
  /** Extra attempts for GET and DELETE after a network error, 408, 429 or 5xx. Default 2. */
  maxRetries?: number | undefined;
  /** A `fetch` to use instead of `globalThis.fetch`; it must honour `init.signal`. */
  fetch?: FetchLike | undefined;
  /** Headers added to every request. */
  headers?: Record<string, string> | undefined;
}

/** The optional last argument of every method: settings for that one call. */
export interface RequestOptions {
  /** Address another company than the client's. */
  companyId?: string | undefined;
  /** Aborting it stops the request and any pending retry at once; the call rejects with its reason. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** Headers added to this request. */
  headers?: Record<string, string> | undefined;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const ID_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

/** Throws unless `value` is an id the API accepts in a path (which also rules out `../` and `/`). */
export function checkId(name: string, value: unknown): string {
  if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new SparteraError(`${name} must be 1 to 255 letters, digits, '_' or '-'; got ${shown}`);
}

function checkCount(name: string, value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new SparteraError(`${name} must be a whole number of 0 or more; got ${String(value)}`);
}

/** An environment variable, where the runtime has one (`process` is absent in browsers and edge runtimes). */
function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      name
    ]?.trim();
    return value || undefined;
  } catch {
    // Deno without --allow-env throws on access: treat as unset.
    return undefined;
  }
}

/** Header names lower-cased, so that a caller's `X-Api-Key` replaces ours instead of joining it. */
function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const lowered: Record<string, string> = {};
  if (headers) for (const name in headers) lowered[name.toLowerCase()] = headers[name] as string;
  return lowered;
}

/** `?a=1&b=x` of the defined values, encoded as openapi-fetch does (`%20`, not `+`). */
function queryString(query: object): string {
  let text = '';
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) text += `${text ? '&' : '?'}${name}=${encodeURIComponent(String(value))}`;
  }
  return text;
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
  readonly baseUrl: string;
  /** The default company of connection calls; a call's `companyId` overrides it. */
  readonly companyId: string | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /**
   * The openapi-fetch client typed with the spec's `paths`, with the same key, base URL, retries
   * and timeouts: the escape hatch for anything the methods do not cover. It returns
   * `{ data, error, response }` as openapi-fetch does, and throws only when no response arrives.
   */
  readonly raw: Client<paths>;
  readonly connections: Connections;
  readonly engines: Engines;
  readonly #apiKey: string;
  readonly #headers: Record<string, string>;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? readEnv('SPARTERA_API_KEY');
    if (!apiKey) throw new MissingConfigurationError('apiKey', 'SPARTERA_API_KEY');
    // fetch would reject such a key with a message that quotes it; say what is wrong without it.
    if (typeof apiKey !== 'string' || /[\0\r\n]/.test(apiKey)) {
      throw new SparteraError('apiKey must be a string without line breaks or NUL characters');
    }
    this.#apiKey = apiKey;
    this.companyId = options.companyId ?? readEnv('SPARTERA_COMPANY_ID');
    this.baseUrl = (options.baseUrl ?? readEnv('SPARTERA_API_BASE_URL') ?? DEFAULT_BASE_URL).replace(
      /\/+$/,
      '',
    );
    try {
      new URL(this.baseUrl);
    } catch {
      throw new SparteraError(`baseUrl must be an absolute URL; got ${JSON.stringify(this.baseUrl)}`);
    }
    this.timeoutMs = checkCount('timeoutMs', options.timeoutMs ?? 60_000);
    this.maxRetries = checkCount('maxRetries', options.maxRetries ?? 2);

    const fetch =
      options.fetch ?? ((input: string | Request, init?: RequestInit) => globalThis.fetch(input, init));
    this.#transport = createTransport({ fetch });
    // Browsers refuse to let a script set the user-agent; every other runtime takes it.
    const userAgent: Record<string, string> =
      'document' in globalThis ? {} : { 'user-agent': `spartera-client-ts/${VERSION}` };
    this.#headers = {
      accept: 'application/json',
      ...userAgent,
      ...lowerCaseKeys(options.headers),
      'x-api-key': apiKey,
    };
    const defaultPolicy: AttemptPolicy = { timeoutMs: this.timeoutMs, maxRetries: this.maxRetries };
    this.raw = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: this.#headers,
      fetch: async (request) =>
        toResponse(await this.#transport(request, { method: request.method }, defaultPolicy)),
    });
    this.connections = new Connections(this);
    this.engines = new Engines(this);
  }

  /** @internal The company a connection call addresses, checked before anything is sent. */
  _companyId(options: RequestOptions | undefined): string {
    const companyId = options?.companyId ?? this.companyId;
    if (!companyId) throw new MissingConfigurationError('companyId', 'SPARTERA_COMPANY_ID');
    return checkId('companyId', companyId);
  }

  /**
   * @internal Sends one API call through the transport with this call's options, throws the right
   * `APIError` for a non-2xx status, and returns the envelope's `data`. The methods build their
   * URL here rather than through openapi-fetch: its extra `Request` and `Response` objects cost
   * more per call than the whole overhead budget (see bench/client-overhead.mjs).
   */
  async _call<T>(
    method: Method,
    path: string,
    options: RequestOptions | undefined,
    query?: object,
    body?: unknown,
  ): Promise<T> {
    const policy: AttemptPolicy = {
      timeoutMs:
        options?.timeoutMs === undefined ? this.timeoutMs : checkCount('timeoutMs', options.timeoutMs),
      maxRetries:
        options?.maxRetries === undefined ? this.maxRetries : checkCount('maxRetries', options.maxRetries),
      signal: options?.signal,
    };
    const url = this.baseUrl + path + (query ? queryString(query) : '');
    const hasBody = body !== undefined;
    const headers =
      hasBody || options?.headers
        ? {
            ...this.#headers,
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
            ...lowerCaseKeys(options?.headers),
            'x-api-key': this.#apiKey,
          }
        : this.#headers;
    const response = await this.#transport(
      url,
      { method, headers, body: hasBody ? JSON.stringify(body) : undefined },
      policy,
    );
    const label = `${method} ${path}`;
    if (response.status < 200 || response.status > 299) throw this.#toError(response, label, body);
    const envelope = parseJson(response.text);
    if (typeof envelope !== 'object' || envelope === null || !('data' in envelope)) {
      const problem = envelope === undefined ? 'body is not JSON' : 'body has no `data` envelope';
      throw new APIError(
        response.status,
        this.#redact(response.text, body),
        response.headers,
        label,
        `response ${problem}`,
      );
    }
    return envelope.data as T;
  }

  /** `text` without the key or the request's credentials: neither may come back through an error. */
  #redact(text: string, requestBody: unknown): string {
    const credentials = (requestBody as { credentials?: unknown } | undefined)?.credentials;
    const keyless = text.replaceAll(this.#apiKey, '[redacted]');
    // A very short "secret" would shred the message and protect nothing.
    if (typeof credentials !== 'string' || credentials.length < 4) return keyless;
    // Echoed inside a JSON string, the credentials arrive escaped: cut out both forms.
    return keyless
      .replaceAll(credentials, '[redacted]')
      .replaceAll(JSON.stringify(credentials).slice(1, -1), '[redacted]');
  }

  /** A non-2xx response as the error of its status, redacted. */
  #toError({ status, headers, text }: BufferedResponse, label: string, requestBody: unknown): APIError {
    const redactedHeaders = new Headers();
    for (const [name, value] of headers) redactedHeaders.append(name, this.#redact(value, requestBody));
    const bodyText = this.#redact(text, requestBody);
    const parsed = bodyText === '' ? undefined : (parseJson(bodyText) ?? bodyText);
    return APIError.generate(status, parsed, redactedHeaders, label);
  }
}
