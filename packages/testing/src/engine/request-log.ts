import type { OperationId } from '@spartera/types';
import { setEntry } from './request.js';

/** One request as the mock saw it, with secrets masked: safe to print in a failing test. */
export interface LoggedRequest {
  /** When the request arrived (ISO 8601). */
  time: string;
  method: string;
  path: string;
  /** The query parameters; secret-looking ones (`api_key`, `token`, …) and API keys are `[redacted]`. */
  query: Record<string, string>;
  operationId: OperationId | undefined;
  /** The `x-api-key` with all but its last 4 characters masked, or undefined when none was sent. */
  apiKey: string | undefined;
  /**
   * The parsed JSON body with `credentials` (and any other secret-looking field, such as `password`)
   * replaced by `[redacted]`; undefined without a JSON body.
   */
  body: unknown;
  /** The status answered, or 0 when the connection was dropped. */
  status: number;
  /** The fault that shaped the answer, if one did (`delay`: only a queued delay). */
  fault: 'status' | 'drop' | 'slow-body' | 'delay' | undefined;
}

export const REDACTED = '[redacted]';

/** Masks all but the last 4 characters (all of a short key), with a fixed-width mask that hides the length. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '****' : `****${secret.slice(-4)}`;
}

/** Below this depth a logged body is cut: no request body of the API nests anywhere near it. */
const MAX_LOGGED_DEPTH = 32;
export const TOO_DEEP = '[nested too deep]';

/**
 * Names whose value is a secret wherever a client puts it: the API's own `credentials`, and the
 * names clients use by mistake for a key or a password (`?api_key=`, `{"password": ...}`). Compared
 * without case, `-` and `_`, so `API-Key`, `apiKey` and `api_key` are one name.
 */
const SECRET_NAMES = new Set([
  'credentials',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'privatekey',
  'token',
  'accesstoken',
  'refreshtoken',
  'authorization',
  'apikey',
  'xapikey',
  'key',
]);

function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * Replaces the value of every secret-looking name (`credentials`, `password`, `api_key`, …), at any
 * depth (a malformed body may nest it), with `[redacted]`. Values nested deeper than 32 levels are
 * replaced whole, so a hostile body cannot exhaust the stack.
 */
export function redactCredentials(body: unknown, depth = 0): unknown {
  if (body === null || typeof body !== 'object') return body;
  if (depth >= MAX_LOGGED_DEPTH) return TOO_DEEP;
  if (Array.isArray(body)) return body.map((item) => redactCredentials(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body))
    setEntry(copy, key, isSecretName(key) ? REDACTED : redactCredentials(value, depth + 1));
  return copy;
}

/**
 * The query as the request log keeps it: the value of a secret-looking parameter (`?api_key=`,
 * `?credentials=`), or of any parameter that holds one of `secrets` (the accepted API keys), is
 * replaced with `[redacted]`. The query the engine validates is left alone.
 */
export function redactQuery(
  query: Readonly<Record<string, string>>,
  secrets: ReadonlySet<string>,
): Record<string, string> {
  let copy: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(query)) {
    if (!isSecretName(name) && !secrets.has(value)) continue;
    copy ??= { ...query };
    setEntry(copy, name, REDACTED);
  }
  return copy ?? query;
}

/** A bounded log, newest last: memory stays flat under a long load test. */
export class RequestLog {
  private items: LoggedRequest[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 0)
      throw new RangeError(`requestLogLimit must be an integer ≥ 0, got ${String(limit)}`);
    this.limit = limit;
  }

  /** @internal */
  add(entry: LoggedRequest): void {
    if (this.limit === 0) return;
    this.items.push(entry);
    // Trim in batches so that a full log costs O(1) amortized per request.
    if (this.items.length >= this.limit * 2) this.items = this.items.slice(-this.limit);
  }

  /** Every logged request, oldest first (at most the limit). */
  all(): LoggedRequest[] {
    return this.items.length > this.limit ? this.items.slice(-this.limit) : [...this.items];
  }

  /** The requests of one operation, oldest first. */
  ofOperation(operationId: OperationId): LoggedRequest[] {
    return this.all().filter((entry) => entry.operationId === operationId);
  }

  last(): LoggedRequest | undefined {
    return this.items.at(-1);
  }

  get count(): number {
    return Math.min(this.items.length, this.limit);
  }

  clear(): void {
    this.items = [];
  }
}
