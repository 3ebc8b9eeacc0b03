// An ES module app that uses a CommonJS library: both load @spartera/client, each its own build.
// The app must recognise the library's errors with its own classes.
import { APIError, NotFoundError, SparteraError } from '@spartera/client';
import library from './library.cjs';

let caught;
try {
  await library.loadConnection('conn_missing_0');
} catch (error) {
  caught = error;
}
console.log(
  `ECOSYSTEM_RESULT ${JSON.stringify({
    thrownBy: library.build,
    caughtBy: import.meta.resolve('@spartera/client'),
    name: caught?.name,
    instanceofNotFoundError: caught instanceof NotFoundError,
    instanceofAPIError: caught instanceof APIError,
    instanceofSparteraError: caught instanceof SparteraError,
  })}`,
);
