import { defineConfig, mergeConfig } from 'vitest/config';
import { E2E_MODE, sharedE2EConfig, sharedTestConfig, suiteFiles } from '../../vitest.shared.js';

export default defineConfig(({ mode }) =>
  mergeConfig(
    mode === E2E_MODE ? sharedE2EConfig : sharedTestConfig,
    defineConfig({
      test: {
        // The end-to-end suite runs the built bin in tmux, a real pseudo-terminal.
        ...suiteFiles(mode, ['test/**/*.test.ts', 'test/**/*.test.tsx'], ['test/e2e/**/*.test.ts']),
        // Hang detectors: a real terminal on a busy 2-core machine can take seconds per screen.
        testTimeout: mode === E2E_MODE ? 120_000 : 20_000,
      },
    }),
  ),
);
