/**
 * Exit codes and the one-line error report. Every failure a user can meet ends here, as one line on
 * stderr (one line per problem for a file that does not validate), or as JSON with --format json.
 */
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
  SparteraError,
} from '@spartera/client';
import type { SettingOrigin } from '@spartera/config';
import { ConfigFileError, UsageError } from '@spartera/config';
import { escapeControl } from './output/escape.js';
import { EXIT, ExitStatus, FileError, InputError, Interrupted, MalformedDataError } from './failures.js';
import type { Problem } from './failures.js';

export interface ErrorReport {
  exitCode: number;
  type: string;
  message: string;
  status?: number;
  problems?: Problem[];
  fields?: Record<string, string[]>;
}

/** Where the key came from, for the 401 hint. */
export type KeyOrigin = SettingOrigin | undefined;

function keyHint(origin: KeyOrigin): string {
  if (origin?.kind === 'env') return `the key in ${origin.variable} was refused`;
  if (origin?.kind === 'profile')
    return `the key of profile "${origin.profile}" in ${origin.path} was refused; run spartera auth login`;
  return 'the API key was refused; run spartera auth login';
}

export function describeError(error: unknown, keyOrigin?: KeyOrigin): ErrorReport {
  if (error instanceof InputError)
    return { exitCode: EXIT.usage, type: 'InputError', message: error.message, problems: error.problems };
  if (error instanceof UsageError)
    return { exitCode: EXIT.usage, type: 'UsageError', message: error.message };
  if (error instanceof ConfigFileError || error instanceof FileError || error instanceof MalformedDataError)
    return { exitCode: EXIT.failure, type: error.name, message: error.message };
  if (error instanceof ExitStatus)
    return { exitCode: error.exitCode, type: 'ExitStatus', message: error.message };
  if (error instanceof Interrupted)
    return { exitCode: EXIT.interrupted, type: 'Interrupted', message: error.message || 'interrupted' };
  if (error instanceof APIError) {
    let message = escapeControl(error.message);
    if (error instanceof AuthenticationError) message += `: ${keyHint(keyOrigin)}`;
    if (error instanceof PermissionDeniedError) message += ': this API key may not do that for this company';
    if (error instanceof RateLimitError && error.retryAfter !== undefined && error.retryAfter > 0)
      message += `: the API asks to wait ${error.retryAfter} s before trying again`;
    const report: ErrorReport = { exitCode: EXIT.failure, type: error.name, message, status: error.status };
    // The client's message already names each field at fault: `fields` gives them to scripts.
    if (error instanceof BadRequestError && Object.keys(error.errors).length > 0)
      report.fields = error.errors;
    return report;
  }
  if (error instanceof APITimeoutError)
    return {
      exitCode: EXIT.failure,
      type: error.name,
      message: `timed out: ${escapeControl(error.message)}`,
    };
  if (error instanceof APIConnectionError)
    return {
      exitCode: EXIT.failure,
      type: error.name,
      message: `could not reach the API: ${escapeControl(error.message)}`,
    };
  // What is left is the client refusing its arguments before sending anything (a malformed id, a
  // key with a line break): a usage error.
  if (error instanceof SparteraError)
    return { exitCode: EXIT.usage, type: error.name, message: escapeControl(error.message) };
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE')
    return { exitCode: EXIT.ok, type: 'EPIPE', message: '' };
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: EXIT.failure,
    type: 'InternalError',
    message: `unexpected error: ${escapeControl(message)}`,
  };
}
