#!/usr/bin/env node
// Prints one closing line for the whole workspace from the vitest JSON reports of every workspace
// package (the globs of pnpm-workspace.yaml: packages/*, apps/*, tests/*, ...).
//
//   node scripts/test-summary.mjs [--suite NAME]...
//
// A suite is a package script: `test` (the default) reads `.vitest-reports/results.json`, and
// `test:NAME` reads `.vitest-reports/NAME.json`. Every package that has the script must have its
// report: a missing one counts as failed, because its tests did not run.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { suite: { type: 'string', multiple: true } } });
const suites = values.suite ?? ['test'];

/** The folders of the workspace's packages, from pnpm-workspace.yaml (`dir` and `dir/*` globs). */
async function workspacePackages() {
  const workspace = parse(await readFile(path.join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const folders = [];
  for (const pattern of workspace.packages ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      for (const entry of await readdir(path.join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory()) folders.push(`${parent}/${entry.name}`);
      }
    } else if (!pattern.includes('*')) {
      folders.push(pattern);
    } else {
      throw new Error(`test-summary: pnpm-workspace.yaml pattern ${pattern} is not supported`);
    }
  }
  return folders.filter((folder) => existsSync(path.join(root, folder, 'package.json'))).sort();
}

const reportFile = (suite) => (suite === 'test' ? 'results.json' : `${suite.replace(/^test:/, '')}.json`);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const folder of await workspacePackages()) {
  const manifest = JSON.parse(await readFile(path.join(root, folder, 'package.json'), 'utf8'));
  for (const suite of suites) {
    if (manifest.scripts?.[suite] === undefined) continue;
    const label = suite === 'test' ? folder : `${folder} (${suite})`;
    try {
      const result = JSON.parse(
        await readFile(path.join(root, folder, '.vitest-reports', reportFile(suite)), 'utf8'),
      );
      const pending = result.numPendingTests + (result.numTodoTests ?? 0);
      console.log(
        `  ${label}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${pending} skipped`,
      );
      passed += result.numPassedTests;
      failed += result.numFailedTests;
      skipped += pending;
    } catch {
      missing.push(label);
    }
  }
}
if (missing.length > 0) console.error(`no test report from: ${missing.join(', ')}`);
console.log(`Tests: ${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0;
