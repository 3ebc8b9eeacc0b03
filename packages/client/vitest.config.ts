import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import { E2E_MODE, sharedE2EConfig, sharedTestConfig, suiteFiles } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig(({ mode }) =>
  mergeConfig(
    mode === E2E_MODE ? sharedE2EConfig : sharedTestConfig,
    defineConfig({
      define: { __SPARTERA_CLIENT_VERSION__: JSON.stringify(version) },
      test: {
        // The end-to-end suite holds the proofs that take minutes on a 2-core machine: the types
        // regenerated from an edited copy of the spec (two tsc runs), and 128 MiB bodies read.
        ...suiteFiles(mode, ['test/**/*.test.ts'], ['test/e2e/**/*.test.ts']),
        // The type tests (test/**/*.test-d.ts) are checked by the package's `typecheck` (tsc over src
        // and test), which fails on any broken expectTypeOf: running tsc a second time here cost a minute.
      },
    }),
  ),
);
