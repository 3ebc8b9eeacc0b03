import { defineConfig, mergeConfig } from 'vitest/config';
import { E2E_MODE, sharedE2EConfig, sharedTestConfig, suiteFiles } from '../../vitest.shared.js';

export default defineConfig(({ mode }) =>
  mergeConfig(
    mode === E2E_MODE ? sharedE2EConfig : sharedTestConfig,
    defineConfig({
      test: {
        // The end-to-end suite starts the built spartera-mock bin and drives it with bash and curl,
        // as the README's shell examples do.
        ...suiteFiles(
          mode,
          ['test/**/*.test.ts'],
          ['test/cli/**/*.test.ts', 'test/readme/shell-examples.test.ts'],
        ),
        // The type tests (test/**/*.test-d.ts) are checked by the package's `typecheck` (tsc over src and
        // test), which fails on any broken expectTypeOf: running tsc a second time here cost a minute.
        // Hang detectors like the shared ones, longer here: these tests start several child
        // processes (spartera-mock, bash, curl) one after another, each slow on a busy machine.
        testTimeout: 120_000,
        hookTimeout: 120_000,
      },
    }),
  ),
);
