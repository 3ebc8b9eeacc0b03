import { retryAfterSeconds } from './retry-after.js';
import type { ErrorBody, ErrorStatus } from './spec.js';

/** The static key under which each error class keeps the brand its instances carry. */
const BRAND = Symbol.for('@spartera/client.brand');

/**
 * Gives `Class` its name and a brand registered with `Symbol.for`, which every copy of this package
 * (the CommonJS and the ESM build, two installs) shares. The brand sits on the prototype, so an
 * instance carries the brands of its class and of every class it extends, and `instanceof` (see
 * `SparteraError[Symbol.hasInstance]`) recognises an error whichever copy threw it. The name is a
 * string, not the class's own, so that it survives minifiers and bundlers that rename classes.
 */
function brand(Class: { prototype: object }, name: string): void {
  const symbol = Symbol.for(`@spartera/client.${name}`);
  Object.defineProperty(Class, BRAND, { value: symbol });
  Object.defineProperties(Class.prototype, {
    [symbol]: { value: true },
    name: { value: name, writable: true, configurable: true },
  });
}

/** The base of every error this client throws, so that one `instanceof` check catches them all. */
export class SparteraError extends Error {
  /**
   * `error instanceof NotFoundError` holds whichever build of `@spartera/client` (CommonJS or ESM)
   * threw the error and whichever the caller imported. A class extending one of these without a
   * brand of its own is checked the ordinary way.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const symbol = Object.hasOwn(this, BRAND) ? (this as { [BRAND]?: symbol })[BRAND] : undefined;
    return symbol
      ? typeof value === 'object' && value !== null && symbol in value
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
brand(SparteraError, 'SparteraError');

/** A required setting is neither passed to the client nor set in the environment. */
export class MissingConfigurationError extends SparteraError {
  /** The option of `new Spartera({...})` (or of the call) that was missing. */
  declare readonly option: string;
  /** The environment variable read as a fallback. */
  declare readonly envVar: string;

  /**
   * @param option the missing option
   * @param envVar the environment variable read as a fallback
   * @param envUnreadable the runtime refused to read the environment (Deno without `--allow-env`)
   */
  constructor(option: string, envVar: string, envUnreadable?: boolean) {
    super(
      `Missing ${option}: pass \`${option}\` to new Spartera({...}) or set ${envVar}${
        envUnreadable
          ? ' (it could not be read: this runtime denies access to the environment; Deno needs --allow-env)'
          : ''
      }.`,
    );
    this.option = option;
    this.envVar = envVar;
  }
}
brand(MissingConfigurationError, 'MissingConfigurationError');

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `errors` as the spec has it: each field mapped to a list of messages. */
function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return isRecord(value) && Object.values(value).every(Array.isArray);
}

/** The request id the server gave a response, if any. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

/**
 * `text` on one line, without control characters (C0, DEL and C1, whose `\x9b` is a terminal's CSI)
 * nor the invisible marks that reorder or hide text (bidi overrides, zero-width characters): an
 * untrusted body or header may hold terminal escapes or text that reads backwards.
 */
export function oneLine(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\s\0-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/g, ' ')
      .trim()
  );
}

/** `text` cut to `max` characters, an ellipsis saying that it was cut. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The server answered with a status outside 2xx (or with a 2xx this client cannot read). */
export class APIError extends SparteraError {
  // `declare`: set in the constructor, so no class-field code is emitted (bytes count, see the size test).
  /** The HTTP status. */
  declare readonly status: number;
  /** The body's `code` when it has one, otherwise the HTTP status. */
  declare readonly code: number;
  /**
   * The body, typed as the spec declares it for this status, when it has that shape; otherwise a
   * short single-line excerpt of its text, tags, scripts and styles left out (an HTML page from a
   * proxy, say); `undefined` when it was empty.
   */
  declare readonly body: ErrorBody<ErrorStatus> | string | undefined;
  /** The response headers. */
  declare readonly headers: Headers;
  /** The response's `x-request-id` (or `request-id`) header: quote it to support. */
  declare readonly requestId: string | undefined;

  /**
   * @param status the HTTP status
   * @param body the parsed body, or the body's text when it is not JSON
   * @param headers the response headers
   * @param label `METHOD /path` of the request, to say which call failed
   * @param summary what went wrong, when not the body's `message`
   */
  constructor(status: number, body: unknown, headers: Headers, label: string, summary?: string) {
    const { code, message, errors, retry_after } = isRecord(body) ? body : {};
    const typed =
      typeof code === 'number' &&
      typeof message === 'string' &&
      (errors === undefined || isFieldErrors(errors)) &&
      (status !== 429 || typeof retry_after === 'number');
    let text =
      typed || body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    if (text !== undefined) {
      text = clip(
        oneLine(text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<[^>]*>/gi, ' ')),
        200,
      );
    }
    const requestId = requestIdOf(headers);
    // The server's words are cut short, so that a broken or hostile server cannot make the message
    // (printed in terminals, sent to log collectors) megabytes long; `body` keeps them whole.
    super(
      oneLine(
        `${status} ${clip(
          oneLine(
            `${summary ? `${summary}: ` : ''}${typeof message === 'string' ? message : text || '(empty body)'}${
              isFieldErrors(errors)
                ? ` (${Object.entries(errors)
                    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
                    .join('; ')})`
                : ''
            }`,
          ),
          1000,
        )} (${label})${requestId ? ` (request id: ${clip(requestId, 200)})` : ''}`,
      ),
    );
    Object.assign(this, {
      status,
      code: typeof code === 'number' ? code : status,
      body: typed ? body : text,
      headers,
      requestId,
    });
  }

  /** The one place that maps an HTTP status to its error class. */
  static generate(status: number, body: unknown, headers: Headers, label: string): APIError {
    return new (errorClassOf(status))(status, body, headers, label);
  }

  /** A plain object for logs: the response's status, code, body and headers, never the request's. */
  toJSON(): Record<string, unknown> {
    const { name, message, status, code, requestId, body, headers } = this;
    return { name, message, status, code, requestId, body, headers: Object.fromEntries(headers) };
  }
}
brand(APIError, 'APIError');

/** 400: the input was invalid; `errors` maps each field at fault to its messages. */
export class BadRequestError extends APIError {
  declare readonly body: ErrorBody<400> | string | undefined;
  /** Each field at fault mapped to its messages (empty when the server named none). */
  declare readonly errors: Record<string, string[]>;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    const errors = isRecord(body) ? body.errors : undefined;
    this.errors = isFieldErrors(errors) ? errors : {};
  }
}
brand(BadRequestError, 'BadRequestError');

/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {
  declare readonly body: ErrorBody<401> | string | undefined;
}
brand(AuthenticationError, 'AuthenticationError');

/** 403: the API key may not do this. */
export class PermissionDeniedError extends APIError {
  declare readonly body: ErrorBody<403> | string | undefined;
}
brand(PermissionDeniedError, 'PermissionDeniedError');

/** 404: no such company, connection, provider or engine. */
export class NotFoundError extends APIError {
  declare readonly body: ErrorBody<404> | string | undefined;
}
brand(NotFoundError, 'NotFoundError');

/** 409: a duplicate, or a constraint violation. */
export class ConflictError extends APIError {
  declare readonly body: ErrorBody<409> | string | undefined;
}
brand(ConflictError, 'ConflictError');

/** 422: well-formed but semantically invalid, such as an `engine_id` that names no engine. */
export class UnprocessableEntityError extends APIError {
  declare readonly body: ErrorBody<422> | string | undefined;
}
brand(UnprocessableEntityError, 'UnprocessableEntityError');

/** 429: too many requests; `retryAfter` says how many seconds to wait, when the server said. */
export class RateLimitError extends APIError {
  declare readonly body: ErrorBody<429> | string | undefined;
  /** Seconds to wait, from the `Retry-After` header or the body's `retry_after`. */
  declare readonly retryAfter: number | undefined;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    this.retryAfter = retryAfterSeconds(headers, body);
  }
}
brand(RateLimitError, 'RateLimitError');

/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  declare readonly body: ErrorBody<500> | string | undefined;
}
brand(InternalServerError, 'InternalServerError');

/** No response arrived: the connection was refused or reset, DNS or TLS failed, and so on. */
export class APIConnectionError extends SparteraError {}
brand(APIConnectionError, 'APIConnectionError');

/** The attempt took longer than `timeoutMs`, reading the body included. */
export class APITimeoutError extends APIConnectionError {}
brand(APITimeoutError, 'APITimeoutError');

/** The class of a status; outside the class bodies, so that bundlers keep every class's name. */
function errorClassOf(
  status: number,
): new (status: number, body: unknown, headers: Headers, label: string) => APIError {
  return (
    {
      400: BadRequestError,
      401: AuthenticationError,
      403: PermissionDeniedError,
      404: NotFoundError,
      409: ConflictError,
      422: UnprocessableEntityError,
      429: RateLimitError,
    }[status] ?? (status >= 500 ? InternalServerError : APIError)
  );
}
