import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs the packages and installs the tarballs into one fresh project that every file uses.
    globalSetup: ['./test/global-setup.ts'],
    // Time limits are hang detectors: a runtime's first start (Deno, Chromium, workerd) is slow on a
    // busy machine, and none of these tests measures speed.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // One runtime at a time: each starts its own processes on a 2-core machine.
    fileParallelism: false,
    // Every test with its duration (the time each runtime takes), and a JSON report that
    // scripts/test-summary.mjs counts as the `test:ecosystem` suite.
    reporters: ['verbose', ['json', { outputFile: '.vitest-reports/ecosystem.json' }]],
    passWithNoTests: false,
  },
});
