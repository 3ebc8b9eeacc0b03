/** The engine's answer as a WHATWG `Response`, its slow-body fault as a stream that stops on abort. */
import type { MockResponse } from '../engine/request.js';

const encoder = new TextEncoder();

/** The reason phrases a server sends with the statuses the mock answers or can be told to. */
const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  418: "I'm a Teapot",
  422: 'Unprocessable Entity',
  423: 'Locked',
  425: 'Too Early',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  511: 'Network Authentication Required',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

/** Statuses whose response has no body, which the `Response` constructor refuses one for. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Waits `ms`; resolves false early, with its timer cleared, when `signal` aborts or `stop` is
 * called through `onStop` (the transport closing).
 */
export function wait(ms: number, signal: AbortSignal | undefined, onStop?: OnStop): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const end = (answered: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      forget?.();
      resolve(answered);
    };
    const onAbort = (): void => {
      end(false);
    };
    const timer = setTimeout(() => {
      end(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    const forget = onStop?.(() => {
      end(false);
    });
  });
}

/** Registers a way to stop a wait (the transport closing); returns how to unregister it. */
export type OnStop = (stop: () => void) => () => void;

/**
 * The body in `chunkBytes` pieces `chunkDelayMs` apart. When the request's signal aborts (the
 * caller's `AbortController`, a timeout), the stream errors with the abort reason at once and no
 * timer is left running, as a real fetch's body does; when the transport closes, it errors as a
 * body cut by the server does.
 */
function slowStream(
  body: Uint8Array,
  chunkBytes: number,
  chunkDelayMs: number,
  signal: AbortSignal | undefined,
  onStop: OnStop | undefined,
): ReadableStream<Uint8Array> {
  let offset = 0;
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal === undefined) return;
      const onAbort = (): void => {
        controller.error(abortReason(signal));
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        stop = () => {
          signal.removeEventListener('abort', onAbort);
        };
      }
    },
    async pull(controller) {
      if (offset > 0 && !(await wait(chunkDelayMs, signal, onStop))) {
        // An abort has errored the stream already; otherwise the transport closed mid-body.
        if (!signal?.aborted) {
          stop?.();
          controller.error(new TypeError('terminated', { cause: new Error('the mock was closed') }));
        }
        return;
      }
      const end = Math.min(offset + chunkBytes, body.length);
      // A copy: a consumer may transfer what it reads, and `body` can be the cache's own bytes.
      controller.enqueue(body.slice(offset, end));
      offset = end;
      if (offset >= body.length) {
        stop?.();
        controller.close();
      }
    },
    cancel() {
      stop?.();
    },
  });
}

/** What an aborted fetch rejects with: the signal's reason, or an `AbortError` when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The answer as a `Response` (its `url` the request's, as fetch sets it). The body is whole, or for
 * a slow-body fault a stream that errors when `signal` aborts or `onStop` stops it. Not for a
 * dropped connection.
 */
export function toResponse(
  answer: MockResponse,
  request: { url: string; method: string; signal: AbortSignal | undefined },
  onStop?: OnStop,
): Response {
  const { url, signal } = request;
  const bytes = answer.bodyBytes ?? encoder.encode(answer.body);
  const headers = new Headers(answer.headers);
  let body: BodyInit | null = null;
  if (!NULL_BODY_STATUSES.has(answer.status)) headers.set('content-length', String(bytes.length));
  // The answer to a HEAD has the headers of the body it does not carry.
  if (!NULL_BODY_STATUSES.has(answer.status) && request.method.toUpperCase() !== 'HEAD') {
    // The Response constructor copies the bytes, so the engine's cached bytes stay its own.
    body =
      answer.transport?.type === 'slow-body'
        ? slowStream(bytes, answer.transport.chunkBytes, answer.transport.chunkDelayMs, signal, onStop)
        : (bytes as Uint8Array<ArrayBuffer>);
  }
  const response = new Response(body, {
    status: answer.status,
    statusText: reasonPhrase(answer.status),
    headers,
  });
  Object.defineProperty(response, 'url', { value: url, enumerable: true });
  return response;
}
