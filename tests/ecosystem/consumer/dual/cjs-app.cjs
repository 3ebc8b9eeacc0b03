// A CommonJS app that uses an ES module library: the reverse of esm-app.mjs.
const { APIError, NotFoundError, SparteraError } = require('@spartera/client');

(async () => {
  const library = await import('./library.mjs');
  let caught;
  try {
    await library.loadConnection('conn_missing_0');
  } catch (error) {
    caught = error;
  }
  console.log(
    `ECOSYSTEM_RESULT ${JSON.stringify({
      thrownBy: library.build,
      caughtBy: require.resolve('@spartera/client'),
      name: caught?.name,
      instanceofNotFoundError: caught instanceof NotFoundError,
      instanceofAPIError: caught instanceof APIError,
      instanceofSparteraError: caught instanceof SparteraError,
    })}`,
  );
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
