import { APIConnectionError, APITimeoutError } from './errors.js';
import { retryAfterSeconds } from './retry-after.js';

/** The `fetch` this client calls: the standard signature, which must honour `init.signal`. */
export type FetchLike = (input: string | Request, init?: RequestInit) => Promise<Response>;

/** What one logical request may spend: per-attempt time, extra attempts, and the caller's signal. */
export interface AttemptPolicy {
  timeoutMs: number;
  maxRetries: number;
  signal?: AbortSignal | undefined;
}

export interface TransportOptions {
  fetch: FetchLike;
  /** Waits between attempts; replaced in tests to observe the chosen delays. */
  sleep?: (ms: number, signals: readonly AbortSignal[]) => Promise<void>;
  /** Source of jitter in [0, 1); replaced in tests to make backoff deterministic. */
  random?: () => number;
}

/**
 * Sends `input` (a URL with `init`, or a `Request`) and returns the status, headers and whole body.
 * A string body in `init` is re-sent as is on each attempt; a `Request` body is cloned.
 */
export type Transport = (
  input: string | Request,
  init: TransportInit,
  policy: AttemptPolicy,
) => Promise<BufferedResponse>;

/** The parts of a request the transport sends besides a URL (a `Request` input carries its own). */
export interface TransportInit {
  method: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
}

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A server asking for a longer pause than this gets its error surfaced instead of a silent wait. */
const MAX_RETRY_AFTER_MS = 60_000;

/** The abort reason of an attempt's own timer, told apart from the caller's abort. */
const TIMED_OUT = Symbol('timed out');

export interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** `METHOD /path` of a request: what error messages name (never a header, so never the key). */
export function describeRequest(method: string, url: string | Request): string {
  return `${method} ${new URL(typeof url === 'string' ? url : url.url).pathname}`;
}

function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'DELETE' || method === 'HEAD' || method === 'OPTIONS';
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function throwIfAborted(signals: readonly AbortSignal[]): void {
  for (const signal of signals) signal.throwIfAborted();
}

/** Resolves after `ms`, or rejects with the abort reason as soon as any signal aborts. */
export function abortableSleep(ms: number, signals: readonly AbortSignal[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (abortedBy?: AbortSignal) => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener('abort', onAbort);
      if (abortedBy) reject(abortedBy.reason as Error);
      else resolve();
    };
    const onAbort = (event: Event) => {
      settle(event.target as AbortSignal);
    };
    const timer = setTimeout(settle, ms);
    for (const signal of signals) {
      if (signal.aborted) {
        settle(signal);
        return;
      }
      signal.addEventListener('abort', onAbort);
    }
  });
}

/**
 * One attempt: send, then read the whole body, all under one timer, so that a server that stalls
 * half-way through the body times out like one that never answers.
 */
async function attempt(
  fetch: FetchLike,
  input: string | Request,
  init: TransportInit,
  timeoutMs: number,
  signals: readonly AbortSignal[],
): Promise<BufferedResponse> {
  throwIfAborted(signals);
  const controller = new AbortController();
  const abort = () => {
    controller.abort();
  };
  const timer = setTimeout(() => {
    controller.abort(TIMED_OUT);
  }, timeoutMs);
  for (const signal of signals) signal.addEventListener('abort', abort);
  try {
    // A literal, not a spread of `init`: undici reads a spread-built init measurably slower.
    const response = await fetch(input, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, statusText: response.statusText, headers: response.headers, text };
  } catch (error) {
    throwIfAborted(signals);
    if (controller.signal.reason === TIMED_OUT) {
      throw new APITimeoutError(
        `Request timed out after ${timeoutMs} ms (${describeRequest(init.method, input)})`,
      );
    }
    throw new APIConnectionError(`Connection error (${describeRequest(init.method, input)})`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    for (const signal of signals) signal.removeEventListener('abort', abort);
  }
}

/** A buffered response as a `Response` again, for openapi-fetch. */
export function toResponse({ status, statusText, headers, text }: BufferedResponse): Response {
  return new Response(text === '' ? null : text, { status, statusText, headers });
}

/** The parsed JSON, or `undefined` when `text` is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The transport under every call (the methods directly, `raw` as the `fetch` given to openapi-fetch,
 * beneath its middleware): per-attempt timeouts, retries of idempotent requests on
 * network errors, 408, 429 and 5xx with capped exponential backoff and full jitter, `Retry-After`
 * honoured, and the caller's signal stopping an attempt or a pending backoff at once. The body is
 * read inside the attempt, under its timer.
 */
export function createTransport({
  fetch,
  sleep = abortableSleep,
  random = Math.random,
}: TransportOptions): Transport {
  const backoffMs = (retry: number) => random() * Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** retry);

  return async function send(input, init, { timeoutMs, maxRetries, signal }) {
    const signals: AbortSignal[] = [];
    if (signal) signals.push(signal);
    if (typeof input !== 'string') signals.push(input.signal);
    const retries = isIdempotent(init.method) ? maxRetries : 0;
    for (let retry = 0; ; retry++) {
      const isLast = retry >= retries;
      // A Request body can be read once: keep the original pristine while another attempt may need it.
      const outgoing = typeof input !== 'string' && !isLast && input.body !== null ? input.clone() : input;
      let buffered: BufferedResponse;
      try {
        buffered = await attempt(fetch, outgoing, init, timeoutMs, signals);
      } catch (error) {
        if (isLast || !(error instanceof APIConnectionError)) throw error;
        await sleep(backoffMs(retry), signals);
        continue;
      }
      if (isLast || !isRetryableStatus(buffered.status)) return buffered;
      const body = buffered.text.includes('retry_after') ? parseJson(buffered.text) : undefined;
      const serverSeconds = retryAfterSeconds(buffered.headers, body);
      const waitMs = serverSeconds === undefined ? backoffMs(retry) : serverSeconds * 1000;
      if (waitMs > MAX_RETRY_AFTER_MS) return buffered;
      await sleep(waitMs, signals);
    }
  };
}
