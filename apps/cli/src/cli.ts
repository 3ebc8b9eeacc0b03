/**
 * The `spartera` executable. `spartera --version` answers from this file alone; everything else
 * loads the command tree, and each command loads its own code when it runs, so that start-up stays
 * close to Node's own (bench/cli-startup.mjs).
 */
// Replaced at build time; read directly rather than imported, so the --version path loads no chunk.
declare const __SPARTERA_CLI_VERSION__: string;

// `spartera … | head -1` closes the pipe early: that is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // The same line commander prints for it, without parsing (and loading) the command tree.
  process.stdout.write(`@spartera/cli ${__SPARTERA_CLI_VERSION__}\n`);
} else {
  const [{ processIo }, { run }] = await Promise.all([import('./io.js'), import('./program.js')]);
  process.exitCode = await run(argv, processIo());
}
