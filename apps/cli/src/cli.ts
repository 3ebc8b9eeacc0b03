/**
 * The `spartera` executable. Everything but the command tree loads on demand, so that a bare
 * `spartera --version` starts about as fast as Node itself (bench/cli-startup.mjs).
 */
import { processIo } from './io.js';
import { run } from './program.js';

// `spartera … | head -1` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processIo());
