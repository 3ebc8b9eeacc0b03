import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      // Hang detectors like the shared ones, longer here: these tests start several child
      // processes (spartera-mock, bash, curl) one after another, each slow on a busy machine.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
