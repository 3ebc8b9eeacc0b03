/**
 * The engine's answer as a minimal `Response`: status, read-only headers and a whole text body
 * (`body` is null, so a reader calls `text()`). Building one loads nothing, where the first real
 * `Response` (or `Headers`) loads Node's fetch implementation, tens of milliseconds: an app that
 * answers its own first request from the mock (spartera-tui's demo) uses these to draw its first
 * frame sooner. Internal: users get real `Response`s.
 */

class LightHeaders implements Headers {
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

export class LightResponse implements Response {
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
    this.headers = new LightHeaders(headers);
    this.ok = status >= 200 && status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  text(): Promise<string> {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
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
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    const headers: Record<string, string> = {};
    this.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return new LightResponse(this.status, this.statusText, headers, this.url, this.#text);
  }
}
