import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // The type tests (test/**/*.test-d.ts) are checked by the package's `typecheck` (tsc over src and
      // test), which fails on any broken expectTypeOf: running tsc a second time here cost a minute.
    },
  }),
);
