/**
 * Scenarios and faults: what a resilience test asks of the mock. Queued faults apply to the next
 * matching requests that pass routing, authentication and validation, and then run out; latency and
 * the fail rate stay until changed or cleared. Everything random is drawn from the server's seed, so
 * a failing test replays the same way.
 */
import type { OperationId } from '@spartera/types';
import { itemAt } from '../random.js';
import type { Random } from '../random.js';

/** Which requests a fault applies to; every field given must match (none given: every request). */
export interface FaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /** The operation, as named in the spec (`listConnections`, `createConnection`, ...). */
  operationId?: OperationId;
  /** The URL path: equal to a string, or tested by a RegExp. */
  path?: string | RegExp;
}

export interface StatusFaultOptions extends FaultMatch {
  /** The status to answer with, such as 429, 500 or 503. */
  status: number;
  /** How many matching requests get it (default 1). */
  count?: number;
  /** Seconds, sent as `Retry-After` and (on 429) as the body's `retry_after`. Default 1 on 429 and 503. */
  retryAfter?: number;
  /** The error body's message (default: the status's usual message). */
  message?: string;
  /**
   * A raw body instead of the JSON error, such as a proxy's HTML page, an empty string or broken
   * JSON: what a client must survive without an unhandled parse error.
   */
  rawBody?: string;
  /** The content type of `rawBody` (default `text/html; charset=utf-8`). */
  contentType?: string;
}

export interface DropFaultOptions extends FaultMatch {
  count?: number;
  /**
   * `before` (default): the connection is dropped and the request never handled, so nothing is written.
   * `after`: the request is handled (a create is stored) and then the response is lost, the case that
   * makes blind retries of writes dangerous.
   */
  when?: 'before' | 'after';
}

export interface SlowBodyOptions extends FaultMatch {
  count?: number;
  /** Bytes sent per chunk (default 16). */
  chunkBytes?: number;
  /** Pause between chunks in milliseconds (default 50). */
  chunkDelayMs?: number;
}

export interface DelayFaultOptions extends FaultMatch {
  /** How long to hold the answer: milliseconds, or a [min, max] range drawn per request. */
  ms: Latency;
  count?: number;
}

/** A fixed delay in milliseconds, or a [min, max] range drawn uniformly per request. */
export type Latency = number | readonly [number, number];

/** What a random failure (`failRate`) turns into. `drop` resets the connection. */
export type RandomFailure = 429 | 500 | 502 | 503 | 504 | 'drop';

export type FaultAction =
  | {
      type: 'status';
      status: number;
      retryAfter: number | undefined;
      message: string | undefined;
      rawBody?: { text: string; contentType: string };
    }
  | { type: 'drop'; when: 'before' | 'after' }
  | { type: 'slow-body'; chunkBytes: number; chunkDelayMs: number };

interface QueuedFault {
  match: FaultMatch;
  remaining: number;
  action: FaultAction;
}

interface QueuedDelay {
  match: FaultMatch;
  remaining: number;
  ms: Latency;
}

/** What a queued fault does, as `describe()` lists it. */
export type DescribedFaultKind =
  | {
      type: 'status';
      status: number;
      retryAfter?: number;
      message?: string;
      rawBody?: string;
      contentType?: string;
    }
  | { type: 'drop'; when: 'before' | 'after' }
  | { type: 'slowBody'; chunkBytes: number; chunkDelayMs: number }
  | { type: 'delay'; ms: Latency };

/** Which requests a queued fault applies to, as plain JSON (a RegExp path as its source text). */
export interface DescribedMatch {
  operationId?: OperationId;
  method?: string;
  path?: string;
}

/** A queued fault as `describe()` lists it, with how many more requests it will affect. */
export type DescribedFault = DescribedFaultKind & DescribedMatch & { remaining: number };

/** Everything the faults are set to, for the control API's `GET /__spartera/faults`. */
export interface FaultsDescription {
  /** Queued faults still to fire, in the order they match. */
  queued: DescribedFault[];
  /** How many requests queued faults will still affect. */
  pending: number;
  latencyMs: Latency;
  failRate: number;
  failWith: RandomFailure[];
}

function describeMatch(match: FaultMatch): DescribedMatch {
  return {
    ...(match.operationId === undefined ? {} : { operationId: match.operationId }),
    ...(match.method === undefined ? {} : { method: match.method.toUpperCase() }),
    ...(match.path === undefined
      ? {}
      : { path: typeof match.path === 'string' ? match.path : String(match.path) }),
  };
}

function describeAction(action: FaultAction): Exclude<DescribedFaultKind, { type: 'delay' }> {
  switch (action.type) {
    case 'status':
      return {
        type: 'status',
        status: action.status,
        ...(action.retryAfter === undefined ? {} : { retryAfter: action.retryAfter }),
        ...(action.message === undefined ? {} : { message: action.message }),
        ...(action.rawBody === undefined
          ? {}
          : { rawBody: action.rawBody.text, contentType: action.rawBody.contentType }),
      };
    case 'drop':
      return { type: 'drop', when: action.when };
    case 'slow-body':
      return { type: 'slowBody', chunkBytes: action.chunkBytes, chunkDelayMs: action.chunkDelayMs };
  }
}

/** Where a request is going, as faults see it. */
export interface FaultTarget {
  method: string;
  path: string;
  operationId: OperationId | undefined;
}

function checkCount(count: number | undefined, what: string): number {
  const value = count ?? 1;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what}: count must be an integer ≥ 1, got ${String(count)}`);
  return value;
}

function checkLatency(latency: Latency): Latency {
  const values = typeof latency === 'number' ? [latency] : [...latency];
  if (values.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new RangeError(
      `latency must be milliseconds ≥ 0 or a [min, max] pair of them, got ${JSON.stringify(latency)}`,
    );
  }
  if (typeof latency !== 'number' && (values.length !== 2 || latency[0] > latency[1])) {
    throw new RangeError(`latency range must be [min, max] with min ≤ max, got ${JSON.stringify(latency)}`);
  }
  return latency;
}

function matches(match: FaultMatch, target: FaultTarget): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== target.method) return false;
  if (match.operationId !== undefined && match.operationId !== target.operationId) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? match.path !== target.path : !match.path.test(target.path))
      return false;
  }
  return true;
}

const DEFAULT_FAILURES: readonly RandomFailure[] = [429, 500, 503, 'drop'];

export class Faults {
  private queue: QueuedFault[] = [];
  private delays: QueuedDelay[] = [];
  private latency: Latency = 0;
  private failRate = 0;
  private failures: readonly RandomFailure[] = DEFAULT_FAILURES;
  private readonly random: Random;

  /** @internal The engine creates one per server; tests reach it as `server.faults`. */
  constructor(
    random: Random,
    options: { latencyMs?: Latency; failRate?: number; failWith?: readonly RandomFailure[] },
  ) {
    this.random = random;
    if (options.latencyMs !== undefined) this.setLatency(options.latencyMs);
    if (options.failRate !== undefined) this.setFailRate(options.failRate, options.failWith);
  }

  /** Answers the next `count` matching requests with `status` (the request is not handled). */
  nextResponses(options: StatusFaultOptions): this {
    const { status, count, retryAfter, message, rawBody, contentType, ...match } = options;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`nextResponses: status must be an error status 400..599, got ${String(status)}`);
    }
    if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 0)) {
      throw new RangeError(`nextResponses: retryAfter must be whole seconds ≥ 0, got ${String(retryAfter)}`);
    }
    // A line break in a header value would split the response; node:http refuses to send it at all.
    if (contentType !== undefined && !/^[\x20-\x7e]+$/.test(contentType)) {
      throw new RangeError(
        `nextResponses: contentType must be printable ASCII such as text/html, got ${JSON.stringify(contentType)}`,
      );
    }
    this.queue.push({
      match,
      remaining: checkCount(count, 'nextResponses'),
      action: {
        type: 'status',
        status,
        retryAfter: retryAfter ?? (status === 429 || status === 503 ? 1 : undefined),
        message,
        ...(rawBody === undefined
          ? {}
          : { rawBody: { text: rawBody, contentType: contentType ?? 'text/html; charset=utf-8' } }),
      },
    });
    return this;
  }

  /** Closes the socket of the next `count` matching requests without a response (a network error). */
  dropConnections(options: DropFaultOptions = {}): this {
    const { count, when, ...match } = options;
    this.queue.push({
      match,
      remaining: checkCount(count, 'dropConnections'),
      action: { type: 'drop', when: when ?? 'before' },
    });
    return this;
  }

  /** Sends the body of the next `count` matching responses in small, delayed chunks. */
  slowBody(options: SlowBodyOptions = {}): this {
    const { count, chunkBytes, chunkDelayMs, ...match } = options;
    const bytes = chunkBytes ?? 16;
    const delay = chunkDelayMs ?? 50;
    if (!Number.isInteger(bytes) || bytes < 1)
      throw new RangeError(`slowBody: chunkBytes must be an integer ≥ 1, got ${String(chunkBytes)}`);
    if (!Number.isFinite(delay) || delay < 0)
      throw new RangeError(`slowBody: chunkDelayMs must be ≥ 0, got ${String(chunkDelayMs)}`);
    this.queue.push({
      match,
      remaining: checkCount(count, 'slowBody'),
      action: { type: 'slow-body', chunkBytes: bytes, chunkDelayMs: delay },
    });
    return this;
  }

  /**
   * Holds the answer to the next `count` matching requests for `ms` (instead of the server-wide
   * latency); combines with any other fault, such as a status or a slow body.
   */
  delayResponses(options: DelayFaultOptions): this {
    const { ms, count, ...match } = options;
    this.delays.push({ match, remaining: checkCount(count, 'delayResponses'), ms: checkLatency(ms) });
    return this;
  }

  /** Delays every response (fixed, or uniformly drawn from [min, max]); 0 turns it off. */
  setLatency(latency: Latency): this {
    this.latency = checkLatency(latency);
    return this;
  }

  /** Fails this share of requests (0..1) at random with one of `failWith` (default 429, 500, 503, drop). */
  setFailRate(rate: number, failWith: readonly RandomFailure[] = DEFAULT_FAILURES): this {
    if (!Number.isFinite(rate) || rate < 0 || rate > 1)
      throw new RangeError(`failRate must be between 0 and 1, got ${String(rate)}`);
    if (failWith.length === 0) throw new RangeError('failWith must name at least one failure');
    this.failRate = rate;
    this.failures = failWith;
    return this;
  }

  /** How many requests queued faults (delays included) will still affect. */
  pending(): number {
    const count = (total: number, fault: { remaining: number }): number => total + fault.remaining;
    return this.queue.reduce(count, 0) + this.delays.reduce(count, 0);
  }

  /** Everything the faults are set to, as plain JSON. */
  describe(): FaultsDescription {
    return {
      queued: [
        ...this.queue.map((fault) => ({
          ...describeAction(fault.action),
          ...describeMatch(fault.match),
          remaining: fault.remaining,
        })),
        ...this.delays.map((delay) => ({
          type: 'delay' as const,
          ms: delay.ms,
          ...describeMatch(delay.match),
          remaining: delay.remaining,
        })),
      ],
      pending: this.pending(),
      latencyMs: this.latency,
      failRate: this.failRate,
      failWith: [...this.failures],
    };
  }

  /** Removes queued faults, latency and the fail rate. */
  clear(): this {
    this.queue = [];
    this.delays = [];
    this.latency = 0;
    this.failRate = 0;
    this.failures = DEFAULT_FAILURES;
    return this;
  }

  private draw(latency: Latency): number {
    if (typeof latency === 'number') return latency;
    const [min, max] = latency;
    return min + this.random.next() * (max - min);
  }

  /** The server-wide delay for one response, in milliseconds. */
  nextDelay(): number {
    return this.latency === 0 ? 0 : this.draw(this.latency);
  }

  /** @internal A queued delay for this request, if one matches; consumes one use of it. */
  takeDelay(target: FaultTarget): number | undefined {
    if (this.delays.length === 0) return undefined;
    const index = this.delays.findIndex((delay) => matches(delay.match, target));
    if (index === -1) return undefined;
    const delay = itemAt(this.delays, index);
    delay.remaining -= 1;
    if (delay.remaining === 0) this.delays.splice(index, 1);
    return this.draw(delay.ms);
  }

  /** @internal The fault, if any, for this request; consumes one use of a queued fault. */
  take(target: FaultTarget): FaultAction | undefined {
    if (this.queue.length === 0 && this.failRate === 0) return undefined;
    const index = this.queue.findIndex((fault) => matches(fault.match, target));
    if (index !== -1) {
      const fault = itemAt(this.queue, index);
      fault.remaining -= 1;
      if (fault.remaining === 0) this.queue.splice(index, 1);
      return fault.action;
    }
    if (this.failRate > 0 && this.random.chance(this.failRate)) {
      const failure = this.random.pick(this.failures);
      if (failure === 'drop') return { type: 'drop', when: 'before' };
      return {
        type: 'status',
        status: failure,
        // Random failures ask for no wait, so that long resilience runs stay fast.
        retryAfter: failure === 429 || failure === 503 ? 0 : undefined,
        message: undefined,
      };
    }
    return undefined;
  }
}
