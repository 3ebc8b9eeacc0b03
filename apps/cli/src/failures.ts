/**
 * The exit codes and the failures commands throw. Kept apart from errors.ts, which loads the client's
 * error classes, so that a command can throw these without loading anything.
 */
/** The documented exit codes. */
export const EXIT = {
  ok: 0,
  /** An API or network error, or a file that could not be read or written. */
  failure: 1,
  /** A usage error: a wrong flag or argument, a missing setting, an input file that does not validate. */
  usage: 2,
  /** A connection test ran and failed (`test`, `test --all`). */
  testFailed: 3,
  /** Stopped by Ctrl+C. */
  interrupted: 130,
} as const;

/** A problem at a place in an input file. */
export interface Problem {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  /** Where in the document, as a JSON pointer such as `/connections/2/engine`. */
  pointer?: string | undefined;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const place =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${place}: ${problem.message}`;
}

/** An input file does not validate; nothing was sent. Exit 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** A command that ran and has something to report with a non-zero status (failed tests, pending changes). */
export class ExitStatus extends Error {
  override readonly name = 'ExitStatus';
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/** Ctrl+C. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** A file could not be read or written. Exit 1. */
export class FileError extends Error {
  override readonly name = 'FileError';
}

/** The API answered 200 with data the CLI cannot act on safely (a field of the wrong type). Exit 1. */
export class MalformedDataError extends Error {
  override readonly name = 'MalformedDataError';
}
