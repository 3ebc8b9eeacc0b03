/**
 * The demo's mock API, in the app's own thread: the real spec-validated mock of @spartera/testing
 * (its validators compiled ahead of time, so a fresh mock answers in milliseconds), reached
 * through the real client by a `fetch` that hands each request to the mock's engine instead of a
 * socket. No server, no port, no worker thread; and no HTTP stack to load before the first frame
 * (Node's fetch costs a tenth of a second or more to load on a busy machine).
 */
import type { FetchLike } from '@spartera/client';
import type { MockResponse } from '@spartera/testing';
import { DEMO_API_KEY, DEMO_COMPANY_ID, MAX_BODY_BYTES, MockEngine } from '@spartera/testing';

export interface DemoMock {
  /** The base URL the client calls: a name that never resolves, as nothing goes on the network. */
  baseUrl: string;
  /** The demo data's API key and company. */
  apiKey: string;
  companyId: string;
  /** A `fetch` answered by the mock. */
  fetch: FetchLike;
  /** Ends the requests still waiting out a delay, as a stopped server would. */
  close(): Promise<void>;
}

export const DEMO_BASE_URL = 'https://demo.spartera.invalid';

/** The response headers, read-only, as the client reads them. */
class DemoHeaders implements Headers {
  readonly #entries: Map<string, string>;

  constructor(headers: Readonly<Record<string, string>>) {
    this.#entries = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  }

  get(name: string): string | null {
    return this.#entries.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#entries.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [];
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
    throw new TypeError('the headers of a response are immutable');
  }

  set(): void {
    throw new TypeError('the headers of a response are immutable');
  }

  delete(): void {
    throw new TypeError('the headers of a response are immutable');
  }
}

/**
 * The mock's answer as a `Response`: a status, headers and a whole text body (`body` is null, so a
 * reader calls `text()`), without loading the fetch implementation to build one.
 */
class DemoResponse implements Response {
  readonly headers: Headers;
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body = null;
  readonly #text: string;
  #used = false;

  constructor(
    readonly status: number,
    readonly statusText: string,
    headers: Readonly<Record<string, string>>,
    readonly url: string,
    text: string,
  ) {
    this.#text = text;
    this.headers = new DemoHeaders(headers);
    this.ok = status >= 200 && status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  text(): Promise<string> {
    if (this.#used) return Promise.reject(new TypeError('the body has already been read'));
    this.#used = true;
    return Promise.resolve(this.#text);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new TextEncoder().encode(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.text()], { type: this.headers.get('content-type') ?? '' });
  }

  formData(): Promise<FormData> {
    return Promise.reject(new TypeError('the mock answers JSON, not form data'));
  }

  clone(): Response {
    if (this.#used) throw new TypeError('the body has already been read');
    const headers: Record<string, string> = {};
    this.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return new DemoResponse(this.status, this.statusText, headers, this.url, this.#text);
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Starts the demo mock API: its demo data plus `extraConnections` generated connections.
 * Throws (as the mock does) on a bad count.
 */
export function startDemoMock(extraConnections: number): DemoMock {
  const engine = new MockEngine({ dataset: 'demo', extraConnections });
  const waiting = new Set<() => void>();
  let closed = false;

  /** Waits out the mock's delay for one answer; false when the caller gave up or the mock closed. */
  const wait = (ms: number, signal: AbortSignal | null | undefined) =>
    new Promise<boolean>((resolve) => {
      const end = (answered: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiting.delete(onClose);
        resolve(answered);
      };
      const onAbort = () => {
        end(false);
      };
      const onClose = () => {
        end(false);
      };
      const timer = setTimeout(() => {
        end(true);
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.add(onClose);
    });

  const fetch: FetchLike = async (url, init) => {
    const signal = init.signal;
    if (signal?.aborted) throw abortReason(signal);
    if (closed) throw new TypeError('fetch failed: the demo mock API has stopped');
    const target = new URL(url);
    if (target.origin !== DEMO_BASE_URL)
      throw new TypeError(`fetch failed: ${target.host} is not the demo API`);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== 'string') {
      throw new TypeError('the demo mock API takes a JSON text body');
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      headers[name.toLowerCase()] = value;
    }
    // An answer never arrives in the caller's own turn of the event loop, as over a network.
    await Promise.resolve();
    const answer: MockResponse = engine.handle({
      method: init.method ?? 'GET',
      url: target.pathname + target.search,
      headers,
      body: body === '' ? undefined : body,
      bodyTooLarge: body !== undefined && Buffer.byteLength(body) > MAX_BODY_BYTES,
    });
    if (answer.delayMs > 0 && !(await wait(answer.delayMs, signal))) {
      if (signal?.aborted) throw abortReason(signal);
      throw new TypeError('fetch failed: the demo mock API has stopped');
    }
    if (answer.transport?.type === 'drop') throw new TypeError('fetch failed: the connection was dropped');
    return new DemoResponse(answer.status, '', answer.headers, url, answer.body);
  };

  return {
    baseUrl: DEMO_BASE_URL,
    apiKey: DEMO_API_KEY,
    companyId: DEMO_COMPANY_ID,
    fetch,
    close: () => {
      closed = true;
      for (const stop of [...waiting]) stop();
      return Promise.resolve();
    },
  };
}
