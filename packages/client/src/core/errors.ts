import { retryAfterSeconds } from './retry-after.js';

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
    return symbol === undefined
      ? Function.prototype[Symbol.hasInstance].call(this, value)
      : typeof value === 'object' && value !== null && symbol in value;
  }
}
brand(SparteraError, 'SparteraError');

/** A required setting is neither passed to the client nor set in the environment. */
export class MissingConfigurationError extends SparteraError {
  constructor(
    /** The option of `new Spartera({...})` (or of the call) that was missing. */
    readonly option: string,
    /** The environment variable read as a fallback. */
    readonly envVar: string,
  ) {
    super(`Missing ${option}: pass \`${option}\` to new Spartera({...}) or set ${envVar}.`);
  }
}
brand(MissingConfigurationError, 'MissingConfigurationError');

const EXCERPT_LENGTH = 200;

/** A short, single-line, tag-free excerpt of a body that is not JSON (an HTML page from a proxy, say). */
function excerpt(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH)}…` : plain;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** The server answered with a status outside 2xx (or with a 2xx this client cannot read). */
export class APIError extends SparteraError {
  // `declare`: set in the constructor, so no class-field code is emitted (bytes count, see the size test).
  /** The HTTP status. */
  declare readonly status: number;
  /** The body's `code` when it has one, otherwise the HTTP status. */
  declare readonly code: number;
  /** The parsed JSON body, the text excerpt of a non-JSON body, or `undefined` when it was empty. */
  declare readonly body: unknown;
  /** The response headers. */
  declare readonly headers: Headers;

  /**
   * @param status the HTTP status
   * @param body the parsed body, or the body's text when it is not JSON
   * @param headers the response headers
   * @param label `METHOD /path` of the request, to say which call failed
   * @param summary what went wrong, when not the body's `message`
   */
  constructor(status: number, body: unknown, headers: Headers, label: string, summary?: string) {
    const text = typeof body === 'string' ? excerpt(body) : undefined;
    const bodyMessage = field(body, 'message');
    const bodyCode = field(body, 'code');
    const said = typeof bodyMessage === 'string' ? bodyMessage : text || '(empty body)';
    super(`${status} ${summary ? `${summary}: ${said}` : said} (${label})`);
    this.status = status;
    this.code = typeof bodyCode === 'number' ? bodyCode : status;
    this.body = text ?? body;
    this.headers = headers;
  }

  /** The one place that maps an HTTP status to its error class. */
  static generate(status: number, body: unknown, headers: Headers, label: string): APIError {
    return new (errorClassOf(status))(status, body, headers, label);
  }

  /** A plain object for logs: the response's status, code, body and headers, never the request's. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      body: this.body,
      headers: Object.fromEntries(this.headers),
    };
  }
}
brand(APIError, 'APIError');

/** 400: the input was invalid; `errors` maps each field at fault to its messages. */
export class BadRequestError extends APIError {
  /** Each field at fault mapped to its messages (empty when the server named none). */
  declare readonly errors: Record<string, string[]>;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    const errors = field(body, 'errors');
    this.errors = typeof errors === 'object' && errors !== null ? (errors as Record<string, string[]>) : {};
  }
}
brand(BadRequestError, 'BadRequestError');

/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {}
brand(AuthenticationError, 'AuthenticationError');

/** 403: the API key may not do this. */
export class PermissionDeniedError extends APIError {}
brand(PermissionDeniedError, 'PermissionDeniedError');

/** 404: no such company, connection, provider or engine. */
export class NotFoundError extends APIError {}
brand(NotFoundError, 'NotFoundError');

/** 409: a duplicate, or a constraint violation. */
export class ConflictError extends APIError {}
brand(ConflictError, 'ConflictError');

/** 422: well-formed but semantically invalid, such as an `engine_id` that names no engine. */
export class UnprocessableEntityError extends APIError {}
brand(UnprocessableEntityError, 'UnprocessableEntityError');

/** 429: too many requests; `retryAfter` says how many seconds to wait, when the server said. */
export class RateLimitError extends APIError {
  /** Seconds to wait, from the `Retry-After` header or the body's `retry_after`. */
  declare readonly retryAfter: number | undefined;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    this.retryAfter = retryAfterSeconds(headers, body);
  }
}
brand(RateLimitError, 'RateLimitError');

/** 5xx: the server failed. */
export class InternalServerError extends APIError {}
brand(InternalServerError, 'InternalServerError');

/** No response arrived: the connection was refused or reset, DNS failed, and so on. */
export class APIConnectionError extends SparteraError {}
brand(APIConnectionError, 'APIConnectionError');

/** The attempt took longer than `timeoutMs`, reading the body included. */
export class APITimeoutError extends APIConnectionError {}
brand(APITimeoutError, 'APITimeoutError');

/** The class of an HTTP status; outside the class bodies, so that bundlers keep every class's name. */
function errorClassOf(status: number): typeof APIError {
  return status === 400
    ? BadRequestError
    : status === 401
      ? AuthenticationError
      : status === 403
        ? PermissionDeniedError
        : status === 404
          ? NotFoundError
          : status === 409
            ? ConflictError
            : status === 422
              ? UnprocessableEntityError
              : status === 429
                ? RateLimitError
                : status >= 500
                  ? InternalServerError
                  : APIError;
}
