import type { Failure } from '../api/failure.js';
import type { AppState, Pending, Retry } from './types.js';

/** Retries of a network failure, a timeout or a 5xx, before it is left to the user (r). */
const TRANSIENT_RETRIES = 2;
/** A rate limit is waited out this many times before it is left to the user. */
const RATE_LIMIT_RETRIES = 5;
/** The longest wait the app schedules by itself; a longer Retry-After is left to the user. */
const MAX_WAIT_MS = 60_000;

/**
 * When a failed request goes out again by itself, if it does: a read or a delete (idempotent)
 * whose failure may pass, within a few attempts. A 429 waits what Retry-After says (1 s if it
 * says nothing), anything else backs off 0.5 s, then 1 s. Creates and updates are never
 * repeated: a lost answer may mean they went through.
 */
export function retryDelay(pending: Pending, failure: Failure): number | undefined {
  if (!failure.retryable || pending.kind === 'create' || pending.kind === 'update') return undefined;
  const limited = failure.kind === 'rate-limit';
  if (pending.attempt >= (limited ? RATE_LIMIT_RETRIES : TRANSIENT_RETRIES)) return undefined;
  const wait =
    failure.retryAfter !== undefined
      ? failure.retryAfter * 1000
      : limited
        ? 1000
        : 500 * 2 ** pending.attempt;
  return wait <= MAX_WAIT_MS ? wait : undefined;
}

/** Schedules the same request again after `delay`, as a new seq; returns when and which. */
export function scheduleRetry(
  state: AppState,
  pending: Pending,
  at: number,
  delay: number,
): [AppState, Retry] {
  const seq = state.seq + 1;
  const retry: Pending = { ...pending, seq, attempt: pending.attempt + 1, notBefore: at + delay };
  return [
    { ...state, seq, requests: [...state.requests, retry] },
    { seq, at: at + delay },
  ];
}
