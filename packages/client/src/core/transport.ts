import { APIConnectionError, APITimeoutError, oneLine, requestIdOf, SparteraError } from './errors.js';
import { DEBUG, INFO, WARN, writeLog, type Log } from './log.js';
import { retryAfterSeconds } from './retry-after.js';
import { abortableSleep, abortedOf, raceAbort, whenAborted } from './signals.js';

/**
 * The `fetch` this client calls, always as `fetch(url, init)` with `method`, `headers`, `body` and
 * `signal` in `init`; it must honour `init.signal`. `globalThis.fetch` is one.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Hooks that see every HTTP attempt, of the methods and of `createRawClient` alike, in the shape of
 * openapi-fetch's middleware. `onRequest` hooks run in list order before each attempt (each retry
 * included); `onResponse` and `onError` hooks run in reverse order after it. The attempt's timeout
 * and the caller's signal cover every hook: the call does not wait on a hook past them (a hook
 * still pending then goes on, unawaited).
 */
/* eslint-disable @typescript-eslint/no-invalid-void-type -- hooks return nothing to change nothing, as in openapi-fetch */
export interface Middleware {
  /**
   * May change the request's headers in place, or return another `Request` to send instead. The
   * request has no `x-api-key`: the client's key is added afterwards, whatever the hook did.
   */
  onRequest?: (context: MiddlewareContext) => void | Request | Promise<void | Request>;
  /**
   * Sees each response, its body readable, before the client decides to retry or to throw; may
   * return another `Response` to use instead.
   */
  onResponse?: (
    context: MiddlewareContext & { response: Response },
  ) => void | Response | Promise<void | Response>;
  /** Sees each attempt that got no response, with what the call will throw (or retry). */
  onError?: (context: MiddlewareContext & { error: unknown }) => void | Promise<void>;
}
/* eslint-enable @typescript-eslint/no-invalid-void-type */

export interface MiddlewareContext {
  /** The request of this attempt, without `x-api-key` (the key is added after the hooks). */
  request: Request;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
}

/** One request as the transport sends it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** `METHOD /path`, for messages and log lines. */
  label: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

/** What one logical request may spend: per-attempt time (0: none), extra attempts, and the caller's signals. */
export interface AttemptPolicy {
  timeoutMs: number;
  maxRetries: number;
  signals: readonly AbortSignal[];
  log: Log;
}

/** A response with its whole body read. */
export interface Received {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  url: string;
  /** The body was longer than the client reads (`MAX_BODY_BYTES`, or `MAX_ERROR_BODY_BYTES` for an error): `text` is its start. */
  cut: boolean;
  /**
   * An earlier attempt of this request ended without a definite answer (no response, a timeout or
   * a 5xx): the server may have acted on it.
   */
  lost?: boolean;
}

export interface TransportOptions {
  fetch: FetchLike;
  /** Sent as `x-api-key` with every request that has hooks, after them. */
  apiKey: string;
  middleware?: readonly Middleware[] | undefined;
  /** Waits between attempts; replaced in tests to observe the chosen delays. */
  sleep?: (ms: number, signals: readonly AbortSignal[]) => Promise<void>;
  /** Source of jitter in [0, 1); replaced in tests to make backoff deterministic. */
  random?: () => number;
}

export type Transport = (request: OutgoingRequest, policy: AttemptPolicy) => Promise<Received>;

/** A server asking for a longer pause than this gets its error surfaced instead of a silent wait. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The most of a body the client reads, after any content-encoding: past it (a proxy streaming a
 * file, a decompression bomb) the rest is dropped rather than filling the memory. No answer of this
 * API comes near it; a 2xx cut there is a malformed response, never retried.
 */
export const MAX_BODY_BYTES = 128 * 2 ** 20;

/**
 * The most of an error body the client reads: the error shows an excerpt, and the API's JSON error
 * bodies are far smaller. A longer one (an HTML page of a proxy) is cut, and becomes an excerpt.
 */
export const MAX_ERROR_BODY_BYTES = 2 ** 20;

/**
 * The text of a body whose size `content-length` does not vouch for, read up to `limit` bytes: the
 * stream is cancelled past the limit (its text then ends with the chunk that crossed it) and
 * `onCut` called. Under a content-encoding, `content-length` says nothing of the decoded size.
 * The stream is also cancelled when `signal` (the attempt's own) aborts: a `fetch` that ignores
 * its signal (MSW's, a test double) would otherwise go on feeding a read nobody waits for, up to
 * the limit, after the call has already been rejected.
 */
async function readLimited(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
  limit: number,
  onCut: () => void,
  signal: AbortSignal,
): Promise<string> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel(signal.reason).catch(ignore);
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel);
  const chunks: BlobPart[] = [];
  try {
    for (let size = 0, read; !(read = await reader.read()).done;) {
      if (signal.aborted) break;
      chunks.push(read.value);
      if ((size += read.value.byteLength) > limit) {
        onCut();
        void reader.cancel().catch(ignore);
        break;
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  return new Blob(chunks).text();
}

/**
 * Throws unless `value` is a `Request` (`url` a string, `headers` settable, for `x-api-key`) or a
 * `Response` (`status` a number, its body unread), of whichever realm or copy of undici: anything
 * else would fail later, with a `TypeError` about this module's variables, or as a network error
 * retried. `who` names what returned it; the message never shows the value, which could be a token.
 */
function checkReturned(value: unknown, who: string, kind: 'url' | 'status'): void {
  const { [kind]: key, headers, bodyUsed } = Object(value) as Partial<Response & Request>;
  const wrong =
    typeof key !== (kind === 'url' ? 'string' : 'number') ||
    typeof headers?.get !== 'function' ||
    (kind === 'url' && typeof headers.set !== 'function');
  if (wrong || bodyUsed) {
    throw new SparteraError(
      `${who} must return ${who.startsWith('A ') ? 'nothing or ' : ''}a ${kind === 'url' ? 'Request' : 'Response'}${
        wrong
          ? `; got ${value === null ? 'null' : typeof value}`
          : ' whose body is unread; return response.clone()'
      }`,
    );
  }
}

/** The unsubscribers of an attempt without caller signals: one shared empty list. */
const NO_STOPS: readonly (() => void)[] = [];

/** The abort reason of an attempt's own timer, told apart from the caller's abort. */
const TIMED_OUT = Symbol();

/** A received response as a `Response` again, its body readable. */
export function toResponse(received: Received): Response {
  const response = new Response(received.text || null, received);
  Object.defineProperty(response, 'url', { value: received.url });
  return response;
}

/**
 * What errors and log lines must not show: the key, a request's `credentials` and the values of
 * its `authorization`, `proxy-authorization` and `cookie` headers (a proxy's token, given as
 * `headers`), but one so short that cutting it out would shred the text and protect nothing; each
 * also as it reads inside a JSON string, where a quote or a backslash is escaped (a `fetch` wrapper
 * may quote the headers or the body as JSON), and inside a JSON string quoted in another: a JSON
 * secret (a service account) is escaped once in the request body, and a server that quotes that
 * body in its JSON error escapes it again, and once more if it quotes that body in a string. JSON
 * credentials' string values count one by one too, and credentials given as an object as their JSON.
 */
export function secretsOf(
  apiKey: string,
  given: unknown,
  headers: Record<string, string | undefined> = {},
): string[] {
  // Credentials sent as an object (plain JavaScript, where the types do not check) are as secret
  // as their JSON text, which is what a server quoting them shows. They were sent as JSON, so
  // stringifying them cannot throw.
  const credentials = given && typeof given === 'object' ? JSON.stringify(given) : given;
  return [apiKey]
    .concat(
      [credentials, headers.authorization, headers['proxy-authorization'], headers.cookie]
        // `Bearer <token>`: the token alone is secret too.
        .flatMap((secret) =>
          typeof secret === 'string' ? [secret, secret.slice(secret.indexOf(' ') + 1)] : [],
        )
        .concat(stringsInJson(credentials))
        .filter((secret) => secret.length > 3),
    )
    .flatMap((secret) => {
      // Escaped up to three times: a server that quotes the body (where a JSON secret is already
      // escaped once) inside a string of its JSON error shows it escaped three times in the text.
      const forms = [secret];
      for (let level = 0, form = secret; level < 3; level++) {
        form = JSON.stringify(form).slice(1, -1);
        if (form === forms[forms.length - 1]) break;
        forms.push(form);
      }
      return forms;
    });
}

/**
 * The string values inside credentials given as JSON (a service account's private key, a
 * password): a server that parses them may quote one value alone in its error.
 */
function stringsInJson(text: unknown): string[] {
  const found: string[] = [];
  try {
    if (typeof text === 'string')
      JSON.parse(text, (_name, value: unknown) => {
        if (typeof value === 'string') found.push(value);
        return value;
      });
  } catch {
    // Not JSON: the credentials are one secret, already listed whole.
  }
  return found;
}

/** `text` with each of `secrets` replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) text = text.replaceAll(secret, '[redacted]');
  return text;
}

/**
 * The first `code` along an error's causes (`ECONNREFUSED`, `ENOTFOUND`, a TLS error), else its
 * innermost message (or the string thrown), without `secrets`: a `fetch` wrapper or a proxy agent
 * may quote the request's headers or body in its error, and this text goes into the call's error and its
 * log line. The key is cut out before the text is shortened: shortening first could keep the start
 * of a second copy of the key that the cut had made unrecognisable.
 */
function causeOf(error: unknown, secrets: readonly string[]): string {
  let said = '';
  try {
    for (let depth = 0; error && depth < 9; depth++) {
      if (typeof error === 'string') {
        said = error;
        break;
      }
      const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
      if (typeof code === 'string') {
        said = code;
        break;
      }
      if (typeof message === 'string') said = message;
      error = cause;
    }
  } catch {
    // A getter that throws, a revoked Proxy: what was read so far. Throwing here would leave the
    // call's promise unsettled and the error unhandled.
  }
  return redact(said, secrets).slice(0, 200) || 'no response';
}

/** The method `console.log` and `util.inspect` call to print an object: it may print anything. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Whether printing `value` may show one of `secrets`: a string or a symbol that contains it, or an object
 * whose property names or values do, to depth 6. What the search cannot see through counts as
 * quoting: an object deeper than that; an object other than a plain one, an array or an `Error` (a
 * `Map`, `Set`, `URL`, `Promise` or boxed string shows what it keeps in internal slots, a function
 * its name and source); one with its own way of being printed; a getter, but an `Error`'s `stack`
 * (one from Node 21 on), which is read.
 */
function quotes(value: unknown, secrets: readonly string[], seen = new Set<unknown>(), depth = 0): boolean {
  if (typeof value === 'string') return secrets.some((secret) => value.includes(secret));
  if (typeof value === 'symbol') return quotes(value.description, secrets);
  if (typeof value === 'function') return true;
  if (!value || typeof value !== 'object' || seen.has(value)) return false;
  const kind = Object.getPrototypeOf(value) as unknown;
  if (
    depth > 6 ||
    INSPECT in value ||
    !(kind === null || kind === Object.prototype || Array.isArray(value) || value instanceof Error)
  ) {
    return true;
  }
  seen.add(value);
  // An error's message and stack are printed even when its class's getters give them (Bun's DOMException).
  if (value instanceof Error && quotes([value.message, value.stack], secrets, seen, depth)) return true;
  for (const name of Reflect.ownKeys(value)) {
    const { value: held, get } = (Reflect.getOwnPropertyDescriptor(value, name) ?? {}) as {
      value?: unknown;
      get?: unknown;
    };
    if (
      quotes(name, secrets) ||
      (get && name !== 'stack') ||
      quotes(get ? (value as Error).stack : held, secrets, seen, depth + 1)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The cause a connection error keeps: `error` itself, unless it may quote one of `secrets`
 * (`console.error` prints a cause whole, to every depth). Then a copy of its chain of causes with
 * them redacted: each level an `Error` with the original's name, message, stack and primitive
 * properties (`code`, `errno`, …) under names without a secret, and no other object, as one could
 * hold the key where no search looks.
 */
function keptCause(error: unknown, secrets: readonly string[]): unknown {
  try {
    if (!quotes(error, secrets)) return error;
    const redacted = (value: unknown) => (typeof value === 'string' ? redact(value, secrets) : value);
    const copy = (level: unknown, depth: number): Error | string | undefined => {
      if (typeof level === 'string') return redacted(level) as string;
      if (!level || typeof level !== 'object' || depth > 8) return undefined;
      const { message, name, stack, cause } = level as Error;
      const copied = new Error(typeof message === 'string' ? (redacted(message) as string) : '');
      for (const key of Reflect.ownKeys(level)) {
        // `stack` may be a getter (Node 21 on): its text, read above.
        const value: unknown = key === 'stack' ? stack : Reflect.getOwnPropertyDescriptor(level, key)?.value;
        if (
          typeof key === 'string' &&
          !quotes(key, secrets) &&
          key !== 'cause' &&
          // A primitive, but a symbol (its text could be the key).
          value !== Object(value) &&
          typeof value !== 'symbol'
        ) {
          Object.defineProperty(copied, key, {
            value: redacted(value),
            enumerable: key !== 'stack' && key !== 'message',
            writable: true,
            configurable: true,
          });
        }
      }
      if (typeof name === 'string') copied.name = redacted(name) as string;
      const kept = copy(cause, depth + 1);
      if (kept !== undefined) copied.cause = kept;
      return copied;
    };
    return copy(error, 0);
  } catch {
    // A getter that throws, a revoked Proxy: nothing of it is kept.
    return undefined;
  }
}

function ignore(): void {
  // Nothing to stop: the body read has not started.
}

/**
 * `fetch(url, init)`. A `fetch` that throws instead of rejecting (a wrapper's bug, a polyfill's
 * check) is taken as a rejection, as `await` would take it: a connection error, retried like one.
 */
function callFetch(fetch: FetchLike, url: string, init: RequestInit): Promise<Response> {
  try {
    return fetch(url, init);
  } catch (error) {
    // What it threw, as its rejection would have been: whatever it is.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(error);
  }
}

/** The origin of `url`, or `'null'` when it has none or is not a URL. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

/** The error of an attempt stopped by its timer. */
function timedOut(timeoutMs: number, label: string): APITimeoutError {
  return new APITimeoutError(`Request timed out after ${timeoutMs} ms (${label})`);
}

/**
 * The transport under every call (the methods directly, `createRawClient` as the `fetch` given to
 * openapi-fetch): per-attempt timeouts that cover reading the body, retries of idempotent requests
 * on network errors, 408, 429 and 5xx with capped exponential backoff and full jitter,
 * `Retry-After` honoured, the caller's signal stopping an attempt or a pending backoff at once,
 * middleware around each attempt, and one log line per attempt.
 */
export function createTransport({
  fetch,
  apiKey,
  middleware = [],
  sleep = abortableSleep,
  random = Math.random,
}: TransportOptions): Transport {
  // Outside browsers (whose answer to `manual` cannot be read), no `fetch` is asked to follow a
  // redirect: it would carry `x-api-key` to wherever one points (a captive portal, another host).
  const redirect: RequestRedirect | undefined = 'document' in globalThis ? undefined : 'manual';
  return async function send({ method, url, label, headers, body }, policy) {
    const { timeoutMs, signals, log } = policy;
    // Built once, and only when an error or a log line needs them: most calls have neither. The
    // body's `credentials` are as secret as the key.
    let listed: string[] | undefined;
    const secrets = () =>
      (listed ??= secretsOf(
        apiKey,
        (parseJson(body ?? '') as { credentials?: unknown } | undefined)?.credentials,
        headers,
      ));
    const retries =
      method === 'GET' || method === 'DELETE' || method === 'HEAD' || method === 'OPTIONS'
        ? policy.maxRetries
        : 0;
    let lost = false;
    for (let retry = 0; ; retry++) {
      // One attempt: hooks, send, then read the whole body, all under one timer. It is written
      // inline in the loop rather than as a function of its own: one async frame less per call.
      const started = Date.now();
      const attempt = retry + 1;
      let received: Received | undefined;
      let failure: APIConnectionError | undefined;
      for (const callerSignal of signals) callerSignal.throwIfAborted();
      const controller = new AbortController();
      const { signal } = controller;
      // Every way this attempt is stopped goes through `stop`, which also ends the body read: some
      // `fetch`es (MSW's, test doubles) let a body go on after their signal aborted.
      let endRead: (reason: unknown) => void = ignore;
      const stop = (reason?: unknown) => {
        controller.abort(reason);
        endRead(signal.reason);
      };
      // The reason as a timer argument: no closure per attempt for the timer.
      const timer = timeoutMs ? setTimeout(stop, timeoutMs, TIMED_OUT) : undefined;
      const stops = signals.length
        ? signals.map((callerSignal) => whenAborted(callerSignal, stop))
        : NO_STOPS;
      /**
       * The status, headers and whole body of `response`, or why the attempt got none. One promise
       * settled by callbacks, not an async function awaiting two: each await is a hop, and this
       * runs on every call. The fetch and the body read both race `stop` (through `endRead`): a
       * `fetch` may ignore its signal, or never settle.
       */
      const receive = (response: Response | Promise<Response>, target = url) =>
        new Promise<Received>((resolve, reject) => {
          const fail = (error: unknown) => {
            const aborted = abortedOf(signals);
            // A caller's abort rejects with its reason, whatever it is, as `fetch` does.
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
            reject(
              aborted
                ? aborted.reason
                : signal.reason === TIMED_OUT
                  ? timedOut(timeoutMs, label)
                  : new APIConnectionError(
                      oneLine(
                        `Connection error: ${causeOf(error, secrets())} from ${new URL(target).host} (${label})`,
                      ),
                      { cause: keptCause(error, secrets()) },
                    ),
            );
          };
          endRead = fail;
          if (signal.aborted) fail(signal.reason);
          Promise.resolve(response).then((got) => {
            try {
              checkReturned(got, 'The fetch option', 'status');
              const { status, statusText, headers: gotHeaders, body: stream } = got;
              // A `fetch` that ignored `redirect: 'manual'` (a wrapper that builds its own init)
              // has followed a redirect to another origin, and sent the key there: the answer
              // of that host is not taken for the API's, and the caller learns their fetch leaks.
              if (redirect && got.redirected && originOf(got.url) !== originOf(target)) {
                throw new SparteraError(
                  `The fetch option followed a redirect to ${originOf(got.url)} (${label}), so the API key went there too: pass init.redirect on to fetch; the response is not used`,
                );
              }
              const limit = status < 300 ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES;
              const length = gotHeaders.get('content-length');
              let cut = false;
              // `text()` reads at once a body whose `content-length` fits; any other is streamed
              // up to the limit.
              (stream && !(length && +length <= limit && !gotHeaders.has('content-encoding'))
                ? readLimited(stream, limit, () => (cut = true), signal)
                : got.text()
              ).then((text) => {
                resolve({ status, statusText, headers: gotHeaders, text, url: target, cut, lost: false });
              }, fail);
            } catch (error) {
              // A `fetch` option that resolves with something else than a Response is a mistake to
              // name, not a network error to retry.
              (error instanceof SparteraError ? reject : fail)(error);
            }
          }, fail);
        });
      try {
        if (!middleware.length) {
          // A literal, not a spread: undici reads a spread-built init measurably slower. The
          // headers are this call's own copy: calls without options share one object, which a
          // `fetch` wrapper setting a header in place would otherwise change for every later call.
          received = await receive(
            callFetch(fetch, url, { method, headers: { ...headers }, body, signal, redirect }),
          );
        } else {
          // A hook still pending when the attempt is stopped (a token refresh that never answers)
          // does not hold the call past its timeout or its caller's abort.
          // `otherwise` makes what a stop by the timer throws; a caller's abort throws its reason.
          const untilStopped = <T>(
            value: T | Promise<T>,
            otherwise: () => unknown = () => timedOut(timeoutMs, label),
          ): Promise<T> =>
            raceAbort(Promise.resolve(value), [signal]).catch((error: unknown) => {
              if (!signal.aborted || error !== signal.reason) throw error;
              const aborted = abortedOf(signals);
              throw aborted ? aborted.reason : otherwise();
            });
          // The hooks see the request without the key, which is added to what `fetch` gets after
          // them: a hook that logs or throws the request (or its headers) cannot show the key.
          const sent = new Request(url, { method, headers, body });
          sent.headers.delete('x-api-key');
          let request = sent;
          for (const hooks of middleware) {
            request = (await untilStopped(hooks.onRequest?.({ request, attempt }))) || request;
            checkReturned(request, "A middleware's onRequest", 'url');
          }
          // `fetch` gets a URL and an init, as without middleware: a custom fetch (undici's, with a
          // proxy) may not take a Request made by another copy of undici.
          const init: RequestInit = {
            method: request.method,
            headers: { ...Object.fromEntries(request.headers), 'x-api-key': apiKey },
            // A hook's Request may carry a stream that never ends: read under the attempt's timer.
            body: request === sent ? body : (await untilStopped(request.text())) || undefined,
            signal,
            redirect,
          };
          try {
            received = await receive(callFetch(fetch, request.url, init), request.url);
          } catch (error) {
            const notify = async () => {
              for (let index = middleware.length; index--;) {
                await middleware[index]?.onError?.({ request, error, attempt });
              }
            };
            // The hooks run one after the other; the call waits on them until the attempt's timeout
            // or its caller's abort, not past that. It then fails with the error the hooks were
            // told of (the caller's abort reason, if the caller aborted).
            await untilStopped(notify(), () => error);
            throw error;
          }
          for (let index = middleware.length; index--;) {
            const response = toResponse(received);
            const replaced = await untilStopped(
              middleware[index]?.onResponse?.({ request, response, attempt }),
            );
            // The response the hook was given, handed back (often after logging its body): the
            // client already holds its text, and keeps it.
            if (replaced && replaced !== response) {
              checkReturned(replaced, "A middleware's onResponse", 'status');
              received = await receive(replaced, request.url);
            }
          }
        }
      } catch (error) {
        if (!(error instanceof APIConnectionError)) throw error;
        // A hook's replacement that got no response: the attempt has none, whatever came before.
        received = undefined;
        failure = error;
      } finally {
        clearTimeout(timer);
        for (const unsubscribe of stops) unsubscribe();
      }
      const status = received?.status ?? 0;
      // Retried: no response, 408, 429 and 5xx, after `waitMs`; `note` says why not when a wait is refused.
      const retryable = !received || status === 408 || status === 429 || status >= 500;
      let waitMs: number | undefined;
      let note = '';
      if (retryable && retry < retries) {
        const seconds = received
          ? retryAfterSeconds(
              received.headers,
              received.text.includes('retry_after') ? parseJson(received.text) : 0,
            )
          : undefined;
        waitMs =
          seconds === undefined ? Math.round(random() * Math.min(8_000, 500 * 2 ** retry)) : seconds * 1000;
        if (waitMs > MAX_RETRY_AFTER_MS) {
          waitMs = undefined;
          note = `; not retried: the server asked to wait ${seconds} s`;
        }
      }
      /** The attempt's log line, built only when it is written. */
      const line = () => {
        // A request id is the server's text: the key is cut out of it, as out of errors.
        const id = received && requestIdOf(received.headers);
        return `${label}: ${
          failure
            ? failure instanceof APITimeoutError
              ? 'timed out'
              : `failed (${causeOf(failure.cause, secrets())})`
            : status
        }${id ? ` (request id ${redact(id, secrets())})` : ''} in ${Date.now() - started} ms, attempt ${attempt} of ${retries + 1}`;
      };
      if (waitMs === undefined) {
        // The last attempt: one that failed after retries, or a refused wait, deserves a warning.
        if (note || (retryable && retries)) writeLog(log, WARN, line() + (note || '; gave up'));
        else if (log.rank >= DEBUG) writeLog(log, DEBUG, line());
        if (failure) throw failure;
        (received as Received).lost = lost;
        return received as Received;
      }
      writeLog(log, INFO, `${line()}; retrying in ${waitMs} ms`);
      lost ||= !received || status >= 500;
      await sleep(waitMs, signals);
    }
  };
}

/** The parsed JSON, or `undefined` when `text` is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
