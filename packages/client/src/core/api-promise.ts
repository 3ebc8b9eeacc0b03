import { requestIdOf, SparteraError } from './errors.js';
import { toResponse, type Received } from './transport.js';

/** A result with the HTTP response it came from. */
export interface APIResponse<T> {
  /** What the plain `await` gives: the envelope's `data`. */
  data: T;
  /** The response, its body already read by the client and readable again here. */
  response: Response;
  /** The response's `x-request-id` (or `request-id`) header: quote it to support. */
  requestId: string | undefined;
  /** The envelope's `message`, such as "Successfully created connection". */
  message: string | undefined;
}

/**
 * The promise every method of `connections` returns: `await` it for the data, as with any promise,
 * or ask for the response behind it with `.withResponse()` or `.asResponse()`. All three settle
 * from the same single request; an error rejects all three with the same `SparteraError`.
 */
export interface APIPromise<T> extends Promise<T> {
  /** `{ data, response, requestId, message }`. */
  withResponse(): Promise<APIResponse<T>>;
  /** The `Response`, its body readable. */
  asResponse(): Promise<Response>;
}

/** What a call resolved with before it is unwrapped. */
export interface Exchange<T> {
  data: T;
  message: string | undefined;
  received: Received;
}

function ignore(): void {
  // Marks the plain promise as handled: its rejection reaches the caller through the one they asked for.
}

/** What the plain promise resolves with: one function for every call, not a closure per call. */
function dataOf<T>(settled: Exchange<T>): T {
  return settled.data;
}

/** Where an `APIPromise` keeps the exchange it unwraps. */
const EXCHANGE = Symbol('exchange');

type Held<T> = APIPromise<T> & { [EXCHANGE]: Promise<Exchange<T>> };

/**
 * The exchange of the promise a method was called on. `withResponse` and `asResponse` are methods,
 * as on openai-node's `APIPromise`: taken off their promise (`const { withResponse } = call`, or
 * `.then(call.withResponse)`), they have no call to read, and say so rather than failing on `this`.
 */
function exchangeOf<T>(promise: Held<T> | undefined, method: string): Promise<Exchange<T>> {
  const exchange = (promise as Partial<Held<T>> | undefined)?.[EXCHANGE];
  if (!exchange) {
    return Promise.reject(
      new SparteraError(
        `${method}() was called without its promise: call it as call.${method}(), or pass () => call.${method}()`,
      ),
    );
  }
  (promise as Held<T>).catch(ignore);
  return exchange;
}

function withResponse<T>(this: Held<T> | undefined): Promise<APIResponse<T>> {
  return exchangeOf(this, 'withResponse').then(({ data, message, received }) => ({
    data,
    response: toResponse(received),
    requestId: requestIdOf(received.headers),
    message,
  }));
}

function asResponse<T>(this: Held<T> | undefined): Promise<Response> {
  return exchangeOf(this, 'asResponse').then(({ received }) => toResponse(received));
}

/**
 * Wraps a call's exchange: the plain promise resolves with `data`, the two methods with more. The
 * methods are shared functions that find the exchange on the promise, not two closures made per
 * call: with those, measured against a loopback server, the garbage collector ran about a fifth
 * more often per request.
 */
export function apiPromise<T>(exchange: Promise<Exchange<T>>): APIPromise<T> {
  const promise = exchange.then(dataOf) as Held<T>;
  promise[EXCHANGE] = exchange;
  promise.withResponse = withResponse;
  promise.asResponse = asResponse;
  return promise;
}
