/**
 * How many seconds the server asked us to wait: the `Retry-After` header (delta-seconds or an
 * HTTP date), else the body's `retry_after`. `undefined` when it said nothing usable.
 */
export function retryAfterSeconds(headers: Headers, body: unknown, now = Date.now()): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Number(header);
    // An HTTP date starts with its day's name; `Date.parse` alone also takes "-5" or "1 2 3"
    // for a past date, which would mean retrying at once, without backoff.
    const date = /^[a-z]{3}/i.test(header) ? Date.parse(header) : NaN;
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const fromBody =
    typeof body === 'object' && body !== null ? (body as { retry_after?: unknown }).retry_after : undefined;
  return typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0 ? fromBody : undefined;
}
