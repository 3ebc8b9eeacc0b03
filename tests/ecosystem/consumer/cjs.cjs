// A CommonJS consumer: `require` resolves the package's CommonJS build.
const client = require('@spartera/client');

import('./scenario.mjs')
  .then(({ report, runScenario }) =>
    runScenario(client).then((result) => report(result, { build: require.resolve('@spartera/client') })),
  )
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
