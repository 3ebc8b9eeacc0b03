/** The engine's options, checked once at construction with messages that name the bad option. */
import type { DatasetName } from './store.js';
import type { Latency, RandomFailure } from './faults.js';
import type { LoggedRequest } from './request-log.js';

export interface EngineOptions {
  /** API key → the company ids it may access. Default: `{ [DEMO_API_KEY]: [DEMO_COMPANY_ID] }`. */
  apiKeys?: Record<string, readonly string[]>;
  /** Seeds ids, random latency and random failures (default 1). */
  seed?: number;
  /** `demo` (default): the demo companies and connections; `empty`: no connections. */
  dataset?: DatasetName;
  /** The company that holds the demo company's connections (default `DEMO_COMPANY_ID`). */
  demoCompanyId?: string;
  /** That many more generated connections for the first company of `apiKeys`, for load tests. */
  extraConnections?: number;
  /**
   * A state document, as `store.state()` or `GET /__spartera/state` gives it, to start from instead
   * of `dataset` and `extraConnections`; `reset()` comes back to it. Checked against the spec's schemas.
   */
  initialState?: unknown;
  /** Delay every response: fixed milliseconds or a [min, max] range. */
  latencyMs?: Latency;
  /** Share of requests (0..1) that fail at random, with one of `failWith`. */
  failRate?: number;
  failWith?: readonly RandomFailure[];
  /** How many requests `requests` keeps, newest last (default 1000). */
  requestLogLimit?: number;
  /** The clock for `date_created`, `last_updated` and `tested_at` (default: real time). */
  now?: () => Date;
  /**
   * Called with each logged request (secrets masked), for live logs such as the CLI's `--log`. An
   * error it throws does not change the answer; it is rethrown as an uncaught error.
   */
  onRequest?: (entry: LoggedRequest) => void;
}

/** Every option of `EngineOptions`: a `Record` of all its keys, so one added there must be added here. */
const ENGINE_OPTIONS: Record<keyof EngineOptions, true> = {
  apiKeys: true,
  seed: true,
  dataset: true,
  demoCompanyId: true,
  extraConnections: true,
  initialState: true,
  latencyMs: true,
  failRate: true,
  failWith: true,
  requestLogLimit: true,
  now: true,
  onRequest: true,
};
export const ENGINE_OPTION_NAMES: readonly string[] = Object.keys(ENGINE_OPTIONS);

/**
 * Refuses an option the function does not take: from JavaScript, a misspelt `latency` for
 * `latencyMs` would otherwise be ignored without a word and the test would run without it.
 */
export function checkOptionNames(options: unknown, allowed: readonly string[], what: string): void {
  // From JavaScript, `null` would fail with the engine's "Cannot convert undefined or null to
  // object", a string would be refused for its option "0", and a number would be taken as no options.
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${what}: the options must be an object; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`,
    );
  }
  // `for...in`, not `Object.keys`: an inherited option (`Object.create(defaults)`) would be read by
  // some of the options' readers and dropped by others (an object rest keeps own properties only).
  for (const name in options) {
    if (!Object.hasOwn(options, name)) {
      throw new TypeError(
        `${what}: option ${JSON.stringify(name)} is inherited, not the options object's own; pass { ...options }`,
      );
    }
    if (!allowed.includes(name)) {
      throw new TypeError(`${what}: unknown option ${JSON.stringify(name)}; it takes ${allowed.join(', ')}`);
    }
  }
}

export function checkSeed(seed: number | undefined): number {
  const value = seed ?? 1;
  if (!Number.isInteger(value)) throw new TypeError(`seed must be an integer, got ${String(seed)}`);
  return value;
}

export function checkExtraConnections(extra: number | undefined): number {
  const value = extra ?? 0;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`extraConnections must be an integer ≥ 0, got ${String(extra)}`);
  }
  return value;
}

export function checkDataset(dataset: DatasetName | undefined): DatasetName {
  const value = dataset ?? 'demo';
  // Checked at run time: JavaScript callers and the CLI pass strings the type does not rule out.
  if (!(['demo', 'empty'] as readonly string[]).includes(value))
    throw new TypeError(`dataset must be 'demo' or 'empty', got ${JSON.stringify(value)}`);
  return value;
}
