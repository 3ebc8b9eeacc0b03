/**
 * Registers one test per program block of a README: each block runs as written against a fresh
 * spartera-mock, and a failure names the README, the block's line and what the program printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, test } from 'vitest';
import {
  buildPrograms,
  extractProgramBlocks,
  failureMessage,
  preparePrograms,
  runProgram,
} from '../src/index.js';
import type { PreparedProgram, ReadmeProgram } from '../src/index.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repositoryRoot = path.resolve(packageDir, '../..');

/** Where a README's programs are written: inside this package, so they resolve its dependencies. */
export function programsDir(readme: string): string {
  return path.join(packageDir, '.programs', readme.replace(/[^a-zA-Z0-9.-]+/g, '_'));
}

/**
 * `readme` is relative to `root` (the repository by default) and is how messages name it.
 */
export function describeReadme(readme: string, root = repositoryRoot): void {
  describe(readme, () => {
    let programs: ReadmeProgram[];
    try {
      programs = buildPrograms(extractProgramBlocks(readFileSync(path.join(root, readme), 'utf8'), readme));
    } catch (error) {
      test('follows the readme-test convention', () => {
        throw error;
      });
      return;
    }

    const dir = programsDir(readme);
    const prepared = new Map<number, PreparedProgram>();
    beforeAll(async () => {
      for (const program of await preparePrograms(programs, dir)) prepared.set(program.line, program);
    });

    for (const program of programs) {
      if (program.skipReason !== undefined) {
        console.info(`${program.title} is not run: ${program.skipReason}`);
        test.skip(`${program.title} is not run: ${program.skipReason}`, () => undefined);
        continue;
      }
      test(`${program.title} runs as written`, async () => {
        const ready = prepared.get(program.line)!;
        const result = await runProgram(ready, { dir });
        if (!result.passed) throw new Error(failureMessage(ready, result));
      });
    }
  });
}
