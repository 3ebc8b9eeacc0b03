import { APIConnectionError, APITimeoutError } from './errors.js';
import { retryAfterSeconds } from './retry-after.js';

/** The `fetch` this client calls: the standard signature, which must honour `init.signal`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

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

export type Transport = (request: Request, policy: AttemptPolicy) => Promise<Response>;

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A server asking for a longer pause than this gets its error surfaced instead of a silent wait. */
const MAX_RETRY_AFTER_MS = 60_000;

/** The abort reason of an attempt's own timer, told apart from the caller's abort. */
const TIMED_OUT = Symbol('timed out');

interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** `METHOD /path` of a request: what error messages name (never a header, so never the key). */
export function describeRequest(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
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
  request: Request,
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
    const response = await fetch(request, { signal: controller.signal });
    const text = await response.text();
    return { status: response.status, statusText: response.statusText, headers: response.headers, text };
  } catch (error) {
    throwIfAborted(signals);
    if (controller.signal.reason === TIMED_OUT) {
      throw new APITimeoutError(`Request timed out after ${timeoutMs} ms (${describeRequest(request)})`);
    }
    throw new APIConnectionError(`Connection error (${describeRequest(request)})`, { cause: error });
  } finally {
    clearTimeout(timer);
    for (const signal of signals) signal.removeEventListener('abort', abort);
  }
}

function toResponse({ status, statusText, headers, text }: BufferedResponse): Response {
  return new Response(text === '' ? null : text, { status, statusText, headers });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The `fetch` beneath openapi-fetch: per-attempt timeouts, retries of idempotent requests on
 * network errors, 408, 429 and 5xx with capped exponential backoff and full jitter, `Retry-After`
 * honoured, and the caller's signal stopping an attempt or a pending backoff at once. The body is
 * read inside the attempt and handed back in a fresh `Response`.
 */
export function createTransport({
  fetch,
  sleep = abortableSleep,
  random = Math.random,
}: TransportOptions): Transport {
  const backoffMs = (retry: number) => random() * Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** retry);

  return async function send(request, { timeoutMs, maxRetries, signal }) {
    const signals = signal ? [signal, request.signal] : [request.signal];
    const retries = isIdempotent(request.method) ? maxRetries : 0;
    for (let retry = 0; ; retry++) {
      const isLast = retry >= retries;
      // A body can be read once: keep the original pristine while another attempt may need it.
      const outgoing = !isLast && request.body !== null ? request.clone() : request;
      let buffered: BufferedResponse;
      try {
        buffered = await attempt(fetch, outgoing, timeoutMs, signals);
      } catch (error) {
        if (isLast || !(error instanceof APIConnectionError)) throw error;
        await sleep(backoffMs(retry), signals);
        continue;
      }
      if (isLast || !isRetryableStatus(buffered.status)) return toResponse(buffered);
      const body = buffered.text.includes('retry_after') ? parseJsonOrUndefined(buffered.text) : undefined;
      const serverSeconds = retryAfterSeconds(buffered.headers, body);
      const waitMs = serverSeconds === undefined ? backoffMs(retry) : serverSeconds * 1000;
      if (waitMs > MAX_RETRY_AFTER_MS) return toResponse(buffered);
      await sleep(waitMs, signals);
    }
  };
}
