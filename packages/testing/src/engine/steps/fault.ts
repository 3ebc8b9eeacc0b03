/**
 * Faults, once a request has passed routing, authentication and validation: it would be answered
 * by the API, and instead fails the way the test asked (an error status, a raw body, a dropped
 * connection) or is answered slowly. A status fault or a drop before handling means the request
 * is never handled, so nothing is written.
 */
import { HttpError, statusMessage } from '../errors.js';
import type { FaultAction, Faults, FaultTarget } from '../faults.js';

/** What the fault step decided for one request. */
export interface FaultOutcome {
  /** The fault that fired, if one did. */
  action: FaultAction | undefined;
  /** A queued delay for this request, replacing the server-wide latency; undefined when none. */
  delayMs: number | undefined;
}

const NO_FAULT: FaultOutcome = Object.freeze({ action: undefined, delayMs: undefined });

export function takeFault(faults: Faults, target: FaultTarget): FaultOutcome {
  const action = faults.take(target);
  const delayMs = faults.takeDelay(target);
  return action === undefined && delayMs === undefined ? NO_FAULT : { action, delayMs };
}

/** The answer of a status fault: the API's error body with `Retry-After`, or the raw body asked for. */
export function injectedStatus(fault: Extract<FaultAction, { type: 'status' }>): {
  status: number;
  body: string;
  headers: Record<string, string>;
} {
  const headers: Record<string, string> = {};
  const extra: Record<string, unknown> = {};
  if (fault.retryAfter !== undefined) {
    headers['retry-after'] = String(fault.retryAfter);
    if (fault.status === 429) extra.retry_after = fault.retryAfter;
  }
  if (fault.rawBody) {
    headers['content-type'] = fault.rawBody.contentType;
    return { status: fault.status, body: fault.rawBody.text, headers };
  }
  const error = new HttpError(fault.status, fault.message ?? statusMessage(fault.status), extra);
  return { status: fault.status, body: error.body(), headers };
}
