import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      // The e2e tests drive a real terminal and wait up to 30 s for a screen (a hang detector:
      // a busy two-core machine may take seconds to start the app); a test holds several waits.
      testTimeout: 120_000,
    },
  }),
);
