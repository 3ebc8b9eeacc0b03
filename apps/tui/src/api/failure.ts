import type { FailureKind } from './source.js';
import { SourceError } from './source.js';

/** A failed call, as plain data the reducer can keep. */
export interface Failure {
  kind: FailureKind;
  message: string;
  status: number | undefined;
  fieldErrors: Readonly<Record<string, readonly string[]>>;
  retryAfter: number | undefined;
}

export function toFailure(error: unknown): Failure {
  if (error instanceof SourceError) {
    return {
      kind: error.kind,
      message: error.message,
      status: error.status,
      fieldErrors: error.fieldErrors,
      retryAfter: error.retryAfter,
    };
  }
  return {
    kind: 'unknown',
    message: error instanceof Error ? error.message : String(error),
    status: undefined,
    fieldErrors: {},
    retryAfter: undefined,
  };
}

/**
 * One or two sentences a person can act on. `subject` names what was being done, e.g.
 * "loading the connections" or "testing Acme warehouse".
 */
export function explainFailure(failure: Failure, subject: string, configPath?: string): string {
  switch (failure.kind) {
    case 'auth':
      return (
        `The API key was refused while ${subject} (401). Set it with --api-key, the SPARTERA_API_KEY ` +
        `variable, or a profile in ${configPath ?? 'the config file'}; or try the demo with --mock.`
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
        failure.retryAfter === undefined ? '' : `; wait ${failure.retryAfter} s`
      }, then press r to retry.`;
    case 'server':
      return `The server failed while ${subject}${failure.status ? ` (${failure.status})` : ''}: ${failure.message}. Press r to retry.`;
    case 'network':
      return `Could not reach the API while ${subject}: ${failure.message}. Check the network or --base-url, then press r to retry.`;
    case 'timeout':
      return `The API did not answer in time while ${subject}. Press r to retry.`;
    case 'config':
      return failure.message;
    case 'unknown':
      return `Something went wrong while ${subject}: ${failure.message}`;
  }
}
