import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  MissingConfigurationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  Spartera,
  UnprocessableEntityError,
} from '@spartera/client';
import type { FetchLike } from '@spartera/client';
import type { FailureKind } from './failure.js';
import { Failure, isAbort } from './failure.js';
import {
  checkConnection,
  checkConnectionPage,
  checkEngines,
  checkIdPayload,
  checkInfoSchema,
  checkSampleData,
  checkTestResult,
} from './shapes.js';
import type { CallOptions, DataSource } from './source.js';

export interface ClientSourceOptions {
  apiKey: string;
  companyId: string;
  baseUrl: string;
  /** Shown in the header instead of the host, e.g. "demo (mock)". */
  label?: string;
  timeoutMs?: number;
  /** The `fetch` the client sends with (the demo's answers from its in-process mock). */
  fetch?: FetchLike;
}

/** Removes every occurrence of the secret, in case a message ever quotes a request. */
function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

function kindOf(error: unknown): FailureKind {
  if (error instanceof MissingConfigurationError) return 'config';
  if (error instanceof AuthenticationError) return 'auth';
  if (error instanceof PermissionDeniedError) return 'forbidden';
  if (error instanceof NotFoundError) return 'not-found';
  if (error instanceof BadRequestError || error instanceof UnprocessableEntityError) return 'invalid';
  if (error instanceof ConflictError) return 'conflict';
  if (error instanceof RateLimitError) return 'rate-limit';
  if (error instanceof InternalServerError) return 'server';
  if (error instanceof APITimeoutError) return 'timeout';
  if (error instanceof APIConnectionError) return 'network';
  return 'unknown';
}

/**
 * The body's `message` is friendlier than the client's full line (which names the route). `body`
 * is an object only when it has the spec's error shape, `message` included.
 */
function messageOf(error: unknown): string {
  if (error instanceof APIError && typeof error.body === 'object') return error.body.message;
  return error instanceof Error ? error.message : String(error);
}

/** Turns whatever the client threw into a Failure the screens know how to explain. */
export function translateError(error: unknown, apiKey: string): unknown {
  if (isAbort(error)) return error;
  // A 2xx whose envelope has no usable `data`: the client says what it found, then quotes the
  // body, which may be anything; only the finding is kept.
  if (error instanceof APIError && error.status >= 200 && error.status <= 299) {
    const finding = /malformed response, ([^:(]+)/.exec(error.message)?.[1]?.trim();
    return new Failure('malformed', finding ?? 'the answer is not shaped as the API documents', {
      status: error.status,
    });
  }
  const kind = kindOf(error);
  const message = redact(messageOf(error), apiKey);
  if (error instanceof BadRequestError) {
    return new Failure(kind, message, { status: error.status, fieldErrors: error.errors });
  }
  if (error instanceof RateLimitError) {
    return new Failure(kind, message, {
      status: error.status,
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    });
  }
  if (error instanceof APIError && error.status >= 300 && error.status <= 399) {
    return new Failure(kind, redirectMessage(error), { status: error.status });
  }
  if (error instanceof APIError) return new Failure(kind, message, { status: error.status });
  return new Failure(kind, message);
}

/**
 * A redirect that reached the client was not followed (./http-fetch.ts follows only those within
 * the API's own origin): say where it pointed and why it stopped there, not just "302".
 */
function redirectMessage(error: APIError): string {
  const location = error.headers.get('location');
  let target: string | undefined;
  try {
    target = location ? new URL(location).origin : undefined;
  } catch {
    target = undefined;
  }
  return target
    ? `the API answered ${error.status}, a redirect to ${target}; it was not followed, so that the API key stays with the API's own address. Use that address as the base URL if you trust it.`
    : `the API answered ${error.status}, a redirect without a usable address; it was not followed.`;
}

/** Attempts the client makes for each request of the engine listing after the first. */
const ENGINE_LISTING_RETRIES = 3;

/** The DataSource over `@spartera/client`: the only module that talks to the client. */
export function createClientSource(options: ClientSourceOptions): DataSource {
  const client = new Spartera({
    apiKey: options.apiKey,
    companyId: options.companyId,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // The app retries by itself, on screen: a 429 shows its countdown at once instead of after
    // the client's hidden retries, and r can cut any wait short.
    maxRetries: 0,
    // The screen is the TUI's: a line the client wrote to the console would tear it, and the
    // screens explain every failure themselves.
    logLevel: 'off',
  });
  // Every answer is checked before use (./shapes.ts): typed by the spec is not the same as shaped by it.
  const call = async <T>(request: () => Promise<unknown>, check: (answer: unknown) => T): Promise<T> => {
    let answer: unknown;
    try {
      answer = await request();
    } catch (error) {
      throw translateError(error, options.apiKey);
    }
    return check(answer);
  };
  const signalOf = (callOptions?: CallOptions) => (callOptions?.signal ? { signal: callOptions.signal } : {});
  return {
    companyId: options.companyId,
    label: options.label ?? new URL(options.baseUrl).host,
    listConnections: (query, callOptions) =>
      call(() => client.connections.list(query, signalOf(callOptions)), checkConnectionPage),
    getConnection: (id, callOptions) =>
      call(
        () => client.connections.get(id, signalOf(callOptions)),
        (answer) => checkConnection(answer),
      ),
    createConnection: (input, callOptions) =>
      call(() => client.connections.create(input, signalOf(callOptions)), checkIdPayload),
    updateConnection: (id, patch, callOptions) =>
      call(() => client.connections.update(id, patch, signalOf(callOptions)), checkIdPayload),
    // A delete's answer says nothing the app uses: it is done once the API says 2xx.
    deleteConnection: (id, callOptions) =>
      call(
        () => client.connections.delete(id, signalOf(callOptions)),
        (answer) => answer,
      ),
    testConnection: (id, callOptions) =>
      call(() => client.connections.test(id, signalOf(callOptions)), checkTestResult),
    infoSchema: (id, callOptions) =>
      call(() => client.connections.infoSchema(id, signalOf(callOptions)), checkInfoSchema),
    sampleData: (id, query, callOptions) =>
      call(() => client.connections.sampleData(id, query, signalOf(callOptions)), checkSampleData),
    // The engine listing is 1 + one request per provider: with each tried once, a flaky API
    // would almost never complete it. In the background, with no countdown to show, the client
    // retries each of them itself.
    listEngines: (callOptions) =>
      call(
        () => client.engines.list({ ...signalOf(callOptions), maxRetries: ENGINE_LISTING_RETRIES }),
        checkEngines,
      ),
  };
}
