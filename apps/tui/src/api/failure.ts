/** What went wrong, in the terms the screens explain it. */
export type FailureKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'rate-limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'config'
  /** The API answered, but not in a shape the app can read (a broken server or proxy). */
  | 'malformed'
  | 'unknown';

/** Failures that may succeed when tried again unchanged: the network, the server, a rate limit. */
const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate-limit', 'server', 'network', 'timeout']);

/**
 * A failed call as the app sees it: thrown by the data source, kept in the state as it is
 * (immutable), explained by the screens. The one error type of the app.
 */
export class Failure extends Error {
  override readonly name = 'Failure';
  readonly kind: FailureKind;
  readonly status: number | undefined;
  /** Per-field messages of a 400 response, keyed by the API's field names. */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;
  /** Seconds to wait before retrying, when a 429 or 503 said so. */
  readonly retryAfter: number | undefined;
  /** Whether trying again unchanged may succeed. */
  readonly retryable: boolean;

  constructor(
    kind: FailureKind,
    message: string,
    details: {
      status?: number | undefined;
      fieldErrors?: Record<string, readonly string[]> | undefined;
      retryAfter?: number | undefined;
    } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.fieldErrors = details.fieldErrors ?? {};
    this.retryAfter = details.retryAfter;
    this.retryable = RETRYABLE.has(kind);
  }
}

/** A few words for a status line: what failed, without the advice. */
export function shortFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'network':
      return 'the API cannot be reached';
    case 'timeout':
      return 'the API did not answer in time';
    case 'rate-limit':
      return 'too many requests (429)';
    case 'server':
      return `server error${failure.status ? ` ${failure.status}` : ''}`;
    case 'auth':
      return 'the API key was refused (401)';
    case 'forbidden':
      return 'not allowed (403)';
    case 'malformed':
      return 'unreadable answer from the API';
    default:
      return failure.message;
  }
}

/** Whatever a call threw, as a Failure (an unexpected error becomes an `unknown` one). */
export function toFailure(error: unknown): Failure {
  if (error instanceof Failure) return error;
  return new Failure('unknown', error instanceof Error ? error.message : String(error));
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

/** What to press to try again where the failure is shown; a form says Ctrl+S, never a letter it would type. */
export interface ExplainOptions {
  configPath?: string | undefined;
  retryKey?: string;
}

/**
 * One or two sentences a person can act on. `subject` names what was being done, e.g.
 * "loading the connections" or "testing Acme warehouse".
 */
export function explainFailure(failure: Failure, subject: string, options: ExplainOptions = {}): string {
  const retry = `press ${options.retryKey ?? 'r'} to retry`;
  const Retry = `Press ${options.retryKey ?? 'r'} to retry`;
  switch (failure.kind) {
    case 'auth':
      return (
        `The API key was refused while ${subject} (401). Set it with --api-key, the SPARTERA_API_KEY ` +
        `variable, or a profile in ${options.configPath ?? 'the config file'}; or try the demo with --mock.`
      );
    case 'forbidden':
      return `Not allowed: ${subject} was refused (403). ${failure.message}`;
    case 'not-found':
      return `Not found while ${subject} (404): it may have been deleted. ${failure.message}`;
    case 'invalid':
      return `The request was rejected while ${subject}: ${failure.message}`;
    case 'conflict':
      return `Conflict while ${subject} (409): ${failure.message}`;
    case 'rate-limit':
      return `Too many requests while ${subject} (429)${
        failure.retryAfter === undefined ? '' : `: the API asks to wait ${failure.retryAfter} s`
      }.`;
    case 'server':
      return `The server failed while ${subject}${failure.status ? ` (${failure.status})` : ''}: ${failure.message}. ${Retry}.`;
    case 'network':
      return `Could not reach the API while ${subject}: ${failure.message}. Check the network or --base-url, then ${retry}.`;
    case 'timeout':
      return `The API did not answer in time while ${subject}. ${Retry}.`;
    case 'config':
      return failure.message;
    case 'malformed':
      return `The API's answer could not be read while ${subject}: ${failure.message}. ${Retry}.`;
    case 'unknown':
      return `Something went wrong while ${subject}: ${failure.message}`;
  }
}
