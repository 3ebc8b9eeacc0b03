import { defineConfig } from 'vitest/config';

// `pnpm test:soak`: the runs that last by design, kept out of the quick test command.
export default defineConfig({
  test: {
    include: ['soak/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest-reports/soak.json' }]],
    passWithNoTests: false,
  },
});
