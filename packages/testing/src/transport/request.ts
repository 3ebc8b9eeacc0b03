/**
 * `fetch(input, init)` arguments, or a WHATWG `Request`, as the engine's `MockRequest` takes them.
 *
 * The common call of a client, `fetch('https://…', { method, headers: { … }, body: '…' })`, is read
 * directly: building a `Request` loads Node's fetch implementation, tens of milliseconds the first
 * time, which an app's start-up (the TUI's demo) should not pay. Only arguments for which that
 * reading gives exactly what `new Request(input, init)` would are read so; anything else (a
 * `Request`, a `Headers`, a non-string body, a lower-case method, an invalid header) goes through
 * `new Request(input, init)` itself, which applies fetch's rules and throws its `TypeError`s.
 */
import { MAX_BODY_BYTES } from '../engine/errors.js';
import { describeUrl } from './base-url.js';

/** One request, read. */
export interface IncomingRequest {
  url: URL;
  method: string;
  /** Lower-case names, as the engine reads them; no prototype, so any name is only data. */
  headers: Record<string, string>;
  /** The body text; undefined when there is none, or when it is over `MAX_BODY_BYTES`. */
  body: string | undefined;
  bodyTooLarge: boolean;
  signal: AbortSignal | undefined;
}

/** Methods fetch keeps as they are, with a body allowed or not. */
const PLAIN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value fetch accepts: no NUL, CR or LF, nothing outside Latin-1. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const EDGE_WHITESPACE = /^[\t ]+|[\t ]+$/g;

const encoder = new TextEncoder();

/** Whether a body of this text is over the engine's limit, encoding it only when that is in doubt. */
export function isTooLarge(text: string): boolean {
  // UTF-8 takes 1 to 3 bytes per UTF-16 code unit.
  if (text.length > MAX_BODY_BYTES) return true;
  if (text.length * 3 <= MAX_BODY_BYTES) return false;
  return encoder.encode(text).length > MAX_BODY_BYTES;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The request read without `Request`, or undefined when only `new Request` reads it right. */
function readDirectly(input: string | URL, init: RequestInit | undefined): IncomingRequest | undefined {
  const method = init?.method ?? 'GET';
  if (!PLAIN_METHODS.has(method)) return undefined;
  const rawBody = init?.body ?? undefined;
  if (rawBody !== undefined && (typeof rawBody !== 'string' || method === 'GET' || method === 'HEAD')) {
    return undefined;
  }
  const signal = init?.signal ?? undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal)) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '') return undefined;
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const given = init?.headers;
  if (given !== undefined) {
    if (!isPlainObject(given)) return undefined;
    for (const name of Object.keys(given)) {
      const value = given[name];
      if (typeof value !== 'string' || !HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) return undefined;
      const key = name.toLowerCase();
      const trimmed = value.replace(EDGE_WHITESPACE, '');
      const earlier = headers[key];
      headers[key] = earlier === undefined ? trimmed : `${earlier}, ${trimmed}`;
    }
  }
  let body: string | undefined;
  let bodyTooLarge = false;
  if (rawBody !== undefined) {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    bodyTooLarge = isTooLarge(rawBody);
    body = bodyTooLarge || rawBody === '' ? undefined : rawBody;
  }
  url.hash = '';
  return { url, method, headers, body, bodyTooLarge, signal };
}

/**
 * The body's text, or undefined as soon as it passes `MAX_BODY_BYTES`: then the rest is not read
 * and the source is cancelled, as a server stops reading an oversized upload. `request.text()`
 * would buffer a stream body whole, however large (an endless one would never end, and one that
 * enqueues in `pull` would starve the event loop while memory grew).
 */
async function readBodyUpToLimit(request: Request): Promise<string | undefined> {
  if (request.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
  const stream = request.body;
  if (stream === null) return '';
  const reader = stream.getReader();
  // An abort while the body is still coming stops reading it; the caller then rejects with the
  // signal's reason, as fetch does.
  const { signal } = request;
  const onAbort = (): void => {
    reader.cancel(signal.reason).catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await readUpToLimit(reader, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function readUpToLimit(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (signal.aborted) return '';
    const { done, value } = (await reader.read()) as ReadableStreamReadResult<unknown>;
    if (done) break;
    // The cancel is not awaited: a source may never settle it (MSW's copy of a request body).
    if (!(value instanceof Uint8Array)) {
      reader.cancel().catch(() => undefined);
      throw new TypeError('Received non-Uint8Array chunk');
    }
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // As `text()` decodes: UTF-8, a byte-order mark dropped, invalid sequences replaced.
  return new TextDecoder().decode(bytes);
}

/**
 * Reads a `Request`: its headers, and its body up to the engine's limit (one declared larger by
 * `content-length` is not read at all, as the server does not drain it either).
 */
export async function readRequest(request: Request): Promise<IncomingRequest> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const declared = Number(request.headers.get('content-length') ?? 0);
  let bodyTooLarge = declared > MAX_BODY_BYTES;
  let body: string | undefined;
  if (!bodyTooLarge && request.body !== null) {
    const text = await readBodyUpToLimit(request);
    bodyTooLarge = text === undefined;
    body = text === '' ? undefined : text;
  }
  const url = new URL(request.url);
  url.hash = '';
  return { url, method: request.method, headers, body, bodyTooLarge, signal: request.signal };
}

/**
 * Refuses a URL with user info as fetch does, but without repeating the password: `new Request`'s
 * own `TypeError` quotes the whole URL, which a test runner then prints.
 */
function refuseCredentials(input: string | URL): void {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return;
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      `Request cannot be constructed from a URL that includes credentials: ${describeUrl(url)}`,
    );
  }
}

/** The arguments of a `fetch` call, read as fetch reads them (its `TypeError`s included). */
export async function readFetchArguments(
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<IncomingRequest> {
  if (typeof input === 'string' || input instanceof URL) {
    const direct = readDirectly(input, init);
    if (direct !== undefined) return direct;
    refuseCredentials(input);
  }
  // A Request on its own is read as it is: fetch, too, takes (and uses up) its body.
  const request =
    init === undefined && typeof input === 'object' && !(input instanceof URL)
      ? input
      : new Request(input, init);
  return readRequest(request);
}
