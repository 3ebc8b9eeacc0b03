// The README runner's own tests, on a fixture README: what passes, what fails and how the failure
// reads, continue chains, skips, and markers that break the convention.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildPrograms,
  extractProgramBlocks,
  failureMessage,
  preparePrograms,
  ReadmeConventionError,
  runProgram,
} from '../src/index.js';
import type { PreparedProgram, ProgramResult } from '../src/index.js';
import { programsDir } from './describe-readme.js';

const FIXTURE = 'test/fixtures/fixture-readme.md';
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const markdown = readFileSync(path.join(packageDir, FIXTURE), 'utf8');
const fixtureLines = markdown.split('\n');

/** The 1-based line of the opening fence of the block whose code contains `text`. */
function blockLine(text: string): number {
  const index = fixtureLines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line contains ${text}`);
  for (let line = index; line >= 0; line -= 1) if (fixtureLines[line]!.startsWith('```')) return line + 1;
  throw new Error(`no fence before ${text}`);
}

describe('extracting blocks', () => {
  test('finds every program block with its language, line and marker', () => {
    const blocks = extractProgramBlocks(markdown, FIXTURE);
    expect(blocks.map((block) => [block.info, block.language, block.directive.kind])).toEqual([
      ['ts', 'ts', 'run'],
      ['ts', 'ts', 'continue'],
      ['js', 'esm', 'run'],
      ['mjs', 'esm', 'run'],
      ['cjs', 'cjs', 'run'],
      ['ts', 'ts', 'run'],
      ['ts', 'ts', 'run'],
      ['js', 'esm', 'run'],
      ['js', 'esm', 'run'],
      ['ts', 'ts', 'skip'],
    ]);
    expect(blocks[0]!.line).toBe(blockLine('const firstPage = await spartera'));
    expect(blocks.at(-1)!.directive).toEqual({
      kind: 'skip',
      reason: 'it shows the shape of a callback, not a whole program',
    });
  });

  test('a js block that calls require() runs as CommonJS; sh and json blocks are not programs', () => {
    const blocks = extractProgramBlocks(
      ['```sh', 'npm i', '```', '```json', '{}', '```', '```js', "const x = require('x');", '```'].join('\n'),
      'x.md',
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ info: 'js', language: 'cjs', line: 7, codeLine: 8 });
  });

  test.each([
    ['<!-- readme-test: skip -->\n```ts\nx\n```', 'x.md:1: a skip marker needs a reason'],
    ['<!-- readme-test: skip:   -->\n```ts\nx\n```', 'x.md:1: a skip marker needs a reason'],
    ['<!-- readme-test: later -->\n```ts\nx\n```', 'x.md:1: unknown readme-test marker "later"'],
    ['<!-- readme-test continue -->\n```ts\nx\n```', 'x.md:1: malformed readme-test marker'],
    [
      '<!-- readme-test: continue -->\nsome text\n```ts\nx\n```',
      'x.md:1: this readme-test marker is followed by text',
    ],
    [
      '<!-- readme-test: continue -->\n```sh\nx\n```',
      'x.md:1: this readme-test marker is before a "sh" block',
    ],
    ['text\n<!-- readme-test: continue -->\n', 'x.md:2: this readme-test marker is at the end of the file'],
    ['```ts\nx\n', 'x.md:1: this code block is never closed'],
  ])('%j is refused: %s', (source, message) => {
    expect(() => extractProgramBlocks(source, 'x.md')).toThrow(ReadmeConventionError);
    expect(() => extractProgramBlocks(source, 'x.md')).toThrow(message);
  });

  test('a continue marker needs a block before it that runs, in the same language', () => {
    const first = extractProgramBlocks('<!-- readme-test: continue -->\n```ts\nx\n```', 'x.md');
    expect(() => buildPrograms(first)).toThrow('x.md:2: a continue marker needs a program block before it');
    const afterSkip = extractProgramBlocks(
      '<!-- readme-test: skip: why -->\n```ts\na\n```\n<!-- readme-test: continue -->\n```ts\nb\n```',
      'x.md',
    );
    expect(() => buildPrograms(afterSkip)).toThrow('x.md:6: a continue marker needs a program block');
    const mixed = extractProgramBlocks(
      '```ts\na\n```\n<!-- readme-test: continue -->\n```cjs\nb\n```',
      'x.md',
    );
    expect(() => buildPrograms(mixed)).toThrow('x.md:5: a cjs block cannot continue the ts block at line 1');
  });
});

describe('building programs', () => {
  test('a continued block runs after the blocks it continues, every line at its README line number', () => {
    const programs = buildPrograms(extractProgramBlocks(markdown, FIXTURE));
    const second = programs[1]!;
    expect(second.chain).toEqual([blockLine('const firstPage'), blockLine('const secondPage')]);
    const lines = second.source!.split('\n');
    const secondPageLine = fixtureLines.findIndex((line) => line.includes('const secondPage'));
    expect(lines[secondPageLine]).toBe(fixtureLines[secondPageLine]);
    const firstPageLine = fixtureLines.findIndex((line) => line.includes('const firstPage'));
    expect(lines[firstPageLine]).toBe(fixtureLines[firstPageLine]);
    // The repeated import keeps only the name the first block did not import.
    const importLine = lines.find((line) => line.includes('NotFoundError') && line.startsWith('import'));
    expect(importLine).toBe('import { NotFoundError } from "@spartera/client";');
  });

  test('an import that brings a name from another module than before is refused', () => {
    const blocks = extractProgramBlocks(
      "```ts\nimport { a } from 'x';\n```\n<!-- readme-test: continue -->\n```ts\nimport { a } from 'y';\n```",
      'x.md',
    );
    expect(() => buildPrograms(blocks)).toThrow('x.md:5: "a" is imported from "y" here and from "x"');
  });
});

describe('running the fixture README', () => {
  const programs = buildPrograms(extractProgramBlocks(markdown, FIXTURE));
  const dir = programsDir(FIXTURE);
  let prepared: PreparedProgram[];
  const results = new Map<number, ProgramResult>();

  beforeAll(async () => {
    prepared = await preparePrograms(programs, dir);
  });

  async function run(text: string, timeoutMs?: number): Promise<[PreparedProgram, ProgramResult]> {
    const line = blockLine(text);
    const program = prepared.find((candidate) => candidate.line === line)!;
    const result =
      results.get(line) ?? (await runProgram(program, { dir, ...(timeoutMs ? { timeoutMs } : {}) }));
    results.set(line, result);
    return [program, result];
  }

  test('a passing block passes, against the mock the runner started for it', async () => {
    const [, result] = await run('const firstPage');
    expect(result).toMatchObject({ passed: true, exitCode: 0, problem: undefined });
    expect(result.stdout).toContain('first page 2');
  });

  test('a continue chain runs both blocks in one program', async () => {
    const [, result] = await run('const secondPage');
    expect(result.passed).toBe(true);
    expect(result.stdout).toContain('first page 2\nsecond page 2 true NotFoundError');
  });

  test('every program gets a fresh mock: a write by one block is gone for the next', async () => {
    const [, written] = await run("name: 'Fixture warehouse'");
    expect(written.stdout).toContain('created');
    const [, fresh] = await run('the mock kept data from another block');
    expect(fresh).toMatchObject({ passed: true });
    expect(fresh.stdout).toContain('fresh mock');
  });

  test('a cjs block runs as CommonJS', async () => {
    const [program, result] = await run("require('@spartera/client')");
    expect(program.entry).toMatch(/\.cjs$/);
    expect(result.stdout).toContain('cjs 1');
    expect(result.passed).toBe(true);
  });

  test('a failing block fails with the README, the line of the block and the output', async () => {
    const [program, result] = await run('this block fails on purpose');
    expect(result).toMatchObject({ passed: false, exitCode: 1, problem: 'exited with code 1' });
    const message = failureMessage(program, result);
    const fence = blockLine('this block fails on purpose');
    expect(message).toContain(`${FIXTURE}:${fence}: the ts block exited with code 1`);
    expect(message).toContain('this block fails on purpose');
    // The stack trace points into the README itself, at the throwing line.
    expect(message).toContain(`${FIXTURE}:${fence + 2}:`);
    expect(message).not.toContain('.programs');
  });

  test('a block that does not type-check fails with the compiler message at its README line', async () => {
    const [program, result] = await run("const count: number = 'not a number'");
    expect(result.passed).toBe(false);
    const fence = blockLine("const count: number = 'not a number'");
    const message = failureMessage(program, result);
    expect(message).toContain(`${FIXTURE}:${fence}: the ts block does not type-check`);
    expect(message).toContain(
      `${FIXTURE}:${fence + 1}:7 error TS2322: Type 'string' is not assignable to type 'number'.`,
    );
  });

  test('a block that exits 0 but prints an Error on stderr fails', async () => {
    const [, result] = await run("console.error(new Error('logged, not thrown'))");
    expect(result).toMatchObject({
      passed: false,
      exitCode: 0,
      problem: 'exited 0 but printed an error on stderr',
    });
    expect(result.stderr).toContain('logged, not thrown');
  });

  test('a block that does not exit within its time limit fails and is stopped', async () => {
    const [, result] = await run('setInterval(() => undefined, 1000)', 3000);
    expect(result).toMatchObject({
      passed: false,
      problem: expect.stringContaining('did not exit within 3 s'),
    });
  });

  test('a skipped block is not written or run, and keeps its reason', () => {
    const skipped = prepared.at(-1)!;
    expect(skipped).toMatchObject({
      source: undefined,
      skipReason: 'it shows the shape of a callback, not a whole program',
      typeErrors: [],
    });
  });
});
