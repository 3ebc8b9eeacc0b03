/**
 * The app's `fetch` for the real API, over node:http and node:https.
 *
 * Node's own `fetch` is undici, a megabyte of JavaScript compiled on first use: ~90 ms between the
 * first call and the first request on the wire, on the critical path of every start
 * (bench/tui-startup.mjs). The client sends a URL, a method, plain headers, a text body and a
 * signal, and reads a status, headers, a body stream and `text()`: that much is done here on Node's
 * HTTP modules, which cost a few milliseconds. Anything else (a `Request`, a stream or form body,
 * the redirect mode `error`, another protocol) goes to the global `fetch` unchanged.
 *
 * Kept as `fetch` behaves: the body is decoded (gzip, deflate, br) and `content-encoding` kept, so
 * the client still reads an encoded body as a stream up to its limit; an abort rejects with the
 * signal's reason, before or after the headers; a failed connection rejects with
 * `TypeError('fetch failed')` whose `cause` carries the code (`ECONNREFUSED`, `ENOTFOUND`...).
 * Redirects are followed only within the same origin (or from http: to https: on that host): the
 * API key travels in a header, and another server (another host, or another port over http:)
 * never receives it. Other redirects are returned as
 * they are, so the client reports them.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Readable } from 'node:stream';
import type { FetchLike } from '@spartera/client';

type Send = (
  url: URL,
  options: RequestOptions,
  onResponse: (response: IncomingMessage) => void,
) => {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  once(
    event: 'upgrade',
    listener: (response: IncomingMessage, socket: { destroy(): unknown }) => void,
  ): unknown;
  destroy(): unknown;
  end(body?: string): unknown;
  /** Whether the request went out on a kept-alive connection of an earlier one. */
  reusedSocket: boolean;
};

interface Transport {
  send: Send;
  agent: HttpAgent;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose answer has no body (the ones below 200 fail before it is looked at). */
const NULL_BODY = new Set([204, 205, 304]);
const MAX_REDIRECTS = 20;
/** Methods whose request can be sent again without doing anything twice. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** The one init this module sends itself: what `@spartera/client` passes. */
interface PlainInit {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** The init as this module sends it, or undefined when the global `fetch` should. */
function plainInit(input: unknown, init: RequestInit): PlainInit | undefined {
  if (typeof input !== 'string') return undefined;
  const { method = 'GET', headers = {}, body, signal, redirect = 'follow' } = init;
  // `manual` is what @spartera/client asks outside browsers, so that no redirect carries the key
  // away: the policy below, which follows one only within the origin, keeps it as well.
  if ((redirect !== 'follow' && redirect !== 'manual') || typeof method !== 'string') return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (!isPlainRecord(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
    return undefined;
  }
  return {
    method: method.toUpperCase(),
    headers,
    body: body ?? undefined,
    signal: signal ?? undefined,
  };
}

/** Response headers, read-only, with the names lower-case and in order as `Headers` gives them. */
class ResponseHeaders implements Headers {
  readonly #entries: Map<string, string>;
  readonly #cookies: string[];

  constructor(raw: IncomingMessage['headers']) {
    const cookies = raw['set-cookie'] ?? [];
    this.#cookies = cookies;
    const entries: [string, string][] = [];
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      entries.push([name, Array.isArray(value) ? value.join(', ') : value]);
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#entries = new Map(entries);
  }

  get(name: string): string | null {
    return this.#entries.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#entries.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#entries) callback.call(thisArg, value, name, this);
  }

  entries(): HeadersIterator<[string, string]> {
    return this.#entries.entries();
  }

  keys(): HeadersIterator<string> {
    return this.#entries.keys();
  }

  values(): HeadersIterator<string> {
    return this.#entries.values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.#entries.entries();
  }

  append(): void {
    throw new TypeError('the headers of a response cannot be changed');
  }

  set(): void {
    throw new TypeError('the headers of a response cannot be changed');
  }

  delete(): void {
    throw new TypeError('the headers of a response cannot be changed');
  }
}

/** A response read from node:http, as much of `Response` as a reader of its status, headers and body uses. */
class HttpResponse implements Response {
  readonly type = 'basic';
  readonly ok: boolean;
  #used = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: ResponseHeaders,
    readonly url: string,
    readonly redirected: boolean,
    readonly body: ReadableStream<Uint8Array<ArrayBuffer>> | null,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.body?.locked ?? false);
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.bodyUsed) throw new TypeError('the body has already been read');
    this.#used = true;
    if (!this.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    const reader = this.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.bytes()], { type: this.headers.get('content-type') ?? '' });
  }

  formData(): Promise<FormData> {
    return Promise.reject(new TypeError('this response cannot be read as form data'));
  }

  clone(): Response {
    throw new TypeError('this response cannot be cloned');
  }
}

/**
 * The most content-codings one body may be wrapped in, as in undici's fetch: each is a decoder
 * allocated before the first byte arrives, and a header listing thousands of them would cost
 * hundreds of megabytes and seconds of CPU for a body of a few bytes.
 */
const MAX_CODINGS = 5;

/**
 * The body as a web stream, decoded as `fetch` does; node:zlib is loaded only for an encoded body.
 * Rejects as `fetch` does when the body is wrapped in more than `MAX_CODINGS` codings.
 */
async function bodyOf(response: IncomingMessage): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const codings = (response.headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding && coding !== 'identity');
  if (codings.length > MAX_CODINGS) {
    response.destroy();
    throw new TypeError('fetch failed', {
      cause: new Error(
        `too many content-encodings in the response: ${String(codings.length)}, at most ${String(MAX_CODINGS)}`,
      ),
    });
  }
  let stream: Readable = response;
  if (codings.length) {
    const zlib = await import('node:zlib');
    const { pipeline } = await import('node:stream');
    // Decoded last-applied first; like undici, a truncated compressed body ends with what it had.
    for (const coding of codings.reverse()) {
      const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
      const decoder =
        coding === 'gzip' || coding === 'x-gzip'
          ? zlib.createGunzip(flush)
          : coding === 'deflate'
            ? zlib.createInflate(flush)
            : coding === 'br'
              ? zlib.createBrotliDecompress({
                  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
                  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
                })
              : undefined;
      // An unknown coding is left as it is, as fetch does.
      if (!decoder) break;
      stream = pipeline(stream, decoder, () => undefined);
    }
  }
  return webStreamOf(stream);
}

/**
 * `stream` as a web stream that reads all it holds at each pull, as one chunk. `Readable.toWeb`
 * hands each of the node stream's chunks on one by one: a chunked body of 1-byte chunks became
 * a million 1-byte reads (320 MB held for 1 MB of body in six seconds), where undici gives a
 * chunk per read of the socket. An end before the body is all in rejects, where `toWeb` of an
 * already destroyed stream would end quietly, as if the body were empty.
 */
function webStreamOf(stream: Readable): ReadableStream<Uint8Array<ArrayBuffer>> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      async pull(controller) {
        const read = await chunks.next();
        if (read.done) controller.close();
        else
          controller.enqueue(
            new Uint8Array(read.value.buffer as ArrayBuffer, read.value.byteOffset, read.value.byteLength),
          );
      },
      async cancel(reason) {
        stream.destroy(reason instanceof Error ? reason : undefined);
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** `text` as a URL (relative to `base` if given), or undefined when it is none. */
function parseUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/**
 * Where a redirect may be followed: the same origin (scheme, host and port), or from http: up to
 * https: on the same host name. Another port is another server, which must not get the API key:
 * over plain http only the exact origin is followed.
 */
function mayFollow(from: URL, to: URL): boolean {
  // node:http would turn a user name and password in the URL into an Authorization header.
  if (to.username || to.password) return false;
  if (to.origin === from.origin) return true;
  return from.protocol === 'http:' && to.protocol === 'https:' && to.hostname === from.hostname;
}

/** A `fetch` over node:http and node:https for what the client sends; see the module's comment. */
export function createHttpFetch(
  fallback: FetchLike = (input, init) => globalThis.fetch(input, init),
): FetchLike {
  const transports = new Map<string, Promise<Transport>>();
  const transportFor = (protocol: string): Promise<Transport> => {
    let transport = transports.get(protocol);
    if (!transport) {
      // node:https (and TLS under it) is loaded on the first https: request only.
      transport =
        protocol === 'https:'
          ? import('node:https').then(({ Agent, request }) => ({
              send: request,
              agent: new Agent({ keepAlive: true }),
            }))
          : Promise.resolve({ send: httpRequest, agent: new HttpAgent({ keepAlive: true }) });
      transports.set(protocol, transport);
    }
    return transport;
  };

  /** One request and its answer's head; the body stays on the returned message. */
  const exchange = async (url: URL, init: PlainInit, resent = false): Promise<IncomingMessage> => {
    const { send, agent } = await transportFor(url.protocol);
    const { signal } = init;
    signal?.throwIfAborted();
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    return new Promise<IncomingMessage>((resolve, reject) => {
      let response: IncomingMessage | undefined;
      const onAbort = () => {
        const reason = signal?.reason as Error;
        request.destroy();
        // After the head, the abort reaches whoever reads the body.
        if (response) response.destroy(reason);
        else reject(reason);
      };
      const request = send(url, { method: init.method, headers, agent }, (answer) => {
        response = answer;
        answer.once('close', () => signal?.removeEventListener('abort', onAbort));
        resolve(answer);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      // A 101 to a request that asked for no upgrade: node:http hands the connection over to an
      // 'upgrade' listener, and without one the request would wait for its answer forever.
      request.once('upgrade', (_answer: IncomingMessage, socket: { destroy(): unknown }) => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(
          new TypeError('fetch failed', { cause: new Error('the server switched protocols (101) unasked') }),
        );
      });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted || response) return;
        // A kept-alive connection the server closed while it sat idle fails the next request at
        // once, before any answer: the server never saw it, and a request that may be repeated
        // goes out again on a new connection instead of failing for the user.
        if (request.reusedSocket && !resent && error.code === 'ECONNRESET' && IDEMPOTENT.has(init.method)) {
          // The other idle connections of the pool have likely been dropped just the same: the
          // agent would hand the next one out to the request sent again, which would then fail.
          for (const idle of Object.values(agent.freeSockets))
            for (const socket of idle ?? []) socket.destroy();
          resolve(exchange(url, init, true));
          return;
        }
        reject(new TypeError('fetch failed', { cause: error }));
      });
      request.end(init.body);
    });
  };

  return async (input, init) => {
    const plain = plainInit(input, init);
    const first = plain && parseUrl(input);
    if (!plain || !first || (first.protocol !== 'http:' && first.protocol !== 'https:')) {
      return fallback(input, init);
    }
    let url = first;
    let sent = plain;
    for (let redirects = 0; ; redirects++) {
      const answer = await exchange(url, sent);
      const status = answer.statusCode ?? 0;
      // node:http reads past 1xx heads itself; what is left below 200 is no status fetch accepts.
      if (status < 200) {
        answer.destroy();
        throw new TypeError('fetch failed', { cause: new Error(`invalid status ${String(status)}`) });
      }
      const location = answer.headers.location;
      const next = REDIRECTS.has(status) && location ? parseUrl(location, url) : undefined;
      if (next && mayFollow(url, next)) {
        if (redirects === MAX_REDIRECTS) {
          answer.destroy();
          throw new TypeError('fetch failed', { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) });
        }
        // A redirect's body is dropped: read to its end when it is all in (the connection is then
        // kept), else cut, so a body that never ends is not drained for as long as the app runs.
        if (answer.complete) answer.resume();
        else answer.destroy();
        // 303, and 301/302 after a POST, turn into a GET without a body, as in fetch.
        if (
          status === 303
            ? sent.method !== 'HEAD'
            : (status === 301 || status === 302) && sent.method === 'POST'
        ) {
          const headers = Object.fromEntries(
            Object.entries(sent.headers).filter(([name]) => !/^content-/i.test(name)),
          );
          sent = { ...sent, method: 'GET', headers, body: undefined };
        }
        url = next;
        continue;
      }
      const empty = sent.method === 'HEAD' || NULL_BODY.has(status);
      if (empty) answer.resume();
      return new HttpResponse(
        status,
        answer.statusMessage ?? '',
        new ResponseHeaders(answer.headers),
        url.href,
        redirects > 0,
        empty ? null : await bodyOf(answer),
      );
    }
  };
}
