import { defineConfig } from 'vitest/config';

/**
 * The settings every package's vitest shares: a JSON report beside the console one, so that
 * `scripts/test-summary.mjs` can print one closing line for the whole workspace, even when turbo
 * replays a package's tests from its cache.
 *
 * Time limits are hang detectors, never speed budgets: on a 2-core machine running other builds, a
 * test that takes half a second alone can take ten (vitest's default of 5 s failed the drift check
 * and the client's retry tests under load). Speed is measured in bench/, side by side, not here.
 */
export const sharedTestConfig = defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-reports/results.json' }]],
    passWithNoTests: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
