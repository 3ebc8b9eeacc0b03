#!/usr/bin/env node
// Prints one closing line for the whole workspace from each package's vitest JSON report.
// A package whose report is missing counts as failed: its tests did not run.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'apps']) {
  for (const name of await readdir(path.join(root, group))) {
    const report = path.join(root, group, name, '.vitest-reports/results.json');
    try {
      const result = JSON.parse(await readFile(report, 'utf8'));
      passed += result.numPassedTests;
      failed += result.numFailedTests;
      skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    } catch {
      missing.push(`${group}/${name}`);
    }
  }
}
if (missing.length > 0) console.error(`no test report from: ${missing.join(', ')}`);
console.log(`Tests: ${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0;
