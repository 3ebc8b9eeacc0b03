/** What goes into the engine and what comes out: transport-free descriptions of one exchange. */
import type { OperationId } from '@spartera/types';

/** A request, as any transport can describe it. */
export interface MockRequest {
  method: string;
  /** Path and query as sent: `/companies/acme/connections?page=2`. */
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body text, or undefined when there is none. */
  body: string | undefined;
  /** Set by a transport that stopped reading a body over its limit. */
  bodyTooLarge?: boolean;
}

/** What the transport must do beyond writing status, headers and body. */
export type TransportAction =
  { type: 'drop' } | { type: 'slow-body'; chunkBytes: number; chunkDelayMs: number };

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text, or the raw body of a `nextResponses({ rawBody })` fault. */
  body: string;
  /**
   * `body` as UTF-8 bytes when the engine has them already (a cached answer): a transport sends
   * these instead of encoding the text again. Read-only: they are shared between responses.
   */
  bodyBytes?: Uint8Array | undefined;
  /** Wait this long before answering (latency faults). */
  delayMs: number;
  transport: TransportAction | undefined;
  operationId: OperationId | undefined;
  /** True when a fault produced this answer rather than the API's behaviour. */
  injected: boolean;
}

export interface ParsedQuery {
  values: Record<string, string>;
  /** Names given more than once. */
  repeated: string[];
}

/**
 * Sets `record[key]` as an own entry even when the key is `__proto__` (which plain assignment would
 * take as the prototype): keys that come from a request are data, never object structure.
 */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

export function parseQuery(query: string): ParsedQuery {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  if (query === '') return { values, repeated };
  for (const [name, value] of new URLSearchParams(query)) {
    if (Object.hasOwn(values, name)) repeated.push(name);
    setEntry(values, name, value);
  }
  return { values, repeated };
}

/** Splits `/path?query` without allocating a URL. */
export function splitUrl(url: string): { path: string; query: string } {
  const queryStart = url.indexOf('?');
  return queryStart === -1
    ? { path: url, query: '' }
    : { path: url.slice(0, queryStart), query: url.slice(queryStart + 1) };
}
