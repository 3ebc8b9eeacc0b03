import { configDefaults, defineConfig } from 'vitest/config';

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

/**
 * The end-to-end suite (`pnpm test:e2e`, which CI runs right after the README's test command): the
 * built bins driven from outside, in real terminals (tmux), a real browser (Chromium) and as child
 * processes against spartera-mock, and the READMEs' programs run as written; and the few proofs
 * that take minutes on their own (the client's types regenerated from an edited spec, 128 MiB bodies
 * read). It takes minutes on a 2-core machine, so the quick test command leaves it out. A package that has both suites selects
 * this one with `vitest run --mode e2e`; its report goes to `.vitest-reports/e2e.json`.
 */
export const E2E_MODE = 'e2e';

export const sharedE2EConfig = defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-reports/e2e.json' }]],
    passWithNoTests: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

/** The files of a package's quick suite and of its end-to-end suite, split by the globs of the latter. */
export function suiteFiles(mode: string, include: string[], e2e: string[]) {
  return mode === E2E_MODE
    ? { include: e2e, exclude: [...configDefaults.exclude] }
    : { include, exclude: [...configDefaults.exclude, ...e2e] };
}
