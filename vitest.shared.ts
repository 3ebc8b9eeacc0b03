import { defineConfig } from 'vitest/config';

/**
 * The settings every package's vitest shares: a JSON report beside the console one, so that
 * `scripts/test-summary.mjs` can print one closing line for the whole workspace, even when turbo
 * replays a package's tests from its cache.
 */
export const sharedTestConfig = defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-reports/results.json' }]],
    passWithNoTests: false,
  },
});
