import { retryAfterSeconds } from './retry-after.js';

/** The base of every error this client throws, so that one `instanceof` check catches them all. */
export class SparteraError extends Error {
  override name = 'SparteraError';
}

/** A required setting is neither passed to the client nor set in the environment. */
export class MissingConfigurationError extends SparteraError {
  override name = 'MissingConfigurationError';

  constructor(
    /** The option of `new Spartera({...})` (or of the call) that was missing. */
    readonly option: string,
    /** The environment variable read as a fallback. */
    readonly envVar: string,
  ) {
    super(`Missing ${option}: pass \`${option}\` to new Spartera({...}) or set ${envVar}.`);
  }
}

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
  override name = 'APIError';
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
    const ErrorClass =
      status === 400
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
    return new ErrorClass(status, body, headers, label);
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

/** 400: the input was invalid; `errors` maps each field at fault to its messages. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
  /** Each field at fault mapped to its messages (empty when the server named none). */
  declare readonly errors: Record<string, string[]>;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    const errors = field(body, 'errors');
    this.errors = typeof errors === 'object' && errors !== null ? (errors as Record<string, string[]>) : {};
  }
}

/** 401: the API key is missing or wrong. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}

/** 403: the API key may not do this. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}

/** 404: no such company, connection, provider or engine. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}

/** 409: a duplicate, or a constraint violation. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}

/** 422: well-formed but semantically invalid, such as an `engine_id` that names no engine. */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}

/** 429: too many requests; `retryAfter` says how many seconds to wait, when the server said. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Seconds to wait, from the `Retry-After` header or the body's `retry_after`. */
  declare readonly retryAfter: number | undefined;

  constructor(status: number, body: unknown, headers: Headers, label: string) {
    super(status, body, headers, label);
    this.retryAfter = retryAfterSeconds(headers, body);
  }
}

/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** No response arrived: the connection was refused or reset, DNS failed, and so on. */
export class APIConnectionError extends SparteraError {
  override name = 'APIConnectionError';
}

/** The attempt took longer than `timeoutMs`, reading the body included. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}
